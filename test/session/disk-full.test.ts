// A full disk is the operator's problem to fix, not a bug: exit 2 with the path and the
// command that continues, the running command stopped, nothing started after the failure,
// no half-made session folder left, and the log still verifies. On a small tmpfs, so the
// tests need root to mount one; otherwise they are skipped and say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { parseAuditLog } from '../../src/session/audit-read.js';

const root = process.getuid?.() === 0;
if (!root) process.stderr.write('disk-full tests SKIPPED: they mount a small tmpfs and need root\n');

let mnt = '';

/** Writes a file until the disk refuses (the filesystem is then full). */
function fill(dir: string): string {
  const file = join(dir, `filler-${Date.now()}`);
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 0x61);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return file;
}

function freshHome(): string {
  const home = mkdtempSync(join(mnt, 'home-'));
  return home;
}

describe.skipIf(!root)('disk full (tmpfs, built CLI)', () => {
  beforeAll(() => {
    mnt = mkdtempSync(join(tmpdir(), 'fd-tmpfs-'));
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]);
    if (r.status !== 0) throw new Error(`mount failed: ${r.stderr.toString()}`);
  });
  afterAll(() => {
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('a command whose output fills the disk is stopped; exit 2 says where and how to continue; the next step never starts; resume works once space is freed', async () => {
    const home = freshHome();
    const book = join(home, 'big.md');
    writeFileSync(book, '# Big\n\n## Print without end\n\n```bash\necho starting\nyes "a line that fills the disk"\n```\n\n## Next\n\n```bash\necho next\n```\n');
    const env = { FLIGHTDECK_HOME: home };
    const r = await runCli(['run', book, '--non-interactive'], { env, timeoutMs: 60_000 });
    const id = readdirSync(join(home, 'sessions'))[0] ?? '';
    expect(r.signal).toBeNull(); // it ended by itself: the endless command was stopped
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`flightdeck: no space left on ${join(home, 'sessions', id, 'outputs', 'step-1-cmd-1-1.log')}; free space and \`flightdeck resume ${id}\``);
    const log = parseAuditLog(readFileSync(join(home, 'sessions', id, 'audit.jsonl')));
    expect(log.fault).toBeUndefined();
    expect(log.tornTailBytes).toBe(0);
    expect(log.events.filter((e) => e.type === 'step.start').map((e) => e.data.stepId)).toEqual(['step-1']);
    expect(readdirSync(join(home, 'sessions', id)).filter((f) => f.includes('lock'))).toEqual([]);
    // free the space: the session resumes (a person says what became of the stopped command)
    rmSync(join(home, 'sessions', id, 'outputs', 'step-1-cmd-1-1.log'));
    const again = await runCli(['resume', id, '--non-interactive'], { env });
    expect(again.code).toBe(4);
    expect(again.stdout).toMatch(/was running when the session ended/);
  }, 90_000);

  it('a new session on a full disk: exit 2 with a next step, and no session folder, runbook copy or lock left behind', async () => {
    const home = freshHome();
    const book = join(home, 'small.md');
    writeFileSync(book, '# Small\n\n## Say hello\n\n```bash\necho hello\n```\n');
    mkdirSync(join(home, 'sessions'));
    const filler = fill(mnt);
    try {
      const r = await runCli(['run', book, '--non-interactive'], { env: { FLIGHTDECK_HOME: home } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^flightdeck: no space left on \S+; free space and try again\n$/);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(readdirSync(join(home, 'sessions'))).toEqual([]);
    } finally {
      rmSync(filler);
    }
    expect(existsSync(join(home, 'index.json'))).toBe(false);
  }, 60_000);
});
