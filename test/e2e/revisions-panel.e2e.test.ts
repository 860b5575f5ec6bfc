// The revisions panel in a real terminal: a simulated rehearsal of a runbook naming its
// container app through parameters; r opens the panel over the simulated app, which the
// rehearsed traffic step moves; r closes it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = [
  '# Kiosk rollout',
  '',
  '## Ship',
  '',
  '### Step 1: Make revision v2',
  '',
  '```bash',
  'az containerapp revision copy -n ${KIOSK_APP} -g ${RESOURCE_GROUP} --image registry.example/kiosk:2 --revision-suffix v2',
  '```',
  '',
  '### Step 2: A quarter to v2',
  '',
  '```traffic',
  'app: ${KIOSK_APP}',
  'resource-group: ${RESOURCE_GROUP}',
  'weights: "kiosk--sim0=75 kiosk--v2=25"',
  '```',
  '',
].join('\n');

describe.skipIf(!HAS_TMUX)('revisions panel (tmux)', () => {
  const tmux = useTmux();

  it('r shows the simulated app, refreshed as the rehearsal moves its traffic', async () => {
    const file = join(tempDir('fd-kiosk-'), 'kiosk.md');
    writeFileSync(file, RUNBOOK);
    const t = tmux.startCli(['rehearse', '--simulate', file, '--set', 'KIOSK_APP=kiosk', '--set', 'RESOURCE_GROUP=rg-kiosk'], { cols: 170, rows: 30 });
    await t.waitFor('r revisions', { timeoutMs: 15_000 });
    t.keys('r');
    await t.waitFor(/kiosk--sim0 \*\s+active\s+100%/);
    expect(t.capture()).toContain('Revisions of kiosk in rg-kiosk (simulated)');
    t.keys('r');
    await t.waitFor('○ pending · 1 command');
    t.keys('Enter');
    await t.waitFor('1/2 steps done');
    t.keys('Enter');
    await t.waitFor('2/2 steps done');
    t.keys('r');
    await t.waitFor(/kiosk--v2 \*\s+active\s+25%/);
    expect(t.capture()).toMatch(/kiosk--sim0\s+active\s+75%/);
  });
});
