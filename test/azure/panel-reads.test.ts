// The revisions panel's reads are Azure calls, so they reach the evidence: through the real
// ARM client (emulator), a read whose answer changed is a note in the log naming the app, its
// traffic and who read it; repeated identical reads (the panel polls) add nothing; a failed
// read is recorded once with what to do.
import { describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import { sessionFor } from '../kit/session.js';
import { appKey, sampleApp } from './emulator/arm.js';
import { FakeCredential } from './emulator/fake-credential.js';
import { useEmulator } from './emulator/use-emulator.js';

const SUB = '77777777-0000-0000-0000-000000000000';
const TEXT = ['# Web canary', '', '## Look', '', '### Step 1: Watch the app', '', '- [ ] look at the revisions', ''].join('\n');

const emu = useEmulator((emu) => {
  emu.apps.set(appKey(SUB, 'rg-web', 'web'), sampleApp('web'));
});

async function session() {
  const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, pollIntervalMs: 1 });
  const s = await sessionFor(TEXT, { sets: { CONTAINER_APP: 'web', RESOURCE_GROUP: 'rg-web', SUBSCRIPTION_ID: SUB }, metrics: { containerApps: apps } });
  const view = s.engine.containerApp?.();
  if (!view) throw new Error('the parameters should name a container app');
  const panelNotes = () => s.events().filter((e) => e.type === 'note' && String(e.data['text']).includes('revisions panel'));
  return { s, view, panelNotes };
}

describe('revisions panel reads in the log', () => {
  it('records a read whose answer changed, with the principal, and not the identical polls', async () => {
    const { s, view, panelNotes } = await session();
    await view.apps.read(view.target);
    await view.apps.read(view.target);
    await view.apps.read(view.target);
    expect(panelNotes()).toHaveLength(1);
    const first = panelNotes()[0];
    expect(first?.data['text']).toContain('container app web in rg-web');
    expect(first?.data['text']).toContain('web--v1 100%');
    expect(first?.data['azurePrincipal']).toBe('alice@contoso.com');

    const app = emu.apps.get(appKey(SUB, 'rg-web', 'web'));
    if (app) app.traffic = [{ revisionName: 'web--v1', weight: 90 }, { revisionName: 'web--v2', weight: 10 }];
    await view.apps.read(view.target);
    expect(panelNotes()).toHaveLength(2);
    expect(panelNotes()[1]?.data['text']).toContain('web--v1 90%, web--v2 10%');
    await s.engine.suspend();
  });

  it('offers the panel for the app a block of the runbook names, when no parameter does', async () => {
    const text = ['# Web', '', '## Look', '', '### Step 1: Back up', '', '```bash', 'OLD=$(az containerapp revision list --name web-${STAGE} --resource-group rg-web --query "[0].name" -o tsv)', '```', ''].join('\n');
    const s = await sessionFor(text, { env: { AZURE_SUBSCRIPTION_ID: SUB } });
    expect(s.engine.containerApp?.()).toBeUndefined();
    s.engine.setParam('STAGE', 'blue', 'prompt');
    expect(s.engine.containerApp?.()?.target).toEqual({ app: 'web-blue', resourceGroup: 'rg-web', subscription: SUB });
    await s.engine.suspend();
  });

  it('records a failed read once, with the next step, and the recovery after it', async () => {
    const { s, view, panelNotes } = await session();
    emu.fault({ match: /containerApps\/web$/, status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no read' } } });
    await expect(view.apps.read(view.target)).rejects.toThrow();
    await expect(view.apps.read(view.target)).rejects.toThrow();
    expect(panelNotes()).toHaveLength(1);
    expect(panelNotes()[0]?.data['text']).toMatch(/revisions panel could not read container app web in rg-web: .*403|not allowed|AuthorizationFailed/i);
    emu.clearFaults();
    await view.apps.read(view.target);
    expect(panelNotes()).toHaveLength(2);
    expect(panelNotes()[1]?.data['text']).toContain('revisions panel read');
    await s.engine.suspend();
  });
});
