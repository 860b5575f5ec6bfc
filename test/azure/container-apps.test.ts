// Container Apps through the real @azure/arm-appcontainers client against the local HTTPS
// emulator: reads with paging, a traffic change as a long-running operation (and one that
// fails half-way), activate / deactivate, 404, throttling, and a change watched before and
// after with a revision that never becomes healthy.
import { describe, expect, it } from 'vitest';
import { verifyAfter, watchBefore } from '../../src/azure/app-watch.js';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps, effectiveWeights, type AppTarget } from '../../src/azure/container-apps.js';
import { UserError } from '../../src/errors.js';
import { appKey, sampleApp } from './emulator/arm.js';
import { FakeCredential } from './emulator/fake-credential.js';
import { useEmulator } from './emulator/use-emulator.js';

const SUB = '11111111-0000-0000-0000-000000000000';
const target: AppTarget = { subscription: SUB, resourceGroup: 'rg-prod', app: 'web' };
const emu = useEmulator((emu) => {
  emu.lro = { polls: 1 };
  const app = sampleApp('web');
  app.revisions.push({ name: 'web--v0', active: false, replicas: 0, health: 'None', provisioning: 'Provisioned', created: '2026-11-01T09:00:00Z', image: 'registry.example/web:0.9' });
  emu.apps.set(appKey(SUB, 'rg-prod', 'web'), app);
});

function apps(): ArmContainerApps {
  const delays: number[] = [];
  return new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, pollIntervalMs: 1, retry: { wait: async (ms) => void delays.push(ms) } });
}

describe('reading a container app', () => {
  it('gives every revision (all pages) with traffic, replicas, health, provisioning, created time and image', async () => {
    const snap = await apps().read(target);
    expect(snap).toMatchObject({ latestRevision: 'web--v2', image: 'registry.example/web:2.0', location: 'westeurope', traffic: [{ revision: 'web--v1', weight: 100 }] });
    expect(snap.revisions.map((r) => [r.name, r.active, r.trafficWeight, r.replicas, r.health, r.provisioning, r.image])).toEqual([
      ['web--v2', true, 0, 1, 'Healthy', 'Provisioned', 'registry.example/web:2.0'],
      ['web--v1', true, 100, 3, 'Healthy', 'Provisioned', 'registry.example/web:1.0'],
      ['web--v0', false, 0, 0, 'None', 'Provisioned', 'registry.example/web:0.9'],
    ]);
    expect(snap.revisions[0]?.createdAt).toBe('2026-11-23T09:00:00.000Z');
    const lists = emu.seen.filter((r) => r.path.endsWith('/revisions'));
    expect(lists.map((r) => r.query.get('$skiptoken'))).toEqual([null, '2']);
  });

  it('a missing app is a UserError saying what to check', async () => {
    const err = await apps().read({ ...target, app: 'nope' }).catch((e: unknown) => e);
    expect((err as UserError).toLine()).toMatch(/container app nope in rg-prod was not found \(404: .*check the name, resource group and subscription/);
  });

  it('throttled reads wait what Retry-After says', async () => {
    emu.fault({ match: /^GET .*containerApps\/web$/, status: 429, headers: { 'retry-after': '3' }, times: 1 });
    const delays: number[] = [];
    const client = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, retry: { wait: async (ms) => void delays.push(ms) } });
    expect((await client.read(target)).latestRevision).toBe('web--v2');
    expect(delays).toEqual([3_000]);
  });
});

describe('changing a container app', () => {
  it('sets traffic weights through the long-running PATCH and reads the result back', async () => {
    const after = await apps().setTraffic(target, [
      { revision: 'web--v1', weight: 90 },
      { revision: 'web--v2', weight: 10 },
    ]);
    expect(Object.fromEntries(effectiveWeights(after))).toEqual({ 'web--v1': 90, 'web--v2': 10 });
    const patch = emu.seen.find((r) => r.method === 'PATCH');
    expect(patch?.body).toMatchObject({ location: 'westeurope', properties: { configuration: { ingress: { traffic: [{ revisionName: 'web--v1', weight: 90 }, { revisionName: 'web--v2', weight: 10 }] } } } });
    expect(emu.seen.filter((r) => r.path.startsWith('/emulator/operations/')).length).toBe(2);
  });

  it('an operation that fails half-way is a UserError, and the app is read as it really is', async () => {
    emu.lro = { polls: 1, fail: { code: 'ContainerAppOperationError', message: 'Failed to provision revision web--v2', partial: [{ revisionName: 'web--v1', weight: 100 }] } };
    const client = apps();
    const err = await client.setTraffic(target, [{ revision: 'web--v2', weight: 100 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/traffic change of container app web in rg-prod.*Failed to provision revision web--v2/);
    expect(Object.fromEntries(effectiveWeights(await client.read(target)))).toEqual({ 'web--v1': 100 });
  });

  it('activates and deactivates revisions', async () => {
    const client = apps();
    await client.revisionAction(target, 'activate', 'web--v0');
    expect((await client.read(target)).revisions.find((r) => r.name === 'web--v0')?.active).toBe(true);
    await client.revisionAction(target, 'deactivate', 'web--v0');
    expect((await client.read(target)).revisions.find((r) => r.name === 'web--v0')?.active).toBe(false);
    const err = await client.revisionAction(target, 'activate', 'web--nope').catch((e: unknown) => e);
    expect((err as UserError).message).toMatch(/activate of revision web--nope .*404/);
  });
});

describe('watching a block that changes the app', () => {
  const values = new Map([
    ['APP_NAME', 'web'],
    ['RG_NAME', 'rg-prod'],
    ['AZURE_SUBSCRIPTION_ID', SUB],
  ]);
  const block = 'az containerapp ingress traffic set \\\n  --name $APP_NAME --resource-group $RG_NAME \\\n  --revision-weight web--v1=90 web--v2=10';

  it('reads before and after, shows the difference and checks it against what was asked', async () => {
    const client = apps();
    const watched = await watchBefore(block, { apps: client, values });
    expect(watched[0]?.before?.traffic).toEqual([{ revision: 'web--v1', weight: 100 }]);
    // the block runs as written; here the emulator plays Azure applying it
    await client.setTraffic(target, [
      { revision: 'web--v1', weight: 90 },
      { revision: 'web--v2', weight: 10 },
    ]);
    const [data] = await verifyAfter(watched, { apps: client, values });
    expect(data?.diff).toEqual(['traffic web--v1 100% -> 90%', 'traffic web--v2 0% -> 10%']);
    expect(data?.verdict.result).toBe('pass');
    expect(data?.verdict.checks.map((c) => c.text)).toContain('web--v2 10% (asked 10%)');
  });

  it('a change that did not happen fails the verdict', async () => {
    const client = apps();
    const watched = await watchBefore(block, { apps: client, values });
    const [data] = await verifyAfter(watched, { apps: client, values });
    expect(data?.verdict.result).toBe('fail');
    expect(data?.verdict.checks.find((c) => c.result === 'fail')?.text).toBe('web--v1 100% (asked 90%)');
  });

  it('a new revision that never becomes healthy fails once the wait is over', async () => {
    const client = apps();
    const watched = await watchBefore('az containerapp update -n web -g rg-prod --image registry.example/web:3.0', { apps: client, values });
    const app = emu.apps.get(appKey(SUB, 'rg-prod', 'web'));
    if (!app) throw new Error('fixture');
    app.revisions.unshift({ name: 'web--v3', active: true, replicas: 0, health: 'Unhealthy', provisioning: 'Provisioning', created: '2026-11-23T10:00:00Z', image: 'registry.example/web:3.0' });
    app.latestRevision = 'web--v3';
    app.image = 'registry.example/web:3.0';
    let clock = 0;
    const reads: number[] = [];
    const [data] = await verifyAfter(watched, { apps: client, values, settleMs: 60_000, pollMs: 5_000, now: () => clock, wait: async (ms) => void reads.push((clock += ms)) });
    expect(reads).toEqual([5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000, 50_000, 55_000, 60_000]);
    expect(data?.verdict.result).toBe('fail');
    expect(data?.verdict.checks.map((c) => [c.result, c.text])).toEqual([
      ['pass', 'new revision web--v3'],
      ['pass', 'image registry.example/web:3.0'],
      ['fail', 'new revision never became healthy: web--v3 Unhealthy, Provisioning, 0 replicas, registry.example/web:3.0 (waited 60 s)'],
    ]);
  });

  it('of several traffic changes in one block no read saw while it ran, only the last is judged; the others say why not', async () => {
    const client = apps();
    const twoShifts = `${block}\nsleep 600\naz containerapp ingress traffic set -n web -g rg-prod --revision-weight web--v2=100`;
    const watched = await watchBefore(twoShifts, { apps: client, values });
    await client.setTraffic(target, [{ revision: 'web--v2', weight: 100 }]);
    const results = await verifyAfter(watched, { apps: client, values });
    expect(results.map((r) => [r.verdict.result, r.error])).toEqual([
      ['unverified', 'not judged: a later command in the same block changes it again, and no read while the block ran saw it'],
      ['pass', undefined],
    ]);
  });
});
