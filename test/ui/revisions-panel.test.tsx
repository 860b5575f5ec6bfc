// The revisions panel: the real ARM client against the emulator, refreshed while open (a
// traffic change shows up, a failed read keeps the table and says what to do), and in the
// App under --simulate: r opens it over the simulated app, which a rehearsed block changes.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { render } from 'ink-testing-library';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import { RevisionsPanel } from '../../src/ui/components/revisions-panel.js';
import { KEYMAP } from '../../src/ui/keymap.js';
import { appKey, sampleApp } from '../azure/emulator/arm.js';
import { failingCredential, FakeCredential } from '../azure/emulator/fake-credential.js';
import { startEmulator, type Emulator } from '../azure/emulator/server.js';
import { sessionFor } from '../kit/session.js';
import { KEY, press, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

const SUB = '44444444-0000-0000-0000-000000000000';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => emu.close());
let r: Rendered | undefined;
afterEach(() => r?.unmount());

describe('the revisions panel', () => {
  it('shows each revision from Azure, follows a traffic change, and keeps the table with one line of what to do when a read fails', async () => {
    emu.apps.set(appKey(SUB, 'rg-pay', 'pay'), sampleApp('pay'));
    const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, retry: { attempts: 1 } });
    const closed: string[] = [];
    const panel = render(
      <RevisionsPanel view={{ target: { subscription: SUB, resourceGroup: 'rg-pay', app: 'pay' }, apps, simulated: false }} width={130} height={12} pollMs={40} onClose={() => closed.push('x')} />,
    );
    const screen = { frame: () => panel.lastFrame() ?? '' };
    await untilShown(screen, 'pay--v2 *');
    const f = screen.frame();
    expect(f).toContain(`Revisions of pay in rg-pay · subscription ${SUB}`);
    expect(f).toMatch(/REVISION\s+ACTIVE\s+TRAFFIC\s+REPLICAS\s+HEALTH\s+PROVISIONING\s+CREATED\s+IMAGE/);
    expect(f).toMatch(/pay--v1\s+active\s+100%\s+3\s+Healthy\s+Provisioned\s+2026-11-20 09:00\s+registry\.example\/web:1\.0/);
    expect(f).toMatch(/pay--v2 \*\s+active\s+0%\s+1\s+Healthy/);

    const app = emu.apps.get(appKey(SUB, 'rg-pay', 'pay'));
    if (!app) throw new Error('fixture');
    app.traffic = [{ revisionName: 'pay--v1', weight: 75 }, { revisionName: 'pay--v2', weight: 25 }];
    await untilShown(screen, /pay--v2 \*\s+active\s+25%/);

    emu.fault({ match: /containerApps\/pay$/, status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no read' } } });
    await untilShown(screen, '⚠ no access to container app pay in rg-pay (403');
    expect(screen.frame()).toContain('ask for a role that can read it');
    expect(screen.frame()).toMatch(/pay--v1\s+active\s+75%/);
    emu.clearFaults();
    await untilGone(screen, '⚠');
    panel.unmount();
  });

  it('not signed in: the panel says the whole line, what to do included, on a pane narrower than it', async () => {
    const notSignedIn = Object.assign(new Error('DefaultAzureCredential failed'), { errors: [new Error("Please run 'az login' from a command prompt to authenticate before using this credential.")] });
    const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: failingCredential(notSignedIn) }), endpoint: emu.url, agent: emu.agent, retry: { attempts: 1 } });
    const panel = render(<RevisionsPanel view={{ target: { subscription: SUB, resourceGroup: 'rg-pay', app: 'pay' }, apps, simulated: false }} width={90} height={12} onClose={() => undefined} />);
    const screen = { frame: () => panel.lastFrame() ?? '' };
    await untilShown(screen, '⚠ Azure: not signed in');
    const joined = screen.frame().replace(/\s+/g, ' ');
    expect(joined).toContain('run `az login` (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), or rehearse with --simulate');
    expect(screen.frame()).toContain('* latest revision');
    panel.unmount();
  });

  it('a read that hangs shows it is still reading, with its time, instead of a frozen table', async () => {
    emu.apps.set(appKey(SUB, 'rg-slow', 'slow'), sampleApp('slow'));
    emu.fault({ match: /containerApps\/slow$/, hang: true, times: 1 });
    const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, retry: { attempts: 1, callTimeoutMs: 60_000 } });
    const panel = render(<RevisionsPanel view={{ target: { subscription: SUB, resourceGroup: 'rg-slow', app: 'slow' }, apps, simulated: false }} width={120} height={10} onClose={() => undefined} />);
    const screen = { frame: () => panel.lastFrame() ?? '' };
    await untilShown(screen, /reading… [1-9] s/);
    expect(screen.frame()).toContain('asking Azure for the revisions…');
    panel.unmount();
    emu.clearFaults();
  });

  it('opens with r in the App over the simulated app of --simulate, which a rehearsed block changes; Esc closes it', async () => {
    const text = '# Canary\n\n## Ship\n\n1. Copy the revision\n\n   ```bash\n   az containerapp revision copy -n ${APP_NAME} -g ${RESOURCE_GROUP} --image registry.example/shop:2 --revision-suffix v2\n   ```\n\n2. Look\n\n   Look at the revisions.\n';
    const s = await sessionFor(text, { mode: 'rehearsal', simulate: true, sets: { APP_NAME: 'shop', RESOURCE_GROUP: 'rg-shop' } });
    expect(KEYMAP.find((b) => b.action === 'revisions')?.label).toBe('r');
    r = await renderApp(s.engine, { columns: 180, rows: 30 });
    await untilShown(r, 'r revisions');
    await press(r.stdin, 'r');
    await untilShown(r, 'Revisions of shop in rg-shop (simulated)');
    await untilShown(r, /shop--sim0 \*\s+active\s+100%/);
    await press(r.stdin, KEY.escape);
    await untilGone(r, 'Revisions of shop');
    await s.engine.advance(s.engine.runbook.steps[0]?.id ?? '');
    await press(r.stdin, 'r');
    await untilShown(r, /shop--v2 \*\s+active\s+0%\s+1\s+Healthy\s+Provisioned/);
    expect(r.frame()).toContain('registry.example/shop:2');
    await press(r.stdin, 'r');
    await untilGone(r, 'Revisions of shop');
    await s.engine.suspend();
  });
});
