// A health check that fails, in a real terminal (issue 14): the dialog shows the script's own
// failure line, not only "exit code 0 (got exit 1)"; skipped, the step keeps its output on
// screen when revisited.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { quitAndConfirm } from './drive.js';

const FAILURE_LINE = 'HEALTH FAIL: /ready answered 503 (ledger-db unreachable)';

const RUNBOOK = `# Ledger health

## Checks

### Step 1: Run the health check

\`\`\`bash
./ledger-health.sh
\`\`\`

### Step 2: Tell the channel

- [ ] Posted the result
`;

describe.skipIf(!HAS_TMUX)('a failing health check in tmux', () => {
  const tmux = useTmux();

  it("shows the script's failure line in the dialog, and the output stays with the step", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-health-'));
    const script = join(dir, 'ledger-health.sh');
    writeFileSync(script, `#!/bin/sh\necho "checking /live: ok"\necho "checking /ready"\necho "${FAILURE_LINE}"\nexit 1\n`);
    chmodSync(script, 0o755);
    writeFileSync(join(dir, 'runbook.md'), RUNBOOK);
    const t = tmux.startCli(['run', 'runbook.md'], { cols: 100, rows: 30, cwd: dir, env: { PAGER: 'less' } });
    await t.waitFor('0/2 steps done');
    t.keys('Enter');
    const dialog = await t.waitFor('Check failed');
    await t.waitFor(FAILURE_LINE);
    expect(dialog).toContain('exit code 0');
    const screen = t.capture();
    // inside the dialog's frame, under the failure
    const row = screen.split('\n').find((l) => l.includes(FAILURE_LINE)) ?? '';
    expect(row).toMatch(new RegExp(`│ ${FAILURE_LINE.replace(/[()/]/g, '\\$&')}\\s*│`));

    t.keys('Down', 'Down', 'Enter');
    await t.waitFor('Reason ›');
    t.type('ledger-db failover in progress\r');
    await t.waitFor('1/2 steps done');
    t.keys('Up');
    await t.waitFor(/Output[\s\S]*HEALTH FAIL: \/ready answered 503/);
    expect(t.capture()).toContain('o full output');

    // o: the pager has the terminal (the whole spool, nothing of the app), q gives it back redrawn
    t.type('o');
    await t.waitFor(/^checking \/live: ok/m);
    expect(t.capture()).not.toContain('steps done');
    // Ctrl-C inside the pager is the pager's, not a stop of flightdeck (the terminal sends both the SIGINT)
    t.keys('C-c');
    t.type('q');
    const back = await t.waitFor('back from the pager');
    // the whole screen is drawn again: header, step list, output pane, keys
    expect(back).toContain('1/2 steps done');
    expect(back).toContain('2. Step 2: Tell the channel');
    expect(back).toContain(FAILURE_LINE);
    expect(back).toContain('q quit');
    expect(await quitAndConfirm(t)).toBe(0);
  });
});
