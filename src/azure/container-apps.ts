// Container Apps through @azure/arm-appcontainers (imported on first use): an app's
// revisions and traffic as one snapshot, and the few changes flightdeck may make itself
// (traffic weights, activate / deactivate / restart a revision), each waited for.
import type { Agent } from 'node:http';
import type { ContainerApp, ContainerAppsAPIClient, Revision } from '@azure/arm-appcontainers';
import type { AzureAuth } from './auth.js';
import type { AzurePrincipal } from './principal.js';
import { azureCallError } from './call-error.js';
import { withRetry, type RetryOptions } from './retry.js';

export interface AppTarget {
  subscription: string;
  resourceGroup: string;
  app: string;
}

export interface RevisionInfo {
  name: string;
  active: boolean;
  trafficWeight: number;
  replicas?: number;
  /** Healthy, Unhealthy, None. */
  health?: string;
  /** Provisioned, Provisioning, Failed, Deprovisioning, Deprovisioned. */
  provisioning?: string;
  running?: string;
  createdAt?: string;
  image?: string;
}

export interface TrafficRule {
  revision?: string;
  latestRevision?: boolean;
  label?: string;
  weight: number;
}

export interface AppSnapshot {
  target: AppTarget;
  /** When it was read (ISO). */
  at: string;
  location?: string;
  provisioning?: string;
  latestRevision?: string;
  latestReadyRevision?: string;
  /** The image of the app's template (the first container). */
  image?: string;
  traffic: TrafficRule[];
  revisions: RevisionInfo[];
}

/** What the engine and the panel need: the simulated app answers the same. */
export interface ContainerAppReader {
  read(target: AppTarget, signal?: AbortSignal): Promise<AppSnapshot>;
  /** Who the reads are made as (Azure: the signed-in principal). */
  principal?(): AzurePrincipal | undefined;
}

export type RevisionAction = 'activate' | 'deactivate' | 'restart';

export interface ContainerAppWriter extends ContainerAppReader {
  setTraffic(target: AppTarget, traffic: readonly TrafficRule[], signal?: AbortSignal): Promise<AppSnapshot>;
  revisionAction(target: AppTarget, action: RevisionAction, revision: string, signal?: AbortSignal): Promise<void>;
}

export interface ArmContainerAppsOptions {
  auth: AzureAuth;
  /** ARM endpoint (default https://management.azure.com). */
  endpoint?: string;
  agent?: Agent;
  retry?: Omit<RetryOptions, 'signal'>;
  /** Long-running operation polling interval (default: what the service says). */
  pollIntervalMs?: number;
}

export function describeTarget(t: AppTarget): string {
  return `container app ${t.app} in ${t.resourceGroup}`;
}

export class ArmContainerApps implements ContainerAppWriter {
  private clients = new Map<string, Promise<ContainerAppsAPIClient>>();

  constructor(private readonly opts: ArmContainerAppsOptions) {}

  principal(): AzurePrincipal | undefined {
    return this.opts.auth.principal();
  }

  async read(target: AppTarget, signal?: AbortSignal): Promise<AppSnapshot> {
    const client = await this.client(target.subscription, signal);
    const { app, revisions } = await this.call(target, signal, async (abortSignal) => {
      const app = await client.containerApps.get(target.resourceGroup, target.app, { abortSignal });
      const revisions: Revision[] = [];
      // every page (nextLink) of the revision list
      for await (const r of client.containerAppsRevisions.listRevisions(target.resourceGroup, target.app, { abortSignal })) revisions.push(r);
      return { app, revisions };
    });
    return snapshotOf(target, app, revisions);
  }

  async setTraffic(target: AppTarget, traffic: readonly TrafficRule[], signal?: AbortSignal): Promise<AppSnapshot> {
    const client = await this.client(target.subscription, signal);
    const current = await this.call(target, signal, (abortSignal) => client.containerApps.get(target.resourceGroup, target.app, { abortSignal }));
    const envelope: ContainerApp = {
      location: current.location,
      configuration: {
        ingress: {
          traffic: traffic.map((t) => ({
            weight: t.weight,
            ...(t.revision ? { revisionName: t.revision } : {}),
            ...(t.latestRevision ? { latestRevision: true } : {}),
            ...(t.label ? { label: t.label } : {}),
          })),
        },
      },
    };
    // not retried: a PATCH that may have been applied is read back, never sent twice
    try {
      await client.containerApps.beginUpdateAndWait(target.resourceGroup, target.app, envelope, {
        abortSignal: signal,
        ...(this.opts.pollIntervalMs !== undefined ? { updateIntervalInMs: this.opts.pollIntervalMs } : {}),
      });
    } catch (err) {
      throw azureCallError(err, `the traffic change of ${describeTarget(target)}`, this.opts.auth.opts.tenantId);
    }
    return this.read(target, signal);
  }

  async revisionAction(target: AppTarget, action: RevisionAction, revision: string, signal?: AbortSignal): Promise<void> {
    const client = await this.client(target.subscription, signal);
    const ops = client.containerAppsRevisions;
    try {
      const options = { abortSignal: signal };
      if (action === 'activate') await ops.activateRevision(target.resourceGroup, target.app, revision, options);
      else if (action === 'deactivate') await ops.deactivateRevision(target.resourceGroup, target.app, revision, options);
      else await ops.restartRevision(target.resourceGroup, target.app, revision, options);
    } catch (err) {
      throw azureCallError(err, `${action} of revision ${revision} of ${describeTarget(target)}`, this.opts.auth.opts.tenantId);
    }
  }

  private async call<T>(target: AppTarget, signal: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withRetry(fn, { ...this.opts.retry, ...(signal ? { signal } : {}) });
    } catch (err) {
      throw azureCallError(err, describeTarget(target), this.opts.auth.opts.tenantId);
    }
  }

  private async client(subscription: string, signal: AbortSignal | undefined): Promise<ContainerAppsAPIClient> {
    await this.opts.auth.signIn(signal);
    let made = this.clients.get(subscription);
    if (!made) {
      made = (async () => {
        const [{ ContainerAppsAPIClient: Client }, credential] = await Promise.all([import('@azure/arm-appcontainers'), this.opts.auth.credential()]);
        return new Client(credential, subscription, {
          retryOptions: { maxRetries: 0 },
          ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
          ...(this.opts.agent ? { agent: this.opts.agent } : {}),
        });
      })();
      this.clients.set(subscription, made);
    }
    return made;
  }
}

export function snapshotOf(target: AppTarget, app: ContainerApp, revisions: readonly Revision[]): AppSnapshot {
  const traffic: TrafficRule[] = (app.configuration?.ingress?.traffic ?? []).map((t) => ({
    weight: t.weight ?? 0,
    ...(t.revisionName ? { revision: t.revisionName } : {}),
    ...(t.latestRevision ? { latestRevision: true } : {}),
    ...(t.label ? { label: t.label } : {}),
  }));
  const image = app.template?.containers?.[0]?.image;
  return {
    target,
    at: new Date().toISOString(),
    ...(app.location ? { location: app.location } : {}),
    ...(app.provisioningState ? { provisioning: app.provisioningState } : {}),
    ...(app.latestRevisionName ? { latestRevision: app.latestRevisionName } : {}),
    ...(app.latestReadyRevisionName ? { latestReadyRevision: app.latestReadyRevisionName } : {}),
    ...(image ? { image } : {}),
    traffic,
    revisions: revisions
      .map((r): RevisionInfo => {
        const img = r.template?.containers?.[0]?.image;
        return {
          name: r.name ?? '?',
          active: r.active === true,
          trafficWeight: r.trafficWeight ?? 0,
          ...(r.replicas !== undefined ? { replicas: r.replicas } : {}),
          ...(r.healthState ? { health: r.healthState } : {}),
          ...(r.provisioningState ? { provisioning: r.provisioningState } : {}),
          ...(r.runningState ? { running: r.runningState } : {}),
          ...(r.createdTime ? { createdAt: r.createdTime.toISOString() } : {}),
          ...(img ? { image: img } : {}),
        };
      })
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')),
  };
}

/** The weight each revision gets: rules naming it, plus the latest-revision rule for the latest. */
export function effectiveWeights(s: Pick<AppSnapshot, 'traffic' | 'latestRevision'>): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of s.traffic) {
    const name = t.revision ?? (t.latestRevision ? s.latestRevision : undefined);
    if (name) out.set(name, (out.get(name) ?? 0) + t.weight);
  }
  return out;
}
