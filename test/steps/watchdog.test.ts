// kill -9 of the process that runs a block: the watchdog ends the block's processes within
// 5 s, the shell, a SIGTERM-ignoring child and a daemon that left the group and cleared
// its environment (`setsid env -i sleep`), with a cgroup and, without one, by the pids
// ancestry tracking saw.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { cgroupsHere, survivors } from './proc-scan.js';
import { pidAlive } from './runner-helpers.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'procs', 'hold-block.ts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CGROUPS = cgroupsHere();
if (!CGROUPS) console.warn('watchdog.test: no cgroup can be made here; the cgroup case is skipped');

const BLOCK = [
  'echo $FLIGHTDECK_RUN > marker',
  "(trap '' INT TERM; exec sleep 300) &",
  'p1=$!',
  'setsid env -i sleep 301 &',
  'p2=$!',
  'echo $$ $p1 $p2 > pids',
  'while true; do sleep 1; done',
].join('\n');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function holdAndKill(cgroup: boolean): Promise<{ pids: number[]; marker: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-watchdog-'));
  dirs.push(dir);
  const child = spawn(TSX, [FIXTURE, dir, cgroup ? 'cgroup' : 'no-cgroup', BLOCK], { stdio: ['ignore', 'pipe', 'inherit'] });
  const holder = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the fixture exited (${code}) before it was ready`)));
  });
  const pids = readFileSync(join(dir, 'pids'), 'utf8').trim().split(/\s+/).map(Number);
  const marker = readFileSync(join(dir, 'marker'), 'utf8').trim();
  expect(pids.every(pidAlive)).toBe(true);
  // tsx may run the fixture in a child node: kill -9 the process that spawned the block
  process.kill(holder, 'SIGKILL');
  child.kill('SIGKILL');
  return { pids, marker };
}

describe('kill -9 of flightdeck', () => {
  it.skipIf(!CGROUPS)('the watchdog ends the block through its cgroup within 5 s', async () => {
    const { pids, marker } = await holdAndKill(true);
    expect(await survivors(pids, marker, 5000)).toEqual([]);
  });

  it('without a cgroup, the watchdog ends what ancestry tracking saw, env -i daemon included, within 5 s', async () => {
    const { pids, marker } = await holdAndKill(false);
    expect(await survivors(pids, marker, 5000)).toEqual([]);
  });
});
