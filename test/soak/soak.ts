// The crash soak of issue 10, run by hand (not in CI): `npx tsx test/soak/soak.ts [minutes]`.
// A 100-step session is walked in a real tmux pane through the built CLI; at a random
// moment flightdeck gets kill -9, SIGTERM or SIGHUP (the tmux server killed under it), and
// the session is resumed ("run it again" for an interrupted command). After every kill:
// the log verifies (intact or incomplete, never TAMPERED), and within 5 s no process of the
// command is left. At the end: every session verifies, no process is left, and no secret
// (a parameter and a storage key made at run time) is anywhere under FLIGHTDECK_HOME.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flightdeck.js');
const minutes = Number(process.argv[2] ?? 30);
const work = mkdtempSync(join(tmpdir(), 'fd-soak-'));
const home = join(work, 'home');
const TOKEN = `soak-${createHash('sha256').update(work).digest('hex').slice(0, 24)}`;
const SEED = createHash('sha256').update(`${work}-key`).digest('hex').slice(0, 16);
const STORAGE_KEY = createHash('sha512').update(`soak${SEED}`).digest('base64');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether a process is still running (not gone, not a zombie); it may exit while /proc is read. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

function runbook(): string {
  const parts = ['# Soak runbook\n', '<!-- flightdeck: param API_TOKEN secret -->\n'];
  for (let n = 1; n <= 100; n++) {
    const body =
      n % 10 === 0
        ? `AK=$(printf '%s' "soak${SEED}" | sha512sum | cut -c1-128 | xxd -r -p | base64 -w0)\necho "AccountKey=$AK" | wc -c\n(setsid env -i sleep 3017 &) ; sleep 3; pkill -f 'sleep 3017' || true\n`
        : n % 3 === 0
          ? `echo "step ${n} with $API_TOKEN"\nsleep 2\necho "step ${n} done"\n`
          : `echo "step ${n}"\nsleep 0.$((RANDOM % 5))\n`;
    parts.push(`### Step ${n}: soak step ${n}\n\n\`\`\`bash\n${body}\`\`\`\n`);
  }
  return parts.join('\n');
}

const rb = join(work, 'soak.md');
writeFileSync(rb, runbook());

class Pane {
  readonly socket = join(work, `sock-${Math.random().toString(36).slice(2)}`);
  constructor(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, FLIGHTDECK_HOME: home, CI: "false", TERM: "xterm-256color", API_TOKEN: TOKEN };
    delete env.TMUX;
    const r = spawnSync('tmux', ['-S', this.socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', '100', '-y', '30', '-c', work, '--', process.execPath, BIN, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux: ${r.stderr}`);
    spawnSync('tmux', ['-S', this.socket, 'set', '-g', 'remain-on-exit', 'on']);
  }
  tmux(...a: string[]): string {
    return spawnSync('tmux', ['-S', this.socket, ...a], { encoding: 'utf8' }).stdout ?? '';
  }
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }
  keys(...k: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...k);
  }
  nodePid(): number | undefined {
    const pane = Number(this.tmux('display', '-p', '-t', 'main', '#{pane_pid}').trim());
    return pane > 0 && existsSync(`/proc/${pane}`) ? pane : undefined;
  }
  dead(): boolean {
    return this.tmux('display', '-p', '-t', 'main', '#{pane_dead}').trim() === '1';
  }
  killServer(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
  }
}

/** pids of processes that still carry the runner's marker or are the soak's daemon. */
function leftovers(): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (cmd.includes('sleep\u00003017') || (env.includes('FLIGHTDECK_RUN=') && env.includes(home))) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function cli(args: string[]): { code: number; out: string; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, FLIGHTDECK_HOME: home }, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`.trim(), stdout: r.stdout };
}

function sessionIds(): string[] {
  const dir = join(home, 'sessions');
  return existsSync(dir) ? readdirSync(dir) : [];
}

const stats = { lives: 0, kill9: 0, term: 0, hup: 0, completed: 0, stepsRun: 0, leftoverAfter5s: 0, tampered: 0, lockLeft: 0 };
const failures: string[] = [];

async function drive(pane: Pane, until: number): Promise<'completed' | 'killed-time'> {
  let last = '';
  while (Date.now() < until) {
    const s = pane.screen();
    if (pane.dead()) return 'completed';
    const progress = /(\d+)\/(\d+) steps done/.exec(s);
    if (s.includes('Interrupted while running')) {
      const focused = s.split('\n').find((l) => l.includes('❯'));
      if (focused?.includes('run it again')) pane.keys('Enter');
      else pane.keys('Down');
    } else if (progress && progress[1] === progress[2]) {
      pane.keys('Enter');
    } else if (s.includes('╭') && !s.includes('Quit now?')) {
      pane.keys('Enter');
    } else if (s !== last && !/running/.test(s.split('\n').find((l) => l.startsWith('▸')) ?? '')) {
      pane.keys('Enter');
      stats.stepsRun++;
    }
    last = s;
    await sleep(150);
  }
  return 'killed-time';
}

async function life(args: string[]): Promise<void> {
  stats.lives++;
  const pane = new Pane(args);
  const lifetime = 1500 + Math.random() * 8000;
  const outcome = await drive(pane, Date.now() + lifetime);
  if (outcome === 'completed') {
    stats.completed++;
    pane.killServer();
    return;
  }
  const pid = pane.nodePid();
  const kind = (['kill9', 'term', 'hup'] as const)[Math.floor(Math.random() * 3)] ?? 'kill9';
  stats[kind]++;
  if (kind === 'hup') pane.killServer();
  else if (pid) process.kill(pid, kind === 'kill9' ? 'SIGKILL' : 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (pid && running(pid) && Date.now() < deadline) await sleep(50);
  await sleep(5000);
  const left = leftovers();
  if (left.length > 0) {
    stats.leftoverAfter5s++;
    failures.push(`${kind}: processes left 5 s later: ${left.join(', ')}`);
    for (const p of left) process.kill(p, 'SIGKILL');
  }
  pane.killServer();
  for (const id of sessionIds()) {
    const v = cli(['verify', join(home, 'sessions', id, 'audit.jsonl')]);
    if (v.code === 3 || v.code === 2) {
      stats.tampered++;
      failures.push(`${kind}: verify ${id} exit ${v.code}: ${v.out}`);
    }
    if (kind !== 'kill9' && readdirSync(join(home, 'sessions', id)).some((f) => /^lock(?:\.\d+)?$/.test(f))) {
      stats.lockLeft++;
      failures.push(`${kind}: lock left in ${id}`);
    }
  }
}

function unfinished(): string | undefined {
  const r = cli(['sessions', '--json']);
  const rows = JSON.parse(r.stdout || '[]') as { id: string; status: string }[];
  return rows.find((row) => row.status !== 'completed' && row.status !== 'aborted')?.id;
}

function secretsOnDisk(): string[] {
  const hits: string[] = [];
  const pieces = [TOKEN, STORAGE_KEY.slice(0, 16), STORAGE_KEY.slice(40, 56)];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, 'latin1');
        for (const piece of pieces) if (text.includes(piece)) hits.push(`${p}: ${piece.slice(0, 4)}…`);
      }
    }
  };
  walk(home);
  return hits;
}

const end = Date.now() + minutes * 60_000;
const started = Date.now();
while (Date.now() < end) {
  const id = unfinished();
  await life(id ? ['resume', id] : ['run', rb]);
  process.stdout.write(`\r${Math.round((Date.now() - started) / 1000)} s ${JSON.stringify(stats)}`);
}
const finalLeft = leftovers();
const secrets = secretsOnDisk();
const verdicts = sessionIds().map((id) => cli(['verify', join(home, 'sessions', id, 'audit.jsonl')]).code);
console.log(`\n${JSON.stringify({ minutes, sessions: verdicts.length, verifyExitCodes: verdicts, ...stats, processesLeft: finalLeft.length, secretsOnDisk: secrets.length })}`);
for (const f of [...failures, ...secrets]) console.log(`FAIL ${f}`);
process.exitCode = failures.length + secrets.length + finalLeft.length > 0 || verdicts.some((c) => c === 3) ? 1 : 0;
