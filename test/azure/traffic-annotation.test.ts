// A ```traffic annotation carried out by the engine through the real ARM client (emulator):
// current and target shown before the typed word, the PATCH waited for as a long-running
// operation, read back and judged; a partial failure ends the step failed with what Azure
// now has; a refusal changes nothing; a rehearsal changes nothing in Azure.
import { describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import type { SessionMode } from '../../src/session/audit-event.js';
import { answer } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { appKey, sampleApp } from './emulator/arm.js';
import { FakeCredential, USER_CLAIMS } from './emulator/fake-credential.js';
import { useEmulator } from './emulator/use-emulator.js';

const SUB = '66666666-0000-0000-0000-000000000000';
const TEXT = ['# Web canary', '', '## Shift', '', '### Step 1: A tenth to v2', '', '```traffic', 'app: ${WEB_APP}', 'resource-group: rg-web', `subscription: ${SUB}`, 'weights:', '  ${WEB_APP}--v1: 90', '  ${WEB_APP}--v2: 10', '```', ''].join('\n');

const emu = useEmulator((emu) => {
  emu.apps.set(appKey(SUB, 'rg-web', 'web'), sampleApp('web'));
  emu.lro = { polls: 2 };
});

async function session(mode: SessionMode = 'run') {
  const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, pollIntervalMs: 1 });
  const s = await sessionFor(TEXT, { mode, sets: { WEB_APP: 'web' }, metrics: { containerApps: apps } });
  const stepId = s.engine.runbook.steps[0]?.id ?? '';
  return { s, stepId };
}

describe('a ```traffic annotation', () => {
  it('shows current and target, asks for the word, applies through Azure, waits for the operation and records before, after and the verdict', async () => {
    const { s, stepId } = await session();
    const done = s.engine.advance(stepId);
    const prompt = await answer(s.engine, 'danger', { confirmed: true });
    expect(prompt.word).toBe('SHIFT');
    expect(prompt.resolved).toContain('current: web--v1 100%');
    expect(prompt.resolved).toContain('target:  web--v1 90%, web--v2 10%');
    await done;
    const patch = emu.seen.filter((r) => r.method === 'PATCH');
    expect(patch).toHaveLength(1);
    expect(emu.seen.filter((r) => r.path.startsWith('/emulator/operations/')).length).toBeGreaterThanOrEqual(3);
    const events = s.events();
    expect(events.find((e) => e.type === 'note' && String(e.data['text']).startsWith('setting the traffic'))?.data['text']).toBe('setting the traffic of container app web in rg-web through Azure: web--v1 100% -> 90%, web--v2 0% -> 10%');
    const check = events.find((e) => e.type === 'check' && e.data['containerApp']);
    expect(check?.data).toMatchObject({ commandId: 'traffic-1', result: 'pass', note: 'traffic before: web--v1 100%; after: web--v1 90%, web--v2 10%' });
    expect(check?.data['containerApp']).toMatchObject({ azurePrincipal: USER_CLAIMS.upn, kind: 'traffic' });
    expect(s.engine.snapshot().state.steps[stepId]?.status).toBe('passed');
    await s.engine.suspend();
  });

  it('a long-running operation that fails part way ends the step failed, with what Azure now has', async () => {
    emu.lro = { polls: 1, fail: { code: 'RevisionNotReady', message: 'web--v2 is not ready', partial: [{ revisionName: 'web--v1', weight: 100 }] } };
    const { s, stepId } = await session();
    const done = s.engine.advance(stepId);
    await answer(s.engine, 'danger', { confirmed: true });
    await done;
    const check = s.events().find((e) => e.type === 'check' && e.data['containerApp']);
    expect(check?.data['result']).toBe('fail');
    expect(String(check?.data['actual'])).toContain('the change failed in Azure');
    expect(String(check?.data['actual'])).toContain('web--v2 is not ready');
    expect(s.engine.snapshot().state.steps[stepId]).toMatchObject({ status: 'failed' });
    await s.engine.suspend();
  });

  it('not confirmed: nothing is sent to Azure and the step stays open', async () => {
    const { s, stepId } = await session();
    const done = s.engine.advance(stepId);
    await answer(s.engine, 'danger', { confirmed: false });
    await done;
    expect(emu.seen.filter((r) => r.method === 'PATCH')).toEqual([]);
    expect(s.events().some((e) => e.type === 'note' && String(e.data['text']).includes('not confirmed; not made'))).toBe(true);
    expect(s.engine.snapshot().state.steps[stepId]?.status).toBe('pending');
    await s.engine.suspend();
  });

  it('a rehearsal shows the change it would make and makes none', async () => {
    const { s, stepId } = await session('rehearsal');
    await s.engine.advance(stepId);
    expect(emu.seen.filter((r) => r.method === 'PATCH')).toEqual([]);
    const note = s.events().find((e) => e.type === 'note' && String(e.data['text']).startsWith('would set the traffic'));
    expect(note?.data['text']).toBe('would set the traffic of container app web in rg-web: web--v1 100% -> 90%, web--v2 0% -> 10% (now web--v1 100%; nothing changed in Azure)');
    expect(s.engine.snapshot().state.steps[stepId]?.status).toBe('rehearsed');
    await s.engine.suspend();
  });
});

describe('a ```traffic annotation under --simulate', () => {
  it('moves the simulated app a block made a revision in, and the revisions panel reads the same app', async () => {
    const text = [
      '# Simulated canary',
      '',
      '### Step 1: Copy a revision',
      '',
      '```bash',
      'az containerapp revision copy -n cart -g rg-cart --image registry.example/cart:2 --revision-suffix v2',
      '```',
      '',
      '### Step 2: A tenth to v2',
      '',
      '```traffic',
      'app: ${CART_APP}',
      'resource-group: ${RESOURCE_GROUP}',
      'subscription: ${AZURE_SUBSCRIPTION_ID}',
      'weights: "cart--sim0=90 cart--v2=10"',
      '```',
      '',
    ].join('\n');
    const s = await sessionFor(text, { mode: 'rehearsal', simulate: true, sets: { CART_APP: 'cart', RESOURCE_GROUP: 'rg-cart' } });
    for (const step of s.engine.runbook.steps) await s.engine.advance(step.id);
    const note = s.events().find((e) => e.type === 'note' && String(e.data['text']).startsWith('would set the traffic'));
    expect(note?.data['text']).toBe('would set the traffic of container app cart in rg-cart: cart--sim0 100% -> 90%, cart--v2 0% -> 10% (now cart--sim0 100%; the simulated app follows)');
    const view = s.engine.containerApp();
    if (!view) throw new Error('the parameters name the app');
    const snap = await view.apps.read(view.target);
    expect(snap.revisions.map((r) => [r.name, r.trafficWeight])).toEqual([
      ['cart--v2', 10],
      ['cart--sim0', 90],
    ]);
    await s.engine.suspend();
  });
});
