import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';
import { parseAuditLog } from '../../src/session/audit-read.js';

const FIXTURE = join(ROOT, 'test', 'headless', 'fixtures', 'small.md');
// the walk needs the parser's loadRunbook (src/runbook/load.ts) and the wired walk command
const hasLoader =
  existsSync(join(ROOT, 'src', 'runbook', 'load.ts')) &&
  readFileSync(join(ROOT, 'src', 'commands', 'walk.ts'), 'utf8').includes('runHeadless');

describe('sessions', () => {
  it('lists nothing in a fresh home', async () => {
    const home = tempHome();
    const r = await runCli(['sessions', '--json'], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const t = await runCli(['sessions'], { env: { FLIGHTDECK_HOME: home } });
    expect(t.stdout).toContain('No sessions yet');
  });
});

describe.skipIf(!hasLoader)('run/rehearse --non-interactive (built CLI)', () => {
  it('a rehearsal walks every step and exits 0; the session is listed, ended and verifiable', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const r = await runCli(['rehearse', FIXTURE, '--non-interactive', '--set', 'ENVIRONMENT=staging'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/would run/);
    expect(r.stdout).toMatch(/completed \(rehearsal, nothing was executed\)/);
    const list = await runCli(['sessions', '--json'], { env });
    const rows = JSON.parse(list.stdout) as { id: string; mode: string; status: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ mode: 'rehearsal', status: 'completed' });
    const log = parseAuditLog(readFileSync(join(home, 'sessions', rows[0]?.id ?? '', 'audit.jsonl')));
    expect(log.fault).toBeUndefined();
    expect(log.ended).toBe(true);
    expect(readFileSync(join(home, 'sessions', rows[0]?.id ?? '', 'runbook.md')).equals(readFileSync(FIXTURE))).toBe(true);
  });

  it('a real run stops with exit 4 at the first box a person must tick, and run again refuses to start over it', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const r = await runCli(['run', FIXTURE, '--non-interactive'], { env });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/needs a person: a checklist item to do and tick by hand/);
    const id = /flightdeck resume (\S+)/.exec(r.stdout)?.[1];
    expect(id).toBeTruthy();
    const again = await runCli(['run', FIXTURE, '--non-interactive'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`unfinished session ${id}`);
    const rows = JSON.parse((await runCli(['sessions', '--json'], { env })).stdout) as unknown[];
    expect(rows).toHaveLength(1);
  });

  it('rejects a malformed --set and a missing runbook with exit 2 and one line', async () => {
    const bad = await runCli(['rehearse', FIXTURE, '--non-interactive', '--set', 'oops']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--set oops is not NAME=value/);
    const missing = await runCli(['run', 'nope.md', '--non-interactive']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/runbook not found: nope.md; check the path/);
  });

  it('resume --non-interactive continues the newest unfinished session', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    await runCli(['run', FIXTURE, '--non-interactive'], { env });
    const r = await runCli(['resume', '--non-interactive'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/resuming session/);
  });
});
