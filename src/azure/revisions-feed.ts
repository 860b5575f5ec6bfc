// What a revisions panel shows, without the panel: the container app the runbook names
// through its parameters, and a feed that reads it at once and then at most every 10 s
// while someone is watching, keeping the last good snapshot (with its age) when a read fails.
import { messageOf, UserError } from '../errors.js';
import { recogniseNamedApps } from './app-change.js';
import type { AppSnapshot, AppTarget, ContainerAppReader } from './container-apps.js';

const APP = /^(CONTAINER_?APP(_NAME)?|([A-Z0-9]+_)?APP(_NAME)?|CA_NAME)$/i;
const GROUP = /^(RESOURCE_?GROUP(_NAME)?|RG(_NAME)?)$/i;
const SUBSCRIPTION = /^(AZURE_)?SUBSCRIPTION(_ID)?$/i;

/** What the revisions panel reads: the app the parameters name, through the session's reader (Azure or --simulate). */
export interface ContainerAppView {
  target: AppTarget;
  apps: ContainerAppReader;
  simulated: boolean;
}

/**
 * The app, resource group and subscription the runbook's parameters name, once all have
 * values (the subscription may come from AZURE_SUBSCRIPTION_ID, or `fallback`: --simulate).
 */
export function appTargetFromParams(values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env, fallback?: string): AppTarget | undefined {
  const find = (re: RegExp): string | undefined => {
    for (const [name, value] of values) if (re.test(name) && value.trim() !== '') return value.trim();
    return undefined;
  };
  const app = find(APP);
  const resourceGroup = find(GROUP);
  const subscription = find(SUBSCRIPTION) ?? env['AZURE_SUBSCRIPTION_ID'] ?? fallback;
  return app && resourceGroup && subscription ? { app, resourceGroup, subscription } : undefined;
}

/**
 * Else, the first container app the runbook's own `az containerapp` commands name with a
 * known name and resource group (values filled in), the given scripts in order (the current
 * step's first); the subscription from the command, the parameters, AZURE_SUBSCRIPTION_ID or
 * `fallback`.
 */
export function appTargetFromCommands(scripts: Iterable<string>, values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env, fallback?: string): AppTarget | undefined {
  const paramSubscription = [...values].find(([name, value]) => SUBSCRIPTION.test(name) && value.trim() !== '')?.[1].trim();
  for (const script of scripts) {
    for (const named of recogniseNamedApps(script, values)) {
      if (!named.app || !named.resourceGroup) continue;
      if (named.unresolved.some((u) => /^(--name|-n|--resource-group|-g|--revision) /.test(u))) continue;
      const subscription = named.subscription ?? paramSubscription ?? env['AZURE_SUBSCRIPTION_ID'] ?? fallback;
      if (subscription) return { app: named.app, resourceGroup: named.resourceGroup, subscription };
    }
  }
  return undefined;
}

export interface FeedState {
  snapshot?: AppSnapshot;
  /** When the snapshot was read (epoch ms). */
  readAt?: number;
  /** The last read's failure (the snapshot, if any, is older). */
  error?: string;
  loading: boolean;
  /** When the read in flight started (epoch ms), while loading. */
  since?: number;
}

export const PANEL_POLL_MS = 10_000;

export class RevisionsFeed {
  private state: FeedState = { loading: false };
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;

  constructor(
    private readonly apps: ContainerAppReader,
    private readonly target: AppTarget,
    private readonly onChange: (state: FeedState) => void,
    private readonly opts: { pollMs?: number; now?: () => number } = {},
  ) {}

  /** Reads now, then every poll interval until stop(). */
  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    void this.tick();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
  }

  current(): FeedState {
    return this.state;
  }

  private async tick(): Promise<void> {
    const abort = this.abort;
    if (!abort) return;
    this.set({ ...this.state, loading: true, since: (this.opts.now ?? Date.now)() });
    try {
      const snapshot = await this.apps.read(this.target, abort.signal);
      if (abort.signal.aborted) return;
      this.set({ snapshot, readAt: (this.opts.now ?? Date.now)(), loading: false });
    } catch (err) {
      if (abort.signal.aborted) return;
      const { error: _old, since: _since, ...rest } = this.state;
      const text = err instanceof UserError && err.next ? `${err.message}; ${err.next}` : messageOf(err);
      this.set({ ...rest, error: text, loading: false });
    }
    // the next read is scheduled after this one ends: never two at once, never faster than the interval
    if (this.abort === abort) this.timer = setTimeout(() => void this.tick(), this.opts.pollMs ?? PANEL_POLL_MS);
  }

  private set(state: FeedState): void {
    this.state = state;
    this.onChange(state);
  }
}
