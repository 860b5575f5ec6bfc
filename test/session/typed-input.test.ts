// What the operator types into a running command (the `i` box) is in the record: an `input`
// event beside the command, shown in summary.md and report.html, and never a secret-looking value.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { liveShows } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = ['# Change', '', '## Steps', '', '### Step 1: Deploy', '', '```bash', '~/deploy.sh', '```', ''].join('\n');
const TOKEN = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z';

describe('input typed into a running command', () => {
  it('is recorded beside the command, masked when it answers a password prompt or looks like a token', async () => {
    const work = tempDir('fd-work-');
    writeFileSync(
      join(work, 'deploy.sh'),
      [
        '#!/usr/bin/env bash',
        'read -p "Have you obtained change approval? (yes/no): " ans',
        'read -s -p "DB password: " pw; echo',
        'read -p "Deploy key: " key',
        'echo "approval=$ans pw=${#pw} key=${#key}"',
      ].join('\n'),
      { mode: 0o755 },
    );
    const kit = await sessionFor(RUNBOOK, { shell: true, work });
    const walked = kit.engine.advance('step-1');
    // the script's own read -p prompts show in the live output (its bash reads BASH_ENV)
    await liveShows(kit.engine, 'Have you obtained change approval? (yes/no):');
    kit.engine.sendInput('yes\n');
    await liveShows(kit.engine, 'DB password:');
    kit.engine.sendInput('hunter2\n');
    await liveShows(kit.engine, 'Deploy key:');
    kit.engine.sendInput(`${TOKEN}\n`);
    await walked;
    expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('passed');

    const inputs = kit.events().filter((e) => e.type === 'input').map((e) => e.data);
    expect(inputs).toEqual([
      { stepId: 'step-1', commandId: expect.any(String), text: 'yes' },
      { stepId: 'step-1', commandId: expect.any(String), text: '[masked]', masked: true },
      { stepId: 'step-1', commandId: expect.any(String), text: '[masked]', masked: true },
    ]);
    expect(kit.engine.snapshot().state.steps['step-1']?.runs[0]?.inputs).toEqual(['yes', '[masked]', '[masked]']);
    const audit = readFileSync(kit.paths.audit, 'utf8');
    expect(audit).not.toContain('hunter2');
    expect(audit).not.toContain(TOKEN);

    await kit.engine.finish('completed');
    const pack = await exportSession(kit.engine.sessionId, { env: kit.env, out: join(tempDir('fd-pack-'), 'pack') });
    const md = readFileSync(join(pack.path, 'summary.md'), 'utf8');
    expect(md).toContain('typed into `~/deploy.sh`: yes');
    expect(md).toContain('typed into `~/deploy.sh`: [masked]');
    expect(readFileSync(join(pack.path, 'report.html'), 'utf8')).toContain('typed into <code>~/deploy.sh</code>: yes');
    for (const f of readdirSync(pack.path, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) expect(readFileSync(join(f.parentPath, f.name), 'latin1'), f.name).not.toContain('hunter2');
    }
  });
});
