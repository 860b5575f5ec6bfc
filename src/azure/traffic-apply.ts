// A ```traffic annotation carried out: its fields filled from the session, the app read as it
// is, the change shown (current and target), applied through the SDK (a PATCH waited for as
// a long-running operation), read back until the revisions taking traffic are healthy, and
// judged against what was asked, the same way a block's `ingress traffic set` is judged.
import type { TrafficChange } from '../runbook/model.js';
import type { AppChange, WeightAsk } from './app-change.js';
import { verifyAfter, type AppChangeData, type WatchOptions } from './app-watch.js';
import { effectiveWeights, type AppSnapshot, type AppTarget, type ContainerAppReader, type ContainerAppWriter, type TrafficRule } from './container-apps.js';
import { fillParams } from './fill-params.js';

export interface TrafficPlan {
  target: AppTarget;
  rules: TrafficRule[];
  /** The same change as the az command would ask it (what the verdict is judged against). */
  change: AppChange;
}

/** The annotation with its parameters filled; the names without a value when some are missing. */
export function planTraffic(t: TrafficChange, values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv, fallbackSubscription?: string): TrafficPlan | { missing: string[] } {
  const missing = new Set<string>();
  const fill = (text: string): string => {
    const f = fillParams(text, values);
    for (const m of f.missing) missing.add(m);
    return f.text;
  };
  const app = fill(t.app);
  const resourceGroup = fill(t.resourceGroup);
  const subscription = t.subscription ? fill(t.subscription) : (values.get('AZURE_SUBSCRIPTION_ID') ?? env['AZURE_SUBSCRIPTION_ID'] ?? fallbackSubscription);
  if (!subscription) missing.add('AZURE_SUBSCRIPTION_ID');
  const asks: WeightAsk[] = t.weights.map((w) => {
    const revision = fill(w.revision);
    return { revision, resolved: true, latest: revision === 'latest', weight: w.weight, raw: `${w.revision}=${w.weight}` };
  });
  if (missing.size > 0 || !subscription) return { missing: [...missing] };
  const rules = asks.map((a): TrafficRule => (a.latest ? { latestRevision: true, weight: a.weight } : { revision: a.revision, weight: a.weight }));
  const text = `az containerapp ingress traffic set --name ${app} --resource-group ${resourceGroup} --subscription ${subscription} --revision-weight ${asks.map((a) => `${a.revision}=${a.weight}`).join(' ')}`;
  return { target: { app, resourceGroup, subscription }, rules, change: { kind: 'traffic', text, app, resourceGroup, subscription, weights: asks, unresolved: [] } };
}

/** "web--v1 100% -> 90%, web--v2 0% -> 10%": every revision whose weight changes or is asked. */
export function describeShift(before: AppSnapshot, plan: TrafficPlan): { current: string; target: string; shift: string } {
  const now = effectiveWeights(before);
  const wanted = effectiveWeights({ traffic: plan.rules, latestRevision: before.latestRevision });
  const names = [...new Set([...now.keys(), ...wanted.keys()])];
  const list = (m: Map<string, number>): string => [...m].filter(([, w]) => w > 0).map(([n, w]) => `${n} ${w}%`).join(', ') || 'no traffic';
  const shift = names.filter((n) => (now.get(n) ?? 0) !== (wanted.get(n) ?? 0)).map((n) => `${n} ${now.get(n) ?? 0}% -> ${wanted.get(n) ?? 0}%`);
  return { current: list(now), target: list(wanted), shift: shift.join(', ') || 'no change' };
}

export function canWrite(apps: ContainerAppReader): apps is ContainerAppWriter {
  return typeof (apps as Partial<ContainerAppWriter>).setTraffic === 'function';
}

/**
 * Applies the change and judges it. A failed operation (the PATCH refused, the long-running
 * operation ended Failed) is read back all the same: what Azure now has is what is recorded.
 */
export async function applyTraffic(apps: ContainerAppWriter, plan: TrafficPlan, before: AppSnapshot, opts: Omit<WatchOptions, 'apps' | 'values'>): Promise<AppChangeData> {
  let failed: string | undefined;
  try {
    await apps.setTraffic(plan.target, plan.rules, opts.signal);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    failed = err instanceof Error ? err.message : String(err);
  }
  const [data] = await verifyAfter([{ change: plan.change, target: plan.target, before }], { ...opts, apps, values: new Map() });
  if (!data) throw new Error('no verdict for the traffic change');
  if (!failed) return data;
  // the operation's failure is the verdict whatever the weights now are
  return { ...data, error: `the change failed in Azure: ${failed}`, verdict: { result: 'fail', checks: [{ text: `Azure: ${failed}`, result: 'fail' }, ...data.verdict.checks] } };
}
