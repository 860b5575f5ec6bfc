// Drives a command inside a REAL tmux session for end-to-end tests: a private server
// (its socket in a temp dir, `tmux -S`, so nothing is left behind), a fixed-size window,
// send-keys and capture-pane.
//
// The command runs under a small sh wrapper that records its exit status in a file and
// then keeps the pane alive for ten minutes (long enough for any test; short enough that
// a server orphaned by a killed test run goes away by itself). Without it tmux 3.3 drops the last output of a command that
// exits quickly (the pane dies before its pty is drained), and a dead pane has no screen.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { BIN } from './cli.js';

export const HAS_TMUX = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

export interface TmuxStartOptions {
  /** Window size; 100x30 unless given. */
  cols?: number;
  rows?: number;
  cwd?: string;
  /** Extra environment for the command (on top of the defaults below). */
  env?: Record<string, string>;
  /** FLIGHTDECK_HOME for the command; a fresh temp dir (removed on kill) unless given. */
  home?: string;
}

export interface CaptureOptions {
  /** Keep colour and attribute escapes (capture-pane -e). */
  escapes?: boolean;
  /** Include the scrollback history, not only the visible screen. */
  history?: boolean;
  /** Join lines the terminal wrapped (capture-pane -J). */
  joinWrapped?: boolean;
}

export interface WaitOptions extends CaptureOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

const WRAPPER = `#!/bin/sh
# Let a Ctrl-C reach the command without ending this wrapper (handlers reset on exec).
trap : INT
"$@"
echo $? > "$FD_TMUX_EXIT_FILE"
exec sleep 600
`;

const CONFIG = `set -g default-terminal xterm-256color
set -g status off
set -g history-limit 50000
set -g escape-time 0
`;

export class TmuxSession {
  readonly socket: string;
  readonly dir: string;
  readonly home: string;
  private readonly exitFile: string;
  private readonly ownsHome: boolean;
  private alive = true;

  private constructor(socket: string, dir: string, home: string, ownsHome: boolean) {
    this.socket = socket;
    this.dir = dir;
    this.home = home;
    this.ownsHome = ownsHome;
    this.exitFile = join(dir, 'exit-status');
  }

  /** Starts `argv` (run directly, no shell) in a new detached tmux session. */
  static start(argv: string[], opts: TmuxStartOptions = {}): TmuxSession {
    const dir = mkdtempSync(join(tmpdir(), 'fd-tmux-'));
    const home = opts.home ?? mkdtempSync(join(tmpdir(), 'fd-home-'));
    const socket = join(dir, 'sock');
    const session = new TmuxSession(socket, dir, home, opts.home === undefined);
    writeFileSync(join(dir, 'wrapper.sh'), WRAPPER, { mode: 0o755 });
    writeFileSync(join(dir, 'tmux.conf'), CONFIG);

    // The tmux server is started by this call, so it (and the pane) inherit this env.
    const { TMUX: _tmux, TMUX_PANE: _pane, NO_COLOR: _noColor, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      FLIGHTDECK_HOME: home,
      CI: 'false',
      TERM: 'xterm-256color',
      ...opts.env,
      FD_TMUX_EXIT_FILE: session.exitFile,
    };
    const r = spawnSync(
      'tmux',
      [
        '-S', socket, '-f', join(dir, 'tmux.conf'),
        'new-session', '-d', '-s', 'main',
        '-x', String(opts.cols ?? 100), '-y', String(opts.rows ?? 30),
        '-c', opts.cwd ?? dir,
        '--', join(dir, 'wrapper.sh'), ...argv,
      ],
      { env, encoding: 'utf8' },
    );
    if (r.status !== 0) {
      session.kill();
      throw new Error(`tmux new-session failed: ${r.stderr}`);
    }
    return session;
  }

  /** Starts the built CLI: `node bin/flightdeck.js ...args`. */
  static startCli(args: string[], opts: TmuxStartOptions = {}): TmuxSession {
    return TmuxSession.start([process.execPath, BIN, ...args], opts);
  }

  /** Runs one tmux command against this server and returns its stdout. */
  tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr.trim()}`);
    return r.stdout;
  }

  /** Types text literally (no key-name lookup), e.g. a parameter value or a reason. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', '--', text);
  }

  /** Sends named keys: 'Enter', 'Up', 'Down', 'Escape', 'C-c', 'q', 'Space', 'BSpace', ... */
  keys(...names: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...names);
  }

  capture(opts: CaptureOptions = {}): string {
    const args = ['capture-pane', '-p', '-t', 'main'];
    if (opts.escapes) args.push('-e');
    if (opts.history) args.push('-S', '-');
    if (opts.joinWrapped) args.push('-J');
    return this.tmux(...args);
  }

  /** Polls the screen until it matches (a text, a pattern or a test of the screen); throws with the last screen when it never does. */
  async waitFor(pattern: string | RegExp | ((screen: string) => boolean), opts: WaitOptions = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const screen = this.capture(opts);
      if (typeof pattern === 'string' ? screen.includes(pattern) : typeof pattern === 'function' ? pattern(screen) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(pattern)}; the screen was:\n${screen}`);
      }
      await sleep(opts.intervalMs ?? 25);
    }
  }

  /** The command's exit status, or undefined while it still runs. */
  exitCode(): number | undefined {
    if (!existsSync(this.exitFile)) return undefined;
    const text = readFileSync(this.exitFile, 'utf8').trim();
    return text === '' ? undefined : Number(text);
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const code = this.exitCode();
      if (code !== undefined) return code;
      if (Date.now() > deadline) {
        throw new Error(`the command did not exit within ${timeoutMs} ms; the screen was:\n${this.capture()}`);
      }
      await sleep(25);
    }
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(cols), '-y', String(rows));
  }

  size(): { cols: number; rows: number } {
    const [cols, rows] = this.tmux('display-message', '-p', '-t', 'main', '#{pane_width} #{pane_height}')
      .trim()
      .split(' ')
      .map(Number);
    return { cols: cols ?? 0, rows: rows ?? 0 };
  }

  /** Kills the tmux server (and with it the command) and removes the temp dirs. Idempotent. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    const panes = spawnSync('tmux', ['-S', this.socket, 'list-panes', '-a', '-F', '#{pane_pid}'], { encoding: 'utf8' });
    const procs = withDescendants((panes.stdout ?? '').split('\n').map(Number).filter((pid) => pid > 0));
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { stdio: 'ignore' });
    // a hung-up flightdeck still writes its suspend event and the index on its way out
    waitGone(procs, 10_000);
    const gone = { recursive: true, force: true, maxRetries: 5, retryDelay: 50 };
    rmSync(this.dir, gone);
    if (this.ownsHome) rmSync(this.home, gone);
  }
}

/**
 * Call inside a describe(): returns a starter whose sessions are all killed after each
 * test, pass or fail.
 */
export function useTmux(): { start: typeof TmuxSession.start; startCli: typeof TmuxSession.startCli } {
  const sessions: TmuxSession[] = [];
  afterEach(() => {
    for (const s of sessions.splice(0)) s.kill();
  });
  return {
    start: (argv, opts) => track(sessions, TmuxSession.start(argv, opts)),
    startCli: (args, opts) => track(sessions, TmuxSession.startCli(args, opts)),
  };
}

function track(list: TmuxSession[], s: TmuxSession): TmuxSession {
  list.push(s);
  return s;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The processes and every process under them, now. */
function withDescendants(roots: number[]): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const m = /^\d+ \(.*\) \S (\d+)/.exec(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (m?.[1]) parent.set(Number(name), Number(m[1]));
    } catch {
      // gone while listing
    }
  }
  const all = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (all.has(ppid) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** Blocks until every process is gone (a zombie counts as gone), or the time is up. */
function waitGone(pids: number[], timeoutMs: number): void {
  const tick = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  const alive = (pid: number): boolean => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  while (pids.some(alive) && Date.now() < deadline) Atomics.wait(tick, 0, 0, 20);
}
