// Headless: `resume --non-interactive` says on stderr what came back of the session's shell.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'fd-shell-headless-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const RUNBOOK = `# Headless shell resume

## Steps

### Step 1: Prepare

\`\`\`bash
cd ${work} && export TAG=v2
\`\`\`

### Step 2: Look at the dashboard

- [ ] The dashboard is green
`;

describe('headless resume and the session shell', () => {
  it('prints what came back of the shell when a headless run is resumed', async () => {
    const file = join(work, 'rb.md');
    writeFileSync(file, RUNBOOK);
    const env = { FLIGHTDECK_HOME: tempHome() };
    const first = await runCli(['run', file, '--non-interactive'], { env });
    expect(first.code).toBe(4);
    const id = /flightdeck resume (\S+)/.exec(first.stdout)?.[1] ?? '';
    const again = await runCli(['resume', id, '--non-interactive'], { env });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(`flightdeck: shell state restored: cwd ${work}, 1 variable\n`);
  });
});
