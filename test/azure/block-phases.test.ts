// A block that shifts traffic in phases (5%, then 25%, ... with waits between, as canary
// blocks do) is one block: the app is also read while it runs, so each shift is judged
// against what it asked when a read saw it, not only the last one.
import { describe, expect, it } from 'vitest';
import { AppWatcher } from '../../src/azure/app-watcher.js';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import { appKey, sampleApp, type EmulatedApp } from './emulator/arm.js';
import { FakeCredential } from './emulator/fake-credential.js';
import { useEmulator } from './emulator/use-emulator.js';

const SUB = '55555555-0000-0000-0000-000000000000';
const KEY = appKey(SUB, 'rg', 'web');
const shift = (old: number, fresh: number): string => `az containerapp ingress traffic set -n web -g rg --subscription ${SUB} --revision-weight web--v1=${old} web--v2=${fresh}`;
const BLOCK = [shift(90, 10), 'sleep 600', shift(50, 50), 'sleep 600', shift(0, 100)].join('\n');
const emu = useEmulator((emu) => emu.apps.set(KEY, sampleApp('web')));

function watcher(): AppWatcher {
  const apps = new ArmContainerApps({ auth: new AzureAuth({ credential: new FakeCredential() }), endpoint: emu.url, agent: emu.agent });
  return new AppWatcher({ simulate: false, apps, observeMs: 10 });
}

/** Sets the traffic as a phase of the block would, then waits until a read has seen it. */
async function phase(old: number, fresh: number): Promise<void> {
  const app = emu.apps.get(KEY) as EmulatedApp;
  app.traffic = [
    ...(old > 0 ? [{ revisionName: 'web--v1', weight: old }] : []),
    { revisionName: 'web--v2', weight: fresh },
  ];
  // a read begun before the change may answer the old traffic: wait for two begun after it
  const reads = (): number => emu.seen.filter((r) => r.method === 'GET' && r.path.endsWith('/containerApps/web')).length;
  const from = reads();
  while (reads() < from + 2) await new Promise((r) => setTimeout(r, 5));
}

describe('a block shifting traffic in phases', () => {
  it('judges every shift a read saw while the block ran, each against the one before it', async () => {
    const w = watcher();
    const watch = await w.before(BLOCK, new Map());
    const observing = w.observe(watch);
    await phase(90, 10);
    await phase(50, 50);
    await phase(0, 100);
    const changes = await w.after(watch, undefined, await observing.stop());
    expect(changes.map((c) => [c.verdict.result, c.diff.join('; ')])).toEqual([
      ['pass', 'traffic web--v1 100% -> 90%; traffic web--v2 0% -> 10%'],
      ['pass', 'traffic web--v1 90% -> 50%; traffic web--v2 10% -> 50%'],
      ['pass', 'traffic web--v1 50% -> 0%; traffic web--v2 50% -> 100%'],
    ]);
  });

  it('a shift no read saw is not judged, and says so', async () => {
    const w = watcher();
    const watch = await w.before(BLOCK, new Map());
    const observing = w.observe(watch);
    const app = emu.apps.get(KEY) as EmulatedApp;
    app.traffic = [{ revisionName: 'web--v2', weight: 100 }];
    const changes = await w.after(watch, undefined, await observing.stop());
    expect(changes.map((c) => c.verdict.result)).toEqual(['unverified', 'unverified', 'pass']);
    expect(changes[0]?.error).toMatch(/a later command in the same block changes it again, and no read while the block ran saw it/);
  });
});
