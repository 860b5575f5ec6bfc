// Many `flightdeck resume <id>` processes at once over one session: exactly one may open it,
// whether the lock was left by a dead process (kill -9) or is held by a live one, and the
// log always verifies. Real CLI processes; the winner holds the session (its command waits
// for a file to go) until every other one has given up, so a later sequential win cannot
// hide a double open. FLIGHTDECK_LOCK_ROUNDS=50 for the full run by hand.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, tempHome, type CliResult } from '../helpers/cli.js';
import { verifyTarget } from '../../src/evidence/verify.js';

const RUNBOOK = join(ROOT, 'test', 'session', 'fixtures', 'hold.md');
const ROUNDS = Number(process.env.FLIGHTDECK_LOCK_ROUNDS ?? 3);
const RACERS = 20;

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/** A session stopped before its one command (no HOLD_FILE given): id and folder. */
async function stoppedSession(home: string): Promise<{ id: string; dir: string }> {
  const r = await runCli(['run', RUNBOOK, '--non-interactive'], { env: { FLIGHTDECK_HOME: home } });
  expect(r.stdout).toMatch(/missing parameter HOLD_FILE/);
  expect(r.code).toBe(4);
  const id = /flightdeck resume (\S+)/.exec(r.stdout)?.[1] ?? '';
  return { id, dir: join(home, 'sessions', id) };
}

function lockFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('lock') || f.startsWith('.lock'));
}

async function race(home: string, id: string, hold: string): Promise<CliResult[]> {
  const env = { FLIGHTDECK_HOME: home, HOLD_FILE: hold };
  const racers = Array.from({ length: RACERS }, () => runCli(['resume', id, '--non-interactive'], { env, timeoutMs: 120_000 }));
  // the losers give up on their own; the winner waits on the hold file
  const settled: CliResult[] = [];
  const pending = new Set(racers);
  for (const p of racers) void p.then((r) => { settled.push(r); pending.delete(p); });
  while (settled.length < RACERS - 1) await Promise.race(pending);
  rmSync(hold, { force: true });
  return Promise.all(racers);
}

describe('lock stress: 20 resumes of one session at once (built CLI)', () => {
  it(`over a stale lock exactly one opens it and the log verifies (${ROUNDS} rounds)`, async () => {
    const home = tempHome();
    for (let round = 0; round < ROUNDS; round++) {
      const { id, dir } = await stoppedSession(home);
      // a lock left by kill -9: the old single file in even rounds, a later generation in odd ones
      const stale = round % 2 === 0 ? 'lock' : 'lock.3';
      writeFileSync(join(dir, stale), JSON.stringify({ pid: deadPid(), host: hostname(), since: 'yesterday' }));
      const hold = join(home, `hold-${round}`);
      writeFileSync(hold, '');
      const results = await race(home, id, hold);
      const winners = results.filter((r) => r.code !== 2);
      const losers = results.filter((r) => r.code === 2);
      expect(winners.map((w) => [w.code, w.stdout, w.stderr])).toHaveLength(1);
      expect(winners[0]?.code).toBe(0);
      expect(winners[0]?.stdout).toMatch(/completed/);
      for (const l of losers) expect(l.stderr).toMatch(/already open in another flightdeck|could not lock session/);
      const verdict = await verifyTarget(join(dir, 'audit.jsonl'), { env: { FLIGHTDECK_HOME: home } });
      expect(verdict.verdict, verdict.message).toBe('intact');
      const text = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
      expect(text.match(/"reason":"stale-lock"/g)).toHaveLength(1);
      expect(lockFiles(dir)).toEqual([]);
    }
  }, ROUNDS * 60_000);

  it('over a live lock nobody opens it and the log is untouched', async () => {
    const home = tempHome();
    const { id, dir } = await stoppedSession(home);
    writeFileSync(join(dir, 'lock.1'), JSON.stringify({ pid: process.pid, host: hostname(), since: 'now' }));
    const before = readFileSync(join(dir, 'audit.jsonl'));
    const env = { FLIGHTDECK_HOME: home, HOLD_FILE: join(home, 'none') };
    const results = await Promise.all(Array.from({ length: RACERS }, () => runCli(['resume', id, '--non-interactive'], { env, timeoutMs: 120_000 })));
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`already open in another flightdeck (pid ${process.pid}`);
    }
    expect(readFileSync(join(dir, 'audit.jsonl')).equals(before)).toBe(true);
    expect(lockFiles(dir)).toEqual(['lock.1']);
  }, 600_000);
});
