// PowerShell blocks in a real terminal: without pwsh on PATH the block is marked not
// runnable here, Enter records it as done by hand and s skips it with a reason; with a
// (stand-in) pwsh on PATH the same runbook runs it and its output is spooled.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { onlySessionId, quitAndConfirm, sessionLog } from './drive.js';

const work = mkdtempSync(join(tmpdir(), 'fd-pwsh-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RUNBOOK = `# PowerShell steps

## Steps

### Step 1: Check the app pool

\`\`\`pwsh
echo "pwsh says hi"
\`\`\`

### Step 2: Restart the app pool

\`\`\`powershell
echo "restarted"
\`\`\`
`;

/** A stand-in for pwsh: runs the -File it is given with bash (the blocks above are valid in both). */
const FAKE_PWSH = '#!/bin/bash\nwhile [ $# -gt 0 ]; do [ "$1" = -File ] && exec bash "$2"; shift; done\nexit 2\n';

/** PATH without any pwsh on it. */
const PATH_WITHOUT_PWSH = (process.env.PATH ?? '/usr/bin:/bin')
  .split(':')
  .filter((d) => {
    try {
      return !readdirSync(d).includes('pwsh');
    } catch {
      return false;
    }
  })
  .join(':');

describe.skipIf(!HAS_TMUX)('pwsh blocks (tmux)', () => {
  const tmux = useTmux();
  const file = join(work, 'pwsh.md');
  writeFileSync(file, RUNBOOK);

  it('without pwsh: marked not runnable here; Enter records it done by hand, s skips with a reason', async () => {
    const t = tmux.startCli(['run', file], { cwd: work, env: { PATH: PATH_WITHOUT_PWSH } });
    await t.waitFor('pwsh · not runnable here · ⏎ done by hand · s skip');
    t.keys('Enter');
    await t.waitFor('1/2 steps done');
    await t.waitFor('powershell · not runnable here');
    t.type('s');
    await t.waitFor('Reason ›');
    t.type('restarted by the DBA');
    t.keys('Enter');
    await t.waitFor('2/2 steps done');
    expect(await quitAndConfirm(t)).toBe(0);
    const log = sessionLog(t.home, onlySessionId(t.home));
    expect(log.filter((e) => e.type === 'cmd.exit').map((e) => e.data.execution)).toEqual(['manual']);
    expect(log.find((e) => e.type === 'deviation')?.data).toMatchObject({ kind: 'skip', reason: 'restarted by the DBA' });
  });

  it('with pwsh on PATH: the block runs and its output is spooled', async () => {
    const bin = mkdtempSync(join(work, 'bin-'));
    writeFileSync(join(bin, 'pwsh'), FAKE_PWSH);
    chmodSync(join(bin, 'pwsh'), 0o755);
    const t = tmux.startCli(['run', file], { cwd: work, env: { PATH: `${bin}:${PATH_WITHOUT_PWSH}` } });
    await t.waitFor('1. Step 1: Check the app pool');
    expect(t.capture()).not.toContain('not runnable here');
    t.keys('Enter');
    await t.waitFor('1/2 steps done');
    const id = onlySessionId(t.home);
    const outputs = join(t.home, 'sessions', id, 'outputs');
    const spool = readdirSync(outputs).find((f) => f.startsWith('step-1-'));
    expect(readFileSync(join(outputs, spool ?? 'missing'), 'utf8')).toBe('pwsh says hi\n');
    expect(await quitAndConfirm(t)).toBe(0);
    expect(sessionLog(t.home, id).filter((e) => e.type === 'cmd.start').map((e) => e.data.execution)).toEqual(['run']);
  });
});
