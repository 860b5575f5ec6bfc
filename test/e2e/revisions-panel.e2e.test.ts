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

/** A canary block as runbooks write them: a new revision, then traffic shifted in phases. */
const CANARY = [
  '# Shop canary',
  '',
  '## Ship',
  '',
  '### Canary',
  '',
  '```bash',
  'az containerapp revision copy --name ${SHOP_APP} --resource-group ${RESOURCE_GROUP} --image registry.example/shop:2 --revision-suffix v2',
  'az containerapp ingress traffic set --name ${SHOP_APP} --resource-group ${RESOURCE_GROUP} --revision-weight shop--sim0=90 shop--v2=10',
  'az containerapp ingress traffic set --name ${SHOP_APP} --resource-group ${RESOURCE_GROUP} --revision-weight shop--sim0=50 shop--v2=50',
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

  it('a simulated rehearsal says who Azure calls would be made as, and shows each traffic shift before / after, checked against what was asked', async () => {
    const file = join(tempDir('fd-shop-'), 'shop.md');
    writeFileSync(file, CANARY);
    const t = tmux.startCli(['rehearse', '--simulate', file, '--set', 'SHOP_APP=shop', '--set', 'RESOURCE_GROUP=rg-shop'], { cols: 220, rows: 40 });
    const first = await t.waitFor('r revisions', { timeoutMs: 15_000 });
    expect(first).toContain('Azure: simulated (not signed in)');
    t.keys('Enter');
    // the detail pane's rows joined: a long note wraps in the pane
    const screen = (await t.waitFor('1/1 steps done'))
      .split('\n')
      .map((l) => l.split('│ ').slice(1).join('│ ').trim())
      .join(' ')
      .replace(/\s+/g, ' ');
    // each shift, not only the block's end: before -> after, then the verdict on what was asked
    expect(screen).toContain('traffic shop--sim0 100% -> 90%; traffic shop--v2 0% -> 10%');
    expect(screen).toContain('as asked: PASS shop--sim0 90% (asked 90%); PASS shop--v2 10% (asked 10%)');
    expect(screen).toContain('traffic shop--sim0 90% -> 50%; traffic shop--v2 10% -> 50%');
    expect(screen).toContain('as asked: PASS shop--sim0 50% (asked 50%); PASS shop--v2 50% (asked 50%)');
  });
});
