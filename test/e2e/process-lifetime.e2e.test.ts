// No command outlives flightdeck, as an operator (or a CI runner) would find out: kill -9
// of a headless run, SIGTERM of one (a CI cancel), SIGHUP of the TUI (tmux kill-session);
// a command that is still running when the session is resumed is named with its pid; a
// block stopped at its time limit says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { pidsWithMarker, survivors } from '../steps/proc-scan.js';
import { pidAlive } from '../steps/runner-helpers.js';
import { onlySessionId, sessionLog } from './drive.js';

const work = mkdtempSync(join(tmpdir(), 'fd-lifetime-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A runbook whose one block leaves a stubborn child and a `setsid env -i` daemon, writes their pids, then waits. */
function stubbornRunbook(): { file: string; dir: string } {
  const dir = join(work, `rb-${++n}`);
  rmSync(dir, { recursive: true, force: true });
  const file = join(work, `rb-${n}.md`);
  writeFileSync(
    file,
    [
      '# Hold on',
      '',
      '## Steps',
      '',
      '### Step 1: Hold on',
      '',
      '```bash',
      `mkdir -p ${dir} && cd ${dir}`,
      'printenv FLIGHTDECK_RUN > marker',
      "(trap '' INT TERM; exec sleep 300) &",
      'p1=$!',
      'setsid env -i sleep 301 &',
      'p2=$!',
      'echo $$ $p1 $p2 > pids.tmp && mv pids.tmp pids',
      'echo started',
      'while true; do sleep 1; done',
      '```',
      '',
    ].join('\n'),
  );
  return { file, dir };
}

async function until<T>(get: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The block's pids (shell, stubborn child, daemon) and marker, once it has written them. */
async function blockStarted(dir: string): Promise<{ pids: number[]; marker: string }> {
  const pids = await until(() => {
    try {
      return readFileSync(join(dir, 'pids'), 'utf8').trim().split(/\s+/).map(Number);
    } catch {
      return undefined;
    }
  }, 'the block to start');
  const marker = readFileSync(join(dir, 'marker'), 'utf8').trim();
  expect(pids.every(pidAlive)).toBe(true);
  return { pids, marker };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function headless(args: string[], home: string): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args, '--non-interactive'], {
    env: { ...process.env, FLIGHTDECK_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exit };
}

/** Whether the session folder holds a lock (`lock`, or a generation `lock.N`: src/session/lock.ts). */
function locked(home: string, id: string): boolean {
  return readdirSync(join(home, 'sessions', id)).some((f) => /^lock(?:\.\d+)?$/.test(f));
}

function watchdogOf(marker: string): number | undefined {
  const prefix = marker.slice(0, marker.indexOf('-') + 1);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv.includes('flightdeck-watchdog') && argv.includes(prefix)) return Number(d);
    } catch {
      // Gone.
    }
  }
  return undefined;
}

/** The pid of the flightdeck walking `file`. */
function flightdeckRunning(file: string): number {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv[1] === BIN && argv.includes(file)) return Number(d);
    } catch {
      // Gone.
    }
  }
  throw new Error(`no flightdeck walking ${file}`);
}

describe('a command never outlives flightdeck (headless)', () => {
  it('kill -9 of a headless run: no process of the command is left within 5 s', async () => {
    const { file, dir } = stubbornRunbook();
    const run = headless(['run', file], tempHome());
    const { pids, marker } = await blockStarted(dir);
    run.child.kill('SIGKILL');
    expect(await survivors(pids, marker, 5000)).toEqual([]);
  });

  it('SIGTERM (a CI cancel): the command is ended, the log says so and records the suspend, the lock is released, exit 130', async () => {
    const home = tempHome();
    const { file, dir } = stubbornRunbook();
    const run = headless(['run', file], home);
    const { pids, marker } = await blockStarted(dir);
    const id = onlySessionId(home);
    expect(locked(home, id)).toBe(true);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(130);
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(pidsWithMarker(marker)).toEqual([]);
    expect(locked(home, id)).toBe(false);
    const notes = sessionLog(home, id).filter((e) => e.type === 'note').map((e) => e.data);
    expect(notes).toContainEqual(expect.objectContaining({ text: expect.stringContaining('got SIGTERM') as unknown }));
    expect(notes.at(-1)).toMatchObject({ kind: 'suspend' });
    expect(run.out()).toContain(`resume with: flightdeck resume ${id}`);
  });

  it('SIGTERM of a long headless rehearsal that runs nothing is handled between steps: exit 130, suspended, never "completed"', async () => {
    const home = tempHome();
    const file = join(work, 'long-rehearsal.md');
    const steps = Array.from({ length: 3000 }, (_, i) => `### Step ${i + 1}: Deploy shard ${i + 1}\n\n\`\`\`bash\necho "deploy shard ${i + 1}"\n\`\`\`\n`);
    writeFileSync(file, ['# Many shards', '', '## Steps', '', ...steps].join('\n'));
    const run = headless(['rehearse', file], home);
    await until(() => (run.out().includes('[20/3000]') ? true : undefined), 'twenty rehearsed steps');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(130);
    expect(run.out()).not.toContain('completed');
    const id = onlySessionId(home);
    expect(locked(home, id)).toBe(false);
    const log = sessionLog(home, id);
    expect(log.filter((e) => e.type === 'step.end').length).toBeLessThan(3000);
    expect(log.at(-1)?.data).toMatchObject({ kind: 'suspend' });
  });

  it('a block stopped at its time limit is reported as timed out, and recorded so', async () => {
    const home = tempHome();
    const file = join(work, 'timeout.md');
    writeFileSync(file, ['# Slow', '', '## Steps', '', '### Step 1: Wait', '', '```bash {timeout=1s}', 'sleep 30', '```', ''].join('\n'));
    const run = headless(['run', file], home);
    expect(await run.exit).toBe(1);
    expect(run.out()).toContain('timed out after 1s');
    expect(run.out()).not.toContain('killed by');
    const exit = sessionLog(home, onlySessionId(home)).find((e) => e.type === 'cmd.exit');
    expect(exit?.data).toMatchObject({ timedOut: true, timeoutMs: 1000 });
  });
});

describe.skipIf(!HAS_TMUX)('a command never outlives flightdeck (TUI in tmux)', () => {
  const tmux = useTmux();

  it('SIGHUP (tmux kill-session): the command is ended, the suspend recorded, the lock released', async () => {
    const { file, dir } = stubbornRunbook();
    const t = tmux.startCli(['run', file]);
    await t.waitFor('0/1 steps done');
    t.keys('Enter');
    const { pids, marker } = await blockStarted(dir);
    const id = onlySessionId(t.home);
    t.tmux('kill-session', '-t', 'main');
    expect(await survivors(pids, marker, 8000)).toEqual([]);
    await until(() => (locked(t.home, id) ? undefined : true), 'the lock to be released', 15_000);
    const notes = sessionLog(t.home, id).filter((e) => e.type === 'note').map((e) => e.data);
    expect(notes).toContainEqual(expect.objectContaining({ text: expect.stringContaining('got SIGHUP') as unknown }));
    expect(notes.at(-1)).toMatchObject({ kind: 'suspend' });
  });

  it('SIGTERM of the TUI: the command is ended, the screen restored with the resume line, exit 130', async () => {
    const { file, dir } = stubbornRunbook();
    const t = tmux.startCli(['run', file]);
    await t.waitFor('0/1 steps done');
    t.keys('Enter');
    const { pids, marker } = await blockStarted(dir);
    const id = onlySessionId(t.home);
    process.kill(flightdeckRunning(file), 'SIGTERM');
    expect(await t.waitForExit(20_000)).toBe(130);
    expect(t.capture({ joinWrapped: true })).toContain(`flightdeck: got SIGTERM; session ${id} suspended; resume with: flightdeck resume ${id}`);
    expect(await survivors(pids, marker, 0)).toEqual([]);
    expect(locked(t.home, id)).toBe(false);
  });

  it('resume names a command still running from before with its pid; "end it" ends it', async () => {
    const { file, dir } = stubbornRunbook();
    const home = tempHome();
    const run = headless(['run', file], home);
    const { pids, marker } = await blockStarted(dir);
    // flightdeck and its watchdog both killed outright: the shell dies with flightdeck, its children live on
    const watchdog = await until(() => watchdogOf(marker), 'the watchdog');
    process.kill(watchdog, 'SIGKILL');
    run.child.kill('SIGKILL');
    await run.exit;
    const left = await until(() => {
      const alive = pids.filter(pidAlive);
      return pidAlive(pids[0] ?? 0) ? undefined : alive;
    }, 'the shell to die with flightdeck');
    expect(left).toContain(pids[1]);
    const id = onlySessionId(home);
    const t = tmux.startCli(['resume', id], { home });
    const screen = await t.waitFor(/still running: pid \d+/);
    const named = Number(/still running: pid (\d+)/.exec(screen)?.[1]);
    expect(left).toContain(named);
    t.keys('Enter');
    // ended: the usual question follows (did it finish, run it again, skip)
    expect(await t.waitFor('it finished: mark done')).not.toMatch(/still running/);
    expect(pids.slice(1).filter(pidAlive)).toEqual([]);
    expect(pidsWithMarker(marker)).toEqual([]);
    const recovery = sessionLog(home, id).find((e) => e.type === 'recovery' && e.data.reason === 'still-running');
    expect(recovery?.data).toMatchObject({ action: 'end', pid: named, ended: true });
  });
});
