// The session index shared by several flightdecks: concurrent sessions keep every row
// whole, and a damaged index is rebuilt from the session folders (built CLI).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';

/** A rehearsal of many command steps: every cmd.start is fsynced and updates the index. */
function busyRunbook(dir: string): string {
  const steps = Array.from({ length: 40 }, (_, i) => `## Step ${i + 1}\n\n\`\`\`bash\necho step ${i + 1}\n\`\`\`\n`);
  const file = join(dir, 'busy.md');
  writeFileSync(file, `# Busy\n\n${steps.join('\n')}`);
  return file;
}

interface Row {
  id: string;
  runbook?: string;
  mode?: string;
  started?: string;
  status?: string;
}

describe('session index', () => {
  it('4 concurrent runs in one home: the index keeps 4 whole rows and `sessions` lists them', async () => {
    const home = tempHome();
    const runbook = busyRunbook(home);
    const env = { FLIGHTDECK_HOME: home };
    for (let round = 1; round <= 2; round++) {
      const runs = await Promise.all(Array.from({ length: 4 }, () => runCli(['rehearse', runbook, '--non-interactive'], { env, timeoutMs: 60_000 })));
      for (const r of runs) {
        // a run that starts while another of these is still open says so and starts its own session
        const other = r.stderr.split('\n').filter((l) => l !== '' && !/^flightdeck: unfinished rehearsal \S+ left as it is; starting a new one$/.test(l));
        expect([r.code, other]).toEqual([0, []]);
      }
      // the file itself, as written: whole JSON with whole rows
      const stored = JSON.parse(readFileSync(join(home, 'index.json'), 'utf8')) as { sessions: Row[] };
      expect(stored.sessions).toHaveLength(4 * round);
      for (const row of stored.sessions) {
        expect(row).toMatchObject({ runbook, mode: 'rehearsal', status: 'completed' });
        expect(row.started).toMatch(/^\d{4}-/);
      }
      const list = await runCli(['sessions'], { env });
      expect([list.code, list.stderr]).toEqual([0, '']);
      expect(list.stdout.trim().split('\n')).toHaveLength(1 + 4 * round);
    }
  }, 240_000);

  it('a truncated index is rebuilt from the session folders, and `sessions` says so', async () => {
    const home = tempHome();
    const runbook = busyRunbook(home);
    const env = { FLIGHTDECK_HOME: home };
    const first = await runCli(['rehearse', runbook, '--non-interactive'], { env });
    expect(first.code).toBe(0);
    const id = /session (\S+) completed/.exec(first.stdout)?.[1];
    const whole = readFileSync(join(home, 'index.json'), 'utf8');
    writeFileSync(join(home, 'index.json'), whole.slice(0, whole.length / 2));
    const list = await runCli(['sessions', '--json'], { env });
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/session index was damaged \(not valid JSON: cut short or edited\); rebuilt it from the session folders/);
    const rows = JSON.parse(list.stdout) as Row[];
    expect(rows).toEqual([expect.objectContaining({ id, runbook, mode: 'rehearsal', status: 'completed' })]);
    // rebuilt once: the next listing is quiet
    const again = await runCli(['sessions'], { env });
    expect([again.code, again.stderr]).toEqual([0, '']);
  });

  it('a row that lost its runbook and start (as a lost write left it) is made whole again', async () => {
    const home = tempHome();
    const runbook = busyRunbook(home);
    const env = { FLIGHTDECK_HOME: home };
    const first = await runCli(['rehearse', runbook, '--non-interactive'], { env });
    const id = /session (\S+) completed/.exec(first.stdout)?.[1] ?? '';
    writeFileSync(join(home, 'index.json'), JSON.stringify({ sessions: [{ id, chainHead: 'x', seq: 3, updated: 'now' }] }));
    const list = await runCli(['sessions'], { env });
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/1 incomplete row/);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('REHEARSAL');
  });
});
