// A tmux server for the benchmarks, driven through ONE control-mode client (`tmux -C`):
// each capture-pane is a line written to a pipe instead of a new tmux process, so the
// screen can be polled every few milliseconds without loading the machine being measured.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nowMs, sleep } from './stats.js';

export const HAS_TMUX = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

const CONFIG = `set -g default-terminal xterm-256color
set -g default-shell /bin/sh
set -g status off
set -g escape-time 0
set -g history-limit 2000
set -g remain-on-exit on
`;

interface Pending {
  resolve(lines: string[]): void;
  reject(err: Error): void;
}

/** Quotes one argument for the tmux command parser (which expands $ and ~ unquoted). */
export function tmuxQuote(s: string): string {
  return `"${s.replace(/[\\"$]/g, (m) => `\\${m}`)}"`;
}

/** Quotes one argument for sh. */
export function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

export class TmuxControl {
  private readonly pending: Pending[] = [];
  private block: string[] | undefined;
  private buffered = '';
  private closed = false;

  private constructor(
    readonly socket: string,
    readonly dir: string,
    private readonly client: ChildProcessWithoutNullStreams,
  ) {
    client.stdout.setEncoding('utf8').on('data', (d: string) => this.onData(d));
    client.on('exit', () => {
      for (const p of this.pending.splice(0)) p.reject(new Error('tmux control client exited'));
    });
  }

  /**
   * Starts a private tmux server with one idle pane of the given size. Panes idle in
   * `sleep 900`, so a server left behind by a killed bench ends by itself.
   */
  static async start(opts: { cols: number; rows: number; cwd: string; env: NodeJS.ProcessEnv }): Promise<TmuxControl> {
    const dir = mkdtempSync(join(tmpdir(), 'fd-bench-tmux-'));
    const socket = join(dir, 'sock');
    writeFileSync(join(dir, 'tmux.conf'), CONFIG);
    const { TMUX: _t, TMUX_PANE: _p, ...env } = opts.env;
    const r = spawnSync(
      'tmux',
      ['-S', socket, '-f', join(dir, 'tmux.conf'), 'new-session', '-d', '-s', 'main',
        '-x', String(opts.cols), '-y', String(opts.rows), '-c', opts.cwd, 'exec sleep 900'],
      { env, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
    const client = spawn('tmux', ['-S', socket, '-C', 'attach-session', '-t', 'main'], { env });
    const ctl = new TmuxControl(socket, dir, client);
    // attach-session itself answers with one %begin/%end block
    await new Promise<string[]>((resolve, reject) => ctl.pending.push({ resolve, reject }));
    await ctl.command('refresh-client -f no-output');
    // pin the window size: a control client must not change what the pane sees
    await ctl.command(`resize-window -t main -x ${opts.cols} -y ${opts.rows}`);
    return ctl;
  }

  /** Sends one tmux command line; resolves with its output lines. */
  command(line: string): Promise<string[]> {
    if (this.closed) return Promise.reject(new Error('tmux control client is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.client.stdin.write(line + '\n');
    });
  }

  async capture(): Promise<string> {
    return (await this.command('capture-pane -p -t main')).join('\n');
  }

  /** Replaces whatever runs in the pane with `shellCommand` (run by /bin/sh -c). */
  async respawn(shellCommand: string, env: Record<string, string> = {}): Promise<void> {
    const envArgs = Object.entries(env).map(([k, v]) => `-e ${tmuxQuote(`${k}=${v}`)}`);
    await this.command(`respawn-pane -k -t main ${envArgs.join(' ')} ${tmuxQuote(shellCommand)}`);
    await this.command('clear-history -t main');
  }

  async sendKeys(...keys: string[]): Promise<void> {
    await this.command(`send-keys -t main ${keys.map(tmuxQuote).join(' ')}`);
  }

  async panePid(): Promise<number> {
    return Number((await this.command("display-message -p -t main '#{pane_pid}'"))[0]);
  }

  /** Pids of the direct children of the pane's process (Linux /proc). */
  async paneChildren(): Promise<number[]> {
    const pid = await this.panePid();
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /**
   * Polls the screen every `intervalMs` until `done(screen)`; returns the time from
   * `startMs` to the first poll that saw it, or undefined on timeout.
   */
  async pollUntil(
    done: (screen: string) => boolean,
    startMs: number,
    opts: { intervalMs: number; timeoutMs: number },
  ): Promise<{ ms: number | undefined; screen: string }> {
    for (;;) {
      const screen = await this.capture();
      const t = nowMs();
      if (done(screen)) return { ms: t - startMs, screen };
      if (t - startMs > opts.timeoutMs) return { ms: undefined, screen };
      await sleep(opts.intervalMs);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.stdin.end();
    this.client.kill();
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private onData(data: string): void {
    this.buffered += data;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl).replace(/\r$/, '');
      this.buffered = this.buffered.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (this.block === undefined) {
      if (line.startsWith('%begin ')) this.block = [];
      return; // notifications (%session-changed, ...) between blocks
    }
    if (line.startsWith('%end ') || line.startsWith('%error ')) {
      const lines = this.block;
      this.block = undefined;
      const p = this.pending.shift();
      if (!p) return;
      if (line.startsWith('%error ')) p.reject(new Error(`tmux: ${lines.join(' ')}`));
      else p.resolve(lines);
      return;
    }
    this.block.push(line);
  }
}
