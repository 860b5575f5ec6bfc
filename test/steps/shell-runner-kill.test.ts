// Cancel, timeout and quit against commands built to survive them: SIGINT and SIGTERM
// ignored, grandchildren holding the output pipes, a setsid child in its own session.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cgroupsHere } from './proc-scan.js';
import { bench, block, pidAlive, type Bench } from './runner-helpers.js';
import { screenFeed, type Screen } from '../kit/screen.js';

const CGROUPS = cgroupsHere();
if (!CGROUPS) console.warn('shell-runner-kill.test: no cgroup can be made here; the cgroup cases are skipped');

let b: Bench;
beforeEach(() => {
  b = bench({ graceMs: 150 });
});
afterEach(async () => {
  await b.cleanup();
});

/** Starts three stubborn processes, writes their pids to a file, then waits forever. */
function stubborn(pidFile: string): string {
  return [
    "trap '' INT TERM",
    "(trap '' INT TERM; sleep 300; echo late) &",
    'echo $! > ' + pidFile + '.1',
    "setsid bash -c 'trap \"\" INT TERM HUP; sleep 300' &",
    'echo $! > ' + pidFile + '.2',
    "( setsid bash -c 'trap \"\" INT TERM HUP; echo $$ > " + pidFile + ".3; exec sleep 300' & )",
    'echo $$ > ' + pidFile + '.0',
    'echo started',
    'while true; do sleep 1; done',
  ].join('\n');
}

function readPids(pidFile: string): number[] {
  return [0, 1, 2, 3].map((k) => Number(readFileSync(`${pidFile}.${k}`, 'utf8').trim()));
}

async function startedAndPids(screen: Screen, pidFile: string): Promise<number[]> {
  await expect.poll(() => screen.lines().join('\n'), { timeout: 3000 }).toContain('started');
  await expect.poll(() => {
    try {
      return readPids(pidFile).every((p) => p > 0);
    } catch {
      return false;
    }
  }, { timeout: 3000 }).toBe(true);
  return readPids(pidFile);
}

describe('stopping a command', () => {
  it('cancel ends a SIGTERM-ignoring command, its grandchildren and setsid children', async () => {
    const pidFile = join(b.dir, 'pids');
    const screen = screenFeed();
    const run = b.runner.start({ command: block(stubborn(pidFile)), env: b.env, cwd: b.dir, onText: screen.onText });
    const pids = await startedAndPids(screen, pidFile);
    expect(pids.every(pidAlive)).toBe(true);
    const r = await run.cancel();
    expect(r.outcome).toBe('cancelled');
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGKILL');
    for (const pid of pids) expect(pidAlive(pid), `pid ${pid} still alive`).toBe(false);
    expect(r.output).toContain('started');
  });

  it('an aborted signal cancels like Ctrl-C; a command that honours SIGINT stops at the first signal', async () => {
    const ac = new AbortController();
    const screen = screenFeed();
    const run = b.runner.start({ command: block('echo waiting; sleep 300'), env: b.env, cwd: b.dir, signal: ac.signal, onText: screen.onText });
    await expect.poll(() => screen.lines().join(''), { timeout: 3000 }).toContain('waiting');
    ac.abort();
    const r = await run.done;
    expect(r.outcome).toBe('cancelled');
    expect(r.signal).toBe('SIGINT');
    expect(pidAlive(run.pid)).toBe(false);
  });

  it('a timeout does the same to a stubborn command', async () => {
    const pidFile = join(b.dir, 'pids');
    const screen = screenFeed();
    const run = b.runner.start({ command: block(stubborn(pidFile), { timeoutMs: 600 }), env: b.env, cwd: b.dir, onText: screen.onText });
    const pids = await startedAndPids(screen, pidFile);
    const r = await run.done;
    expect(r.outcome).toBe('timed-out');
    for (const pid of pids) expect(pidAlive(pid), `pid ${pid} still alive`).toBe(false);
  });

  it('a finished block whose background child holds the pipes does not hang the step', async () => {
    const r = await b.runner.run(block('sleep 300 &\necho $! > bg.pid\necho done'), b.env, b.dir);
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('done\n');
    const bg = Number(readFileSync(join(b.dir, 'bg.pid'), 'utf8'));
    // Background jobs outlive their block, as in a terminal, until flightdeck quits.
    expect(pidAlive(bg)).toBe(true);
    await b.runner.killAll(100);
    expect(pidAlive(bg)).toBe(false);
  });

  it('killAll on quit leaves no process of a running stubborn command', async () => {
    const pidFile = join(b.dir, 'pids');
    const screen = screenFeed();
    const run = b.runner.start({ command: block(stubborn(pidFile)), env: b.env, cwd: b.dir, onText: screen.onText });
    const pids = await startedAndPids(screen, pidFile);
    expect(b.runner.running).toBe(true);
    await b.runner.killAll(100);
    for (const pid of pids) expect(pidAlive(pid), `pid ${pid} still alive`).toBe(false);
    expect((await run.done).outcome).toBe('cancelled');
    expect(b.runner.running).toBe(false);
  });

  it.skipIf(!CGROUPS)('a daemon that left the group and cleared its environment, from a subshell already gone, is ended with its block (cgroup)', async () => {
    const code = ['( setsid env -i sleep 302 & echo $! > daemon.pid )', 'echo started', 'sleep 300'].join('\n');
    const screen = screenFeed();
    const run = b.runner.start({ command: block(code), env: b.env, cwd: b.dir, onText: screen.onText });
    await expect.poll(() => screen.lines().join('\n'), { timeout: 3000 }).toContain('started');
    const daemon = Number(readFileSync(join(b.dir, 'daemon.pid'), 'utf8'));
    expect(pidAlive(daemon)).toBe(true);
    expect(b.runner.processes()).toContain(daemon);
    await run.cancel();
    expect(pidAlive(daemon)).toBe(false);
  });

  it.skipIf(!CGROUPS)('quit ends such a daemon left behind by a block that finished', async () => {
    const r = await b.runner.run(block('( setsid env -i sleep 303 & echo $! > daemon.pid )'), b.env, b.dir);
    expect(r.exitCode).toBe(0);
    const daemon = Number(readFileSync(join(b.dir, 'daemon.pid'), 'utf8'));
    expect(pidAlive(daemon)).toBe(true);
    await b.runner.killAll(100);
    expect(pidAlive(daemon)).toBe(false);
  });
});

describe('stopping a command without a cgroup', () => {
  let nb: Bench;
  beforeEach(() => {
    nb = bench({ graceMs: 150, cgroup: false });
  });
  afterEach(async () => {
    await nb.cleanup();
  });

  it('ancestry tracking finds a `setsid env -i` daemon while its shell lives, and cancel ends it', async () => {
    const code = ['setsid env -i sleep 304 &', 'echo $! > daemon.pid', 'echo started', 'sleep 300'].join('\n');
    const screen = screenFeed();
    const run = nb.runner.start({ command: block(code), env: nb.env, cwd: nb.dir, onText: screen.onText });
    await expect.poll(() => screen.lines().join('\n'), { timeout: 3000 }).toContain('started');
    const daemon = Number(readFileSync(join(nb.dir, 'daemon.pid'), 'utf8'));
    await expect.poll(() => nb.runner.processes(), { timeout: 3000 }).toContain(daemon);
    await run.cancel();
    expect(pidAlive(daemon)).toBe(false);
  });
});
