// pwsh/powershell blocks: shown and done by hand when pwsh is not on PATH (Enter records it
// as done by hand, s skips with a reason), run for real when it is (a stand-in pwsh here).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/session/engine.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';
import { auditLines } from './helpers.js';

const SOURCE = `# PowerShell steps

## Steps

### Step 1: Check the app pool

\`\`\`pwsh
echo "pwsh says hi"
echo "pwsh warns" >&2
\`\`\`

### Step 2: Restart the app pool

\`\`\`powershell
echo "restarted"
\`\`\`
`;

/** A stand-in for pwsh: runs the -File it is given with bash (the blocks above are valid in both). */
const FAKE_PWSH = `#!/bin/bash
while [ $# -gt 0 ]; do [ "$1" = -File ] && exec bash "$2"; shift; done
echo "fake pwsh: no -File" >&2
exit 2
`;

async function session(path: string): Promise<{ engine: Engine; env: NodeJS.ProcessEnv }> {
  const { engine, env } = await sessionFor(SOURCE, { shell: true, shellPath: path });
  return { engine, env };
}

describe('pwsh and powershell blocks', () => {
  it('without pwsh on PATH: not runnable here; Enter records the block as done by hand, s skips with the reason', async () => {
    const { engine, env } = await session('/usr/bin:/bin');
    const [check, restart] = engine.runbook.steps;
    expect(check!.commands[0]!.lang).toBe('pwsh');
    expect(engine.runsHere(check!.commands[0]!)).toBe(false);
    expect(engine.runsHere(restart!.commands[0]!)).toBe(false);

    await engine.advance(check!.id);
    await engine.skip(restart!.id, 'pool restarted by the on-call DBA');
    const st = engine.snapshot().state;
    expect(st.steps[check!.id]?.status).toBe('passed');
    expect(st.steps[check!.id]?.runs.map((r) => r.status)).toEqual(['confirmed']);
    expect(st.steps[restart!.id]).toMatchObject({ status: 'skipped', reason: 'pool restarted by the on-call DBA' });
    const log = auditLines(engine, env);
    expect(log.filter((e) => e.type === 'cmd.exit').map((e) => e.data['execution'])).toEqual(['manual']);
    expect(log.find((e) => e.type === 'deviation')?.data).toMatchObject({ kind: 'skip', stepId: restart!.id });
    expect(log.some((e) => e.type === 'output')).toBe(false);
    await engine.suspend();
  });

  it('with pwsh on PATH: the block runs and its output, stderr included, is spooled in order', async () => {
    const bin = tempDir('fd-bin-');
    writeFileSync(join(bin, 'pwsh'), FAKE_PWSH);
    chmodSync(join(bin, 'pwsh'), 0o755);
    const { engine, env } = await session(`${bin}:/usr/bin:/bin`);
    const [check, restart] = engine.runbook.steps;
    expect(engine.runsHere(check!.commands[0]!)).toBe(true);
    await engine.advance(check!.id);
    await engine.advance(restart!.id);
    const st = engine.snapshot().state;
    expect(st.steps[check!.id]?.runs[0]).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(st.steps[restart!.id]?.status).toBe('passed');
    const log = auditLines(engine, env);
    expect(log.filter((e) => e.type === 'cmd.start').map((e) => e.data['execution'])).toEqual(['run', 'run']);
    const outputs = log.filter((e) => e.type === 'output').map((e) => String(e.data['file']));
    const home = String(env.FLIGHTDECK_HOME);
    const spool = (file: string) => readFileSync(join(home, 'sessions', engine.sessionId, 'outputs', file), 'utf8');
    expect(spool(outputs[0]!)).toBe('pwsh says hi\npwsh warns\n');
    expect(spool(outputs[1]!)).toBe('restarted\n');
    await engine.suspend();
  });
});
