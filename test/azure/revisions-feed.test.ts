// The data behind a revisions panel: the app the runbook's parameters name, read at once
// through the real ARM client (emulator) and again each interval; a failed read keeps the
// last snapshot and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import { appTargetFromParams, RevisionsFeed, type FeedState } from '../../src/azure/revisions-feed.js';
import { appKey, sampleApp } from './emulator/arm.js';
import { FakeCredential } from './emulator/fake-credential.js';
import { startEmulator, type Emulator } from './emulator/server.js';

const SUB = '33333333-0000-0000-0000-000000000000';
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
  emu.apps.set(appKey(SUB, 'rg', 'web'), sampleApp('web'));
});
afterAll(async () => emu.close());

describe('the revisions feed', () => {
  it('finds the app from the runbook parameters once all three have values', () => {
    expect(appTargetFromParams(new Map([['APP_NAME', 'web'], ['RG_NAME', 'rg']]), {})).toBeUndefined();
    expect(appTargetFromParams(new Map([['APP_NAME', 'web'], ['RESOURCE_GROUP', 'rg']]), { AZURE_SUBSCRIPTION_ID: SUB })).toEqual({ app: 'web', resourceGroup: 'rg', subscription: SUB });
  });

  it('answers at once, again each interval, and keeps the last snapshot when a read fails', async () => {
    const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent, retry: { attempts: 1 } });
    const states: FeedState[] = [];
    const waiters: { test: (s: FeedState) => boolean; resolve: (s: FeedState) => void }[] = [];
    const until = (test: (s: FeedState) => boolean): Promise<FeedState> => new Promise((resolve) => waiters.push({ test, resolve }));
    const feed = new RevisionsFeed(apps, { subscription: SUB, resourceGroup: 'rg', app: 'web' }, (s) => {
      states.push(s);
      for (const w of waiters.splice(0)) {
        if (w.test(s)) w.resolve(s);
        else waiters.push(w);
      }
    }, { pollMs: 20 });
    const first = until((s) => s.snapshot !== undefined);
    feed.start();
    expect((await first).snapshot?.revisions.map((r) => r.name)).toEqual(['web--v2', 'web--v1']);
    const app = emu.apps.get(appKey(SUB, 'rg', 'web'));
    if (!app) throw new Error('fixture');
    app.traffic = [{ revisionName: 'web--v2', weight: 100 }];
    const moved = await until((s) => s.snapshot?.revisions.find((r) => r.name === 'web--v2')?.trafficWeight === 100);
    expect(moved.error).toBeUndefined();
    emu.fault({ match: /containerApps\/web$/, status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no read' } } });
    const failed = await until((s) => s.error !== undefined);
    feed.stop();
    emu.clearFaults();
    expect(failed.error).toMatch(/no access to container app web in rg \(403/);
    expect(failed.snapshot?.revisions.find((r) => r.name === 'web--v2')?.trafficWeight).toBe(100);
    expect(states.filter((s) => s.loading).length).toBeGreaterThanOrEqual(3);
  });
});
