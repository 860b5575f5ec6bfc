// A rollback to its end in a real terminal (issue 12): the built CLI in tmux, a fake `az`
// recording its calls. "Rollback triggers? Yes" walks the rollback; at its end the session
// asks (ending highlighted) instead of going on to "Shift 100% traffic"; Enter ends it, the
// screen closes with "rolled back", exit 1, and `sessions` and summary.md say so.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeTools } from '../kit/temp.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { onlySessionId, sessionLog } from './drive.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'e2e', 'rollback-end.md');

const bin = useFakeTools({ az: 'echo "az $*" >> "$FAKE_CALLS"\necho \'{"properties":{"provisioningState":"Succeeded"}}\'\n' }, 'fd-rollback-tools-');

describe.skipIf(!HAS_TMUX)('a rollback walked to its end, in tmux', () => {
  const tmux = useTmux();

  it('asks instead of shifting 100% traffic; Enter ends the session rolled back', async () => {
    const callsFile = join(mkdtempSync(join(tmpdir(), 'fd-rollback-calls-')), 'calls');
    const t = tmux.startCli(['run', FIXTURE], { cols: 110, rows: 34, env: { PATH: `${bin()}:${process.env.PATH ?? ''}`, FAKE_CALLS: callsFile } });
    await t.waitFor('0/3 steps done');
    t.keys('Enter'); // the rollout: a change, run on Enter
    await t.waitFor('1/3 steps done');
    t.keys('Enter');
    await t.waitFor('❯ No → continue');
    t.keys('Down', 'Enter');
    await t.waitFor('Note (optional)');
    t.keys('Enter');
    await t.waitFor(/▸○ 4\. Step R1/);
    t.keys('Enter');
    await t.waitFor('Type ROLLBACK to run it');
    t.type('ROLLBACK');
    t.keys('Enter');
    await t.waitFor(/▸○ 5\. Step R2/);
    t.keys('Enter');
    const question = await t.waitFor('Rollback Procedure was walked to its end');
    // ending is the highlighted answer; going on names the step it would go on at
    expect(question).toMatch(/❯ ?End the session \(rolled back\)/);
    expect(question).toContain('Return to the main path at 3. Step 3: Shift 100% traffic');
    t.keys('Enter');
    await t.waitFor('Note (optional)');
    t.keys('Enter');
    expect(await t.waitForExit()).toBe(1);
    expect(t.capture()).toMatch(/session \S+ rolled back \(4 passed, 1 pending\)/);

    expect(readFileSync(callsFile, 'utf8').trim().split('\n')).toEqual([
      'az containerapp update --name payments --resource-group rg-pay --image payments:43',
      'az containerapp ingress traffic set --name payments --resource-group rg-pay --revision-weight payments--v42=100',
    ]);
    const id = onlySessionId(t.home);
    expect(sessionLog(t.home, id).at(-1)).toMatchObject({ type: 'session.end', data: { outcome: 'rolled-back' } });
    const env = { FLIGHTDECK_HOME: t.home };
    const listed = await runCli(['sessions'], { env });
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+run\\s+rolled-back`));
    const out = join(t.home, 'pack');
    expect((await runCli(['export', id, '--out', out], { env })).code).toBe(0);
    expect(existsSync(join(out, 'summary.md')) && readFileSync(join(out, 'summary.md'), 'utf8')).toContain('**ROLLED BACK**');
  });
});
