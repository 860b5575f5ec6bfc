// Before and after a container-app change: what changed (traffic weights, latest revision,
// image, replicas, active revisions) and whether it is what the command asked for
// (`--revision-weight new=10 old=90` really gave 10/90; the new revision is healthy).
import type { AppChange } from './app-change.js';
import { effectiveWeights, type AppSnapshot, type RevisionInfo } from './container-apps.js';

export type AskResult = 'pass' | 'fail' | 'pending' | 'unverified';

export interface AskCheck {
  text: string;
  result: AskResult;
}

export interface AppVerdict {
  result: 'pass' | 'fail' | 'unverified';
  checks: AskCheck[];
}

/** "PASS web--v2 10% (asked 10%); PASS revision web--v2 (10%) healthy: ...": each check with its result. */
export function describeChecks(verdict: AppVerdict): string {
  return verdict.checks.map((c) => `${c.result.toUpperCase()} ${c.text}`).join('; ');
}

/** One line per difference, e.g. "traffic web--v1 100% -> 90%". */
export function diffSnapshots(before: AppSnapshot, after: AppSnapshot): string[] {
  const out: string[] = [];
  const wb = effectiveWeights(before);
  const wa = effectiveWeights(after);
  for (const name of new Set([...wb.keys(), ...wa.keys()])) {
    const b = wb.get(name) ?? 0;
    const a = wa.get(name) ?? 0;
    if (a !== b) out.push(`traffic ${name} ${b}% -> ${a}%`);
  }
  if (before.latestRevision !== after.latestRevision) out.push(`latest revision ${before.latestRevision ?? 'none'} -> ${after.latestRevision ?? 'none'}`);
  if (before.image !== after.image) out.push(`image ${before.image ?? 'none'} -> ${after.image ?? 'none'}`);
  const rb = new Map(before.revisions.map((r) => [r.name, r]));
  for (const r of after.revisions) {
    const old = rb.get(r.name);
    if (!old) {
      out.push(`new revision ${r.name} (${describeRevision(r)})`);
      continue;
    }
    if (old.active !== r.active) out.push(`revision ${r.name} ${r.active ? 'activated' : 'deactivated'}`);
    if ((old.replicas ?? 0) !== (r.replicas ?? 0)) out.push(`revision ${r.name} replicas ${old.replicas ?? 0} -> ${r.replicas ?? 0}`);
    if (old.health !== r.health) out.push(`revision ${r.name} health ${old.health ?? '?'} -> ${r.health ?? '?'}`);
  }
  return out;
}

export function describeRevision(r: RevisionInfo): string {
  return [r.health ?? 'health unknown', r.provisioning, `${r.replicas ?? 0} replica${r.replicas === 1 ? '' : 's'}`, r.image].filter(Boolean).join(', ');
}

/** Healthy and provisioned: pass; failed or unhealthy once provisioned: fail; still coming up: pending. */
function healthOf(r: RevisionInfo | undefined, label: string): AskCheck {
  if (!r) return { text: `${label}: not found`, result: 'fail' };
  const state = `${r.name} ${describeRevision(r)}`;
  if (r.provisioning === 'Failed') return { text: `${label} failed to provision: ${state}`, result: 'fail' };
  if (r.health === 'Healthy' && (r.provisioning ?? 'Provisioned') === 'Provisioned') return { text: `${label} healthy: ${state}`, result: 'pass' };
  return { text: `${label} not healthy yet: ${state}`, result: 'pending' };
}

export function judgeChange(change: AppChange, before: AppSnapshot, after: AppSnapshot): AppVerdict {
  const checks: AskCheck[] = [];
  const byName = new Map(after.revisions.map((r) => [r.name, r]));
  switch (change.kind) {
    case 'traffic':
      checks.push(...trafficChecks(change, after));
      for (const [name, weight] of effectiveWeights(after)) {
        if (weight > 0) checks.push(healthOf(byName.get(name), `revision ${name} (${weight}%)`));
      }
      break;
    case 'update':
    case 'copy': {
      const fresh = after.latestRevision !== before.latestRevision ? after.latestRevision : undefined;
      checks.push(fresh ? { text: `new revision ${fresh}`, result: 'pass' } : { text: `no new revision (latest is still ${after.latestRevision ?? 'none'})`, result: 'fail' });
      if (change.image) {
        const image = (fresh ? byName.get(fresh)?.image : undefined) ?? after.image;
        const known = !change.unresolved.some((u) => u.startsWith('--image') || u.startsWith('-i '));
        checks.push(!known ? { text: `image asked ${change.image} (not known before the block ran): now ${image ?? 'unknown'}`, result: 'unverified' } : image === change.image ? { text: `image ${image}`, result: 'pass' } : { text: `image ${image ?? 'unknown'}, asked ${change.image}`, result: 'fail' });
      }
      if (fresh) checks.push(healthOf(byName.get(fresh), 'new revision'));
      break;
    }
    case 'activate':
    case 'deactivate': {
      const r = change.revision ? byName.get(change.revision) : undefined;
      const want = change.kind === 'activate';
      if (!r) checks.push({ text: `revision ${change.revision ?? '(not named)'} not found to check`, result: 'unverified' });
      else checks.push({ text: `revision ${r.name} ${r.active ? 'active' : 'inactive'}`, result: r.active === want ? 'pass' : 'fail' });
      if (r && want) checks.push(healthOf(r, `revision ${r.name}`));
      break;
    }
    case 'restart':
      checks.push(change.revision && byName.has(change.revision) ? healthOf(byName.get(change.revision), `revision ${change.revision}`) : { text: `revision ${change.revision ?? '(not named)'} not found to check`, result: 'unverified' });
      break;
    default: {
      const never: never = change.kind;
      throw new Error(`unknown change ${String(never)}`);
    }
  }
  return { result: overall(checks), checks };
}

/** Each asked weight against the weights now; names not known before the block ran are matched by weight. */
function trafficChecks(change: AppChange, after: AppSnapshot): AskCheck[] {
  const weights = effectiveWeights(after);
  const asks = change.weights ?? [];
  const out: AskCheck[] = [];
  const claimed = new Set<string>();
  for (const ask of asks.filter((a) => a.resolved)) {
    const name = ask.latest ? after.latestRevision : ask.revision;
    const got = name ? (weights.get(name) ?? 0) : undefined;
    if (name) claimed.add(name);
    out.push({ text: `${name ?? 'latest'} ${got ?? '?'}% (asked ${ask.weight}%)`, result: got === ask.weight ? 'pass' : 'fail' });
  }
  const rest = [...weights].filter(([n, w]) => !claimed.has(n) && w > 0).map(([, w]) => w).sort((a, b) => a - b);
  const unresolved = asks.filter((a) => !a.resolved);
  if (unresolved.length > 0) {
    const wanted = unresolved.map((a) => a.weight).filter((w) => w > 0).sort((a, b) => a - b);
    const same = wanted.length === rest.length && wanted.every((w, i) => w === rest[i]);
    out.push({ text: `${unresolved.map((a) => a.raw).join(' ')}: the other revisions have ${rest.join('/') || 'no traffic'}% (asked ${wanted.join('/')}%)`, result: same ? 'pass' : 'fail' });
  } else if (rest.length > 0 && asks.length > 0) {
    out.push({ text: `revisions not asked for still have traffic (${rest.join('/')}%)`, result: 'fail' });
  }
  return out;
}

function overall(checks: readonly AskCheck[]): AppVerdict['result'] {
  if (checks.some((c) => c.result === 'fail')) return 'fail';
  if (checks.length === 0 || checks.some((c) => c.result !== 'pass')) return 'unverified';
  return 'pass';
}

/** A pending check past its time becomes a failure: "never became healthy within 60 s". */
export function expirePending(v: AppVerdict, waitedMs: number): AppVerdict {
  const checks = v.checks.map((c): AskCheck => (c.result === 'pending' ? { text: `${c.text.replace(' not healthy yet', ' never became healthy')} (waited ${Math.round(waitedMs / 1000)} s)`, result: 'fail' } : c));
  return { result: overall(checks), checks };
}
