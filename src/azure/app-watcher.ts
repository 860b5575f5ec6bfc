// The engine's one entry to container-app watching. A real run: each block that changes a
// container app is read before and after through the SDK (read-only; the block itself runs
// as the runbook wrote it) and judged; the results become `check` events. A rehearsal with
// --simulate: the simulated app changes as the block would change it, and the difference
// is noted (a rehearsal never passes anything).
import { recogniseAppChanges } from './app-change.js';
import { describeChecks } from './app-verdict.js';
import { changedAgain, targetKey, verifyAfter, watchBefore, type AppChangeData, type Observed, type WatchedChange, type WatchOptions } from './app-watch.js';
import type { AppSnapshot, AppTarget } from './container-apps.js';
import { AzureAuth } from './auth.js';
import { ArmContainerApps, type ContainerAppReader } from './container-apps.js';
import { SimulatedContainerApps } from './simulated-apps.js';

export interface AppWatcherOptions {
  /** Simulated apps (--simulate) or Azure through this login. */
  simulate: boolean;
  auth?: AzureAuth;
  env?: NodeJS.ProcessEnv;
  /** Instead of the default reader (tests: ArmContainerApps pointed at the emulator). */
  apps?: ContainerAppReader;
  settleMs?: number;
  pollMs?: number;
  /** Between reads while a block that changes the same thing several times runs (default 10 s). */
  observeMs?: number;
}

const OBSERVE_MS = 10_000;

/** A block's apps as read before it runs. */
export interface BlockWatch {
  watched: WatchedChange[];
  values: ReadonlyMap<string, string>;
  /** The login failed: one line saying what to do (the block must not run unwatched). */
  signInFailed?: string;
}

export class AppWatcher {
  readonly apps: ContainerAppReader;

  constructor(private readonly opts: AppWatcherOptions) {
    // a real run never falls back to the simulation: without a login given, it makes its own
    this.apps = opts.apps ?? (opts.simulate ? new SimulatedContainerApps() : new ArmContainerApps({ auth: opts.auth ?? new AzureAuth() }));
  }

  /** Whether the block changes a container app (cheap: most blocks never mention one). */
  static touches(script: string, values: ReadonlyMap<string, string>): boolean {
    return script.includes('containerapp') && recogniseAppChanges(script, values).length > 0;
  }

  /** Reads each app the block changes, before it runs (nothing when it changes none). */
  async before(script: string, values: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<BlockWatch> {
    if (!AppWatcher.touches(script, values)) return { watched: [], values };
    const watched = await watchBefore(script, this.watchOptions(values, signal));
    const login = watched.find((w) => w.signInFailed);
    return { watched, values, ...(login?.error ? { signInFailed: login.error } : {}) };
  }

  /**
   * While a block that changes the same app several times runs (traffic in phases), reads it
   * every 10 s (read-only, one read at a time), so each phase can be judged; stop() ends it.
   */
  observe(watch: BlockWatch, signal?: AbortSignal): { stop(): Promise<Observed> } {
    const targets = new Map<string, AppTarget>();
    for (const [i, w] of watch.watched.entries()) if (w.target && w.before && changedAgain(watch.watched, i)) targets.set(targetKey(w.target), w.target);
    const seen = new Map<string, AppSnapshot[]>();
    if (targets.size === 0) return { stop: async () => seen };
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let reading: Promise<void> = Promise.resolve();
    const tick = async (): Promise<void> => {
      for (const [key, target] of targets) {
        try {
          const snap = await this.apps.read(target, signal);
          seen.set(key, [...(seen.get(key) ?? []), snap]);
        } catch {
          // a read that failed only leaves that moment unseen: the phase is then not judged
        }
      }
      if (!stopped) schedule();
    };
    const schedule = (): void => {
      timer = setTimeout(() => {
        reading = tick();
      }, this.opts.observeMs ?? OBSERVE_MS);
    };
    schedule();
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await reading;
        return seen;
      },
    };
  }

  /** Reads them again after the block and judges each change (a phase on the reads `observed` while it ran). */
  async after(watch: BlockWatch, signal?: AbortSignal, observed?: Observed): Promise<AppChangeData[]> {
    return watch.watched.length === 0 ? [] : verifyAfter(watch.watched, this.watchOptions(watch.values, signal), observed);
  }

  /** Rehearsal with --simulate: what the block would change, one line per change. */
  async rehearse(script: string, values: ReadonlyMap<string, string>): Promise<string[]> {
    if (!AppWatcher.touches(script, values) || !(this.apps instanceof SimulatedContainerApps)) return [];
    const opts = this.watchOptions(values);
    const lines: string[] = [];
    // change by change, so each line says what that command would do
    for (const w of await watchBefore(script, opts)) {
      const before = w.target ? await this.apps.read(w.target) : undefined;
      if (w.target) this.apps.apply(w.target, w.change);
      const [r] = await verifyAfter([{ ...w, ...(before ? { before } : {}) }], opts);
      if (!r) continue;
      // judged as a run judges it, on the simulated app: the check can be practised
      const judged = r.error ? '' : `; as asked: ${describeChecks(r.verdict) || 'nothing to check'}`;
      lines.push(`would change container app ${r.app ?? '?'} (${r.kind}, simulated): ${r.error ?? (r.diff.join('; ') || 'no difference')}${judged}`);
    }
    return lines;
  }

  private watchOptions(values: ReadonlyMap<string, string>, signal?: AbortSignal): WatchOptions {
    const env = this.opts.env ?? process.env;
    return {
      apps: this.apps,
      values,
      // a simulated app needs no real subscription
      env: this.apps instanceof SimulatedContainerApps ? { ...env, AZURE_SUBSCRIPTION_ID: env['AZURE_SUBSCRIPTION_ID'] ?? 'simulated' } : env,
      ...(this.opts.settleMs !== undefined ? { settleMs: this.opts.settleMs } : {}),
      ...(this.opts.pollMs !== undefined ? { pollMs: this.opts.pollMs } : {}),
      ...(signal ? { signal } : {}),
    };
  }
}
