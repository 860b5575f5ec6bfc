// The ARM part of the emulator: Microsoft.App container apps and their revisions.
import type { Emulator, Reply, SeenRequest } from './server.js';

export interface EmulatedRevision {
  name: string;
  active: boolean;
  replicas: number;
  health: 'Healthy' | 'Unhealthy' | 'None';
  provisioning: 'Provisioned' | 'Provisioning' | 'Failed';
  created: string;
  image: string;
}

export interface EmulatedApp {
  location: string;
  image: string;
  latestRevision: string;
  traffic: { revisionName?: string; latestRevision?: boolean; weight: number }[];
  revisions: EmulatedRevision[];
}

export function appKey(subscription: string, resourceGroup: string, app: string): string {
  return `${subscription}/${resourceGroup}/${app}`.toLowerCase();
}

/** A running app with revisions v1 (old) and v2 (latest), traffic 100% on v1. */
export function sampleApp(name: string): EmulatedApp {
  return {
    location: 'westeurope',
    image: 'registry.example/web:2.0',
    latestRevision: `${name}--v2`,
    traffic: [{ revisionName: `${name}--v1`, weight: 100 }],
    revisions: [
      { name: `${name}--v1`, active: true, replicas: 3, health: 'Healthy', provisioning: 'Provisioned', created: '2026-11-20T09:00:00Z', image: 'registry.example/web:1.0' },
      { name: `${name}--v2`, active: true, replicas: 1, health: 'Healthy', provisioning: 'Provisioned', created: '2026-11-23T09:00:00Z', image: 'registry.example/web:2.0' },
    ],
  };
}

function weightOf(app: EmulatedApp, revision: string): number {
  return app.traffic.reduce((sum, t) => sum + ((t.revisionName ?? (t.latestRevision ? app.latestRevision : '')) === revision ? t.weight : 0), 0);
}

export function appJson(id: string, name: string, app: EmulatedApp): unknown {
  const latest = app.revisions.find((r) => r.name === app.latestRevision);
  return {
    id,
    name,
    type: 'Microsoft.App/containerApps',
    location: app.location,
    properties: {
      provisioningState: 'Succeeded',
      latestRevisionName: app.latestRevision,
      ...(latest?.health === 'Healthy' ? { latestReadyRevisionName: app.latestRevision } : {}),
      configuration: { activeRevisionsMode: 'Multiple', ingress: { external: true, targetPort: 8080, traffic: app.traffic } },
      template: { containers: [{ name: 'web', image: app.image }] },
    },
  };
}

function revisionJson(appId: string, app: EmulatedApp, r: EmulatedRevision): unknown {
  return {
    id: `${appId}/revisions/${r.name}`,
    name: r.name,
    type: 'Microsoft.App/containerApps/revisions',
    properties: {
      createdTime: r.created,
      active: r.active,
      replicas: r.replicas,
      trafficWeight: weightOf(app, r.name),
      healthState: r.health,
      provisioningState: r.provisioning,
      runningState: r.active ? 'Running' : 'Stopped',
      template: { containers: [{ name: 'web', image: r.image }] },
    },
  };
}

interface Operation {
  polls: number;
  apply: () => void;
}
const operations = new WeakMap<Emulator, Map<string, Operation>>();

const APP = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/containerApps\/([^/]+)(\/revisions(?:\/([^/]+)(?:\/(activate|deactivate|restart))?)?)?$/i;

export function armRoute(req: SeenRequest, emu: Emulator): Reply | undefined {
  const ops = operations.get(emu) ?? new Map<string, Operation>();
  operations.set(emu, ops);
  const op = /^\/emulator\/operations\/([^/]+)$/.exec(req.path);
  if (op?.[1]) return pollOperation(op[1], ops, emu);
  const m = APP.exec(req.path);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const [, sub, rg, name, revisionsPart, revision, action] = m;
  const app = emu.apps.get(appKey(sub, rg, name));
  const appId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.App/containerApps/${name}`;
  if (!app) return { status: 404, body: { error: { code: 'ResourceNotFound', message: `The Resource 'Microsoft.App/containerApps/${name}' under resource group '${rg}' was not found.` } } };
  if (!revisionsPart) {
    if (req.method === 'GET') return { status: 200, body: appJson(appId, name, app) };
    if (req.method === 'PATCH') return startUpdate(req, emu, ops, app, appId);
    return undefined;
  }
  if (!revision && req.method === 'GET') {
    const skip = Number(req.query.get('$skiptoken') ?? '0');
    const page = app.revisions.slice(skip, skip + emu.pageSize).map((r) => revisionJson(appId, app, r));
    const more = skip + emu.pageSize < app.revisions.length;
    const apiVersion = req.query.get('api-version') ?? '';
    return { status: 200, body: { value: page, ...(more ? { nextLink: `${emu.url}${appId}/revisions?api-version=${apiVersion}&$skiptoken=${skip + emu.pageSize}` } : {}) } };
  }
  const target = app.revisions.find((r) => r.name === revision);
  if (!target) return { status: 404, body: { error: { code: 'ContainerAppRevisionNotFound', message: `revision ${revision ?? ''} not found` } } };
  if (!action && req.method === 'GET') return { status: 200, body: revisionJson(appId, app, target) };
  if (req.method === 'POST' && action) {
    if (action === 'activate') target.active = true;
    if (action === 'deactivate') target.active = false;
    return { status: 200 };
  }
  return undefined;
}

function startUpdate(req: SeenRequest, emu: Emulator, ops: Map<string, Operation>, app: EmulatedApp, appId: string): Reply {
  const body = req.body as { properties?: { configuration?: { ingress?: { traffic?: EmulatedApp['traffic'] } } } } | undefined;
  const traffic = body?.properties?.configuration?.ingress?.traffic;
  const id = `op-${ops.size + 1}`;
  const plan = emu.lro;
  ops.set(id, {
    polls: plan.polls,
    apply: () => {
      const next = plan.fail ? plan.fail.partial : traffic;
      if (next) app.traffic = next.map((t) => ({ ...t }));
    },
  });
  const apiVersion = req.query.get('api-version') ?? '';
  return {
    status: 202,
    headers: {
      'azure-asyncoperation': `${emu.url}/emulator/operations/${id}?api-version=${apiVersion}`,
      location: `${emu.url}${appId}?api-version=${apiVersion}`,
      'retry-after': '0',
    },
  };
}

function pollOperation(id: string, ops: Map<string, Operation>, emu: Emulator): Reply {
  const op = ops.get(id);
  if (!op) return { status: 404, body: { error: { code: 'NotFound', message: `no operation ${id}` } } };
  if (op.polls > 0) {
    op.polls--;
    return { status: 200, headers: { 'retry-after': '0' }, body: { id, status: 'InProgress' } };
  }
  op.apply();
  const fail = emu.lro.fail;
  if (fail) return { status: 200, body: { id, status: 'Failed', error: { code: fail.code, message: fail.message } } };
  return { status: 200, body: { id, status: 'Succeeded' } };
}
