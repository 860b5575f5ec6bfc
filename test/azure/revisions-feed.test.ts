// The data behind a revisions panel: the app the runbook's parameters name, read at once
// through the real ARM client (emulator) and again each interval; a failed read keeps the
// last snapshot and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import { appTargetFromCommands, appTargetFromParams, RevisionsFeed, type FeedState } from '../../src/azure/revisions-feed.js';
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

  it('else finds the app the runbook\'s own az containerapp commands name, once their names resolve', () => {
    const templated = 'az containerapp show \\\n  --name shop-${ENVIRONMENT}-ca \\\n  --resource-group shop-${ENVIRONMENT}-rg -o json > /tmp/backup.json';
    const literal = 'export OLD=$(az containerapp revision list --name web-prod --resource-group rg-prod --query "[0].name" -o tsv)';
    const computed = 'az containerapp logs show -n "$(cat app.txt)" -g rg-prod';
    const env = { AZURE_SUBSCRIPTION_ID: SUB };
    // ENVIRONMENT unknown: the templated names are not the app; the literal one is
    expect(appTargetFromCommands([computed, templated, literal], new Map(), env)).toEqual({ app: 'web-prod', resourceGroup: 'rg-prod', subscription: SUB });
    expect(appTargetFromCommands([templated, literal], new Map([['ENVIRONMENT', 'prod']]), env)).toEqual({ app: 'shop-prod-ca', resourceGroup: 'shop-prod-rg', subscription: SUB });
    // the subscription: the command's own, else a parameter, else the environment, else the fallback (--simulate)
    expect(appTargetFromCommands(['az containerapp show -n a -g b --subscription s1'], new Map(), env)?.subscription).toBe('s1');
    expect(appTargetFromCommands(['az containerapp show -n a -g b'], new Map([['SUBSCRIPTION_ID', 's2']]), env)?.subscription).toBe('s2');
    expect(appTargetFromCommands(['az containerapp show -n a -g b'], new Map(), {})).toBeUndefined();
    expect(appTargetFromCommands(['az containerapp show -n a -g b'], new Map(), {}, 'simulated')?.subscription).toBe('simulated');
    expect(appTargetFromCommands(['az webapp show -n a -g b', 'echo containerapp'], new Map(), env)).toBeUndefined();
    // a Container Apps environment or job is not an app
    expect(appTargetFromCommands(['az containerapp env show --name shop-cae -g rg', 'az containerapp job start -n nightly -g rg'], new Map(), env)).toBeUndefined();
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
