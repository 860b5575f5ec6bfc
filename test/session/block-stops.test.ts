// A block whose `cd` fails does not end "passed" because its last command exited 0: the block
// stops at the failed command (the deploy after it never runs), the step's checks name it,
// the operator gets the failure dialog, and the record and the pack say where it stopped.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { answer } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = [
  '# APEX infra deploy',
  '',
  '## Steps',
  '',
  '### Step 1: Deploy the infrastructure',
  '',
  '```bash',
  'cd /home/someone/MyProjects/APEX/infra',
  '~/deploy.sh',
  '```',
  '',
].join('\n');

describe('a block whose first command fails', () => {
  it('stops there, fails the step naming the command, and records where it stopped', async () => {
    const work = tempDir('fd-work-');
    // a deploy script that is there to run: it must not, from the wrong directory
    writeFileSync(join(work, 'deploy.sh'), '#!/bin/bash\necho deploying\ntouch "$HOME/deployed"\n', { mode: 0o755 });
    const kit = await sessionFor(RUNBOOK, { shell: true, work });
    const walked = kit.engine.advance('step-1');
    const asked = await answer(kit.engine, 'check-failed', { action: 'skip', reason: 'wrong checkout path' });
    await walked;
    expect(asked.failures).toContain('every command of the block succeeded (got `cd /home/someone/MyProjects/APEX/infra` exit 1 (line 1))');
    expect(asked.output).toContain('No such file or directory');
    expect(existsSync(join(work, 'deployed'))).toBe(false);

    const exit = kit.events().find((e) => e.type === 'cmd.exit');
    expect(exit?.data).toMatchObject({ exitCode: 1, failed: { exitCode: 1, line: 1, command: 'cd /home/someone/MyProjects/APEX/infra' } });
    const run = kit.engine.snapshot().state.steps['step-1']?.runs[0];
    expect(run?.failed?.line).toBe(1);
    expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('skipped');

    await kit.engine.finish('aborted');
    const pack = await exportSession(kit.engine.sessionId, { env: kit.env, out: join(tempDir('fd-pack-'), 'pack') });
    const md = readFileSync(join(pack.path, 'summary.md'), 'utf8');
    expect(md).toContain('stopped at `cd /home/someone/MyProjects/APEX/infra` exit 1 (line 1)');
    expect(readFileSync(join(pack.path, 'report.html'), 'utf8')).toContain('stopped at `cd /home/someone/MyProjects/APEX/infra` exit 1 (line 1)');
  });
});
