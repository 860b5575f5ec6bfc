// What the engine calls around a block that changes a container app: read the app before
// (read-only), let the block run as written, read it after (again until a new revision has
// settled, bounded), and record before, after, the difference and the verdict.
import { messageOf, UserError } from '../errors.js';
import { recogniseAppChanges, type AppChange } from './app-change.js';
import { diffSnapshots, expirePending, judgeChange, type AppVerdict } from './app-verdict.js';
import { describeTarget, type AppSnapshot, type AppTarget, type ContainerAppReader } from './container-apps.js';
import { sleep } from '../metrics/metric-source.js';
import { principalFields, type PrincipalFields } from './principal.js';
import { SignInError } from './auth.js';

export interface WatchOptions {
  apps: ContainerAppReader;
  values: ReadonlyMap<string, string>;
  env?: NodeJS.ProcessEnv;
  /** How long a new revision may take to become healthy (default 120 s). */
  settleMs?: number;
  /** Between reads while it settles (default 5 s). */
  pollMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface WatchedChange {
  change: AppChange;
  target?: AppTarget;
  before?: AppSnapshot;
  /** Why it cannot be watched (no subscription, the read failed). */
  error?: string;
  /** The read failed because the login did: the block must not run unwatched. */
  signInFailed?: boolean;
}

/** The `app.change` event's data. */
export interface AppChangeData extends Partial<PrincipalFields> {
  kind: AppChange['kind'];
  command: string;
  app?: string;
  resourceGroup?: string;
  subscription?: string;
  before?: AppSnapshot;
  after?: AppSnapshot;
  diff: string[];
  verdict: AppVerdict;
  error?: string;
}

/** The subscription: the command's --subscription, else a parameter or AZURE_SUBSCRIPTION_ID. */
export function targetOf(change: AppChange, values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env): AppTarget | string {
  const subscription = change.subscription ?? values.get('AZURE_SUBSCRIPTION_ID') ?? values.get('SUBSCRIPTION_ID') ?? env['AZURE_SUBSCRIPTION_ID'];
  const unresolved = change.unresolved.filter((u) => /^(--name|-n|--resource-group|-g|--subscription) /.test(u));
  if (unresolved.length > 0) return `cannot watch it: ${unresolved.join(', ')} is not known before the block runs`;
  if (!change.app || !change.resourceGroup) return 'cannot watch it: the command names no app or resource group';
  if (!subscription) return 'cannot watch it: no subscription (pass --subscription, or set AZURE_SUBSCRIPTION_ID)';
  return { subscription, resourceGroup: change.resourceGroup, app: change.app };
}

/** Recognises the block's changes and reads each app before it runs. */
export async function watchBefore(script: string, opts: WatchOptions): Promise<WatchedChange[]> {
  const out: WatchedChange[] = [];
  for (const change of recogniseAppChanges(script, opts.values)) {
    const target = targetOf(change, opts.values, opts.env);
    if (typeof target === 'string') {
      out.push({ change, error: target });
      continue;
    }
    try {
      out.push({ change, target, before: await opts.apps.read(target, opts.signal) });
    } catch (err) {
      // the login's own line says what to do; another failure names the read
      if (err instanceof SignInError) out.push({ change, target, error: oneLine(err), signInFailed: true });
      else out.push({ change, target, error: `could not read ${describeTarget(target)} before: ${oneLine(err)}` });
    }
  }
  return out;
}

/** Reads of each app taken while the block ran, oldest first, by targetKey. */
export type Observed = ReadonlyMap<string, readonly AppSnapshot[]>;

export function targetKey(t: AppTarget): string {
  return `${t.subscription}/${t.resourceGroup}/${t.app}`.toLowerCase();
}

/** Whether a later command of the block changes the same thing again (only the last can be seen after it). */
export function changedAgain(watched: readonly WatchedChange[], i: number): boolean {
  const w = watched[i];
  return w !== undefined && watched.slice(i + 1).some((later) => later.change.app === w.change.app && changeGroup(later.change) === changeGroup(w.change));
}

/**
 * Reads each app after the block, until the verdict settles or the time is up, and judges it.
 * A change the block makes again later is judged on the first read taken while the block ran
 * that shows it done (`observed`), against the state the change before it left.
 */
export async function verifyAfter(watched: readonly WatchedChange[], opts: WatchOptions, observed: Observed = new Map()): Promise<AppChangeData[]> {
  const out: AppChangeData[] = [];
  const now = opts.now ?? Date.now;
  const wait = opts.wait ?? sleep;
  // per app and thing changed: the state the last judged change left, and the reads after it
  const cursor = new Map<string, { before: AppSnapshot; index: number }>();
  for (const [i, w] of watched.entries()) {
    const base = {
      kind: w.change.kind,
      command: w.change.text,
      ...(w.change.app ? { app: w.change.app } : {}),
      ...(w.change.resourceGroup ? { resourceGroup: w.change.resourceGroup } : {}),
      ...(w.target ? { subscription: w.target.subscription } : {}),
    };
    if (!w.target || !w.before) {
      out.push({ ...base, diff: [], verdict: { result: 'unverified', checks: [] }, error: w.error ?? 'not read before the block ran' });
      continue;
    }
    const key = `${targetKey(w.target)} ${changeGroup(w.change)}`;
    const from = cursor.get(key) ?? { before: w.before, index: 0 };
    if (changedAgain(watched, i)) {
      const seen = observed.get(targetKey(w.target)) ?? [];
      const index = seen.findIndex((s, n) => n >= from.index && judgeChange(w.change, from.before, s).result === 'pass');
      const after = seen[index];
      if (!after) {
        out.push({ ...base, diff: [], verdict: { result: 'unverified', checks: [] }, error: 'not judged: a later command in the same block changes it again, and no read while the block ran saw it' });
        continue;
      }
      cursor.set(key, { before: after, index: index + 1 });
      const principal = opts.apps.principal?.();
      out.push({ ...base, ...(principal ? principalFields(principal) : {}), before: from.before, after, diff: diffSnapshots(from.before, after), verdict: judgeChange(w.change, from.before, after) });
      continue;
    }
    const before = from.before;
    const started = now();
    let after: AppSnapshot | undefined;
    let verdict: AppVerdict = { result: 'unverified', checks: [] };
    let error: string | undefined;
    for (;;) {
      try {
        after = await opts.apps.read(w.target, opts.signal);
        verdict = judgeChange(w.change, before, after);
      } catch (err) {
        error = `could not read ${describeTarget(w.target)} after: ${oneLine(err)}`;
        break;
      }
      const pending = verdict.checks.some((c) => c.result === 'pending');
      if (!pending) break;
      const waited = now() - started;
      if (waited >= (opts.settleMs ?? 120_000)) {
        verdict = expirePending(verdict, waited);
        break;
      }
      await wait(opts.pollMs ?? 5_000, opts.signal);
    }
    const principal = opts.apps.principal?.();
    out.push({ ...base, ...(principal ? principalFields(principal) : {}), before, ...(after ? { after } : {}), diff: after ? diffSnapshots(before, after) : [], verdict, ...(error ? { error } : {}) });
  }
  return out;
}

/** What a change sets: traffic, the latest revision, or one revision's state. */
function changeGroup(c: AppChange): string {
  switch (c.kind) {
    case 'traffic':
      return 'traffic';
    case 'update':
    case 'copy':
      return 'latest';
    case 'activate':
    case 'deactivate':
    case 'restart':
      return `revision ${c.revision ?? ''}`;
    default: {
      const never: never = c.kind;
      return String(never);
    }
  }
}

/** A UserError's message and next step, else the message. */
function oneLine(err: unknown): string {
  return err instanceof UserError && err.next ? `${err.message}; ${err.next}` : messageOf(err);
}
