// The container apps of --simulate: each app the runbook names starts with one healthy
// revision taking all traffic, and changes when the runbook's commands would change it, so
// the before / after / verdict flow can be practised offline. Deterministic: no clock, no
// randomness (revision times count up from a fixed date).
import type { AppChange } from './app-change.js';
import { effectiveWeights, type AppSnapshot, type AppTarget, type ContainerAppWriter, type RevisionAction, type RevisionInfo, type TrafficRule } from './container-apps.js';

interface SimApp {
  latest: string;
  image: string;
  traffic: TrafficRule[];
  revisions: RevisionInfo[];
}

const EPOCH = Date.parse('2026-01-01T00:00:00Z');

export class SimulatedContainerApps implements ContainerAppWriter {
  private apps = new Map<string, SimApp>();
  private made = 0;

  async read(target: AppTarget): Promise<AppSnapshot> {
    const app = this.app(target);
    const weights = effectiveWeights({ traffic: app.traffic, latestRevision: app.latest });
    return {
      target,
      at: new Date().toISOString(),
      location: 'simulated',
      provisioning: 'Succeeded',
      latestRevision: app.latest,
      latestReadyRevision: app.latest,
      image: app.image,
      traffic: app.traffic.map((t) => ({ ...t })),
      revisions: app.revisions.map((r) => ({ ...r, trafficWeight: weights.get(r.name) ?? 0, replicas: r.active ? Math.max(1, r.replicas ?? 1) : 0 })),
    };
  }

  /** A ```traffic annotation applied: the weights as asked; a revision given traffic is active. */
  async setTraffic(target: AppTarget, traffic: readonly TrafficRule[]): Promise<AppSnapshot> {
    const app = this.app(target);
    app.traffic = traffic.map((t) => ({ ...t }));
    this.activateServing(app);
    return this.read(target);
  }

  async revisionAction(target: AppTarget, action: RevisionAction, revision: string): Promise<void> {
    const r = this.app(target).revisions.find((x) => x.name === revision);
    if (r && action !== 'restart') r.active = action === 'activate';
  }

  /** What the command would have done to the app. */
  apply(target: AppTarget, change: AppChange): void {
    const app = this.app(target);
    switch (change.kind) {
      case 'update':
      case 'copy': {
        const name = `${target.app}--${change.suffix ?? `sim${this.made}`}`;
        const image = change.image && !change.unresolved.some((u) => u.startsWith('--image')) ? change.image : `${app.image.replace(/:[^:]*$/, '')}:sim${this.made + 1}`;
        app.revisions.unshift(this.revision(name, image));
        app.latest = name;
        app.image = image;
        // an update in the default single-revision mode moves all traffic; a copy waits for a traffic change
        if (change.kind === 'update') app.traffic = [{ latestRevision: true, weight: 100 }];
        break;
      }
      case 'traffic': {
        const serving = [...effectiveWeights({ traffic: app.traffic, latestRevision: app.latest })].sort((a, b) => b[1] - a[1])[0]?.[0];
        app.traffic = (change.weights ?? []).map((w) => {
          if (w.latest) return { latestRevision: true, weight: w.weight };
          // a name not known before the block ran: the "current"/"previous" one is what served, any other the newest
          const name = w.resolved ? w.revision : /CURRENT|PREVIOUS|OLD|BLUE|STABLE/i.test(w.raw) ? (serving ?? app.latest) : app.latest;
          return { revision: name, weight: w.weight };
        });
        this.activateServing(app);
        break;
      }
      case 'activate':
      case 'deactivate': {
        const r = app.revisions.find((x) => x.name === change.revision);
        if (r) r.active = change.kind === 'activate';
        break;
      }
      case 'restart':
        break;
      default: {
        const never: never = change.kind;
        throw new Error(`unknown change ${String(never)}`);
      }
    }
  }

  private activateServing(app: SimApp): void {
    for (const t of app.traffic) {
      const r = app.revisions.find((x) => x.name === t.revision);
      if (r && t.weight > 0) r.active = true;
    }
  }

  private app(target: AppTarget): SimApp {
    // one simulated Azure: the same app whatever subscription a block or the parameters name
    const key = `${target.resourceGroup}/${target.app}`.toLowerCase();
    let app = this.apps.get(key);
    if (!app) {
      const first = this.revision(`${target.app}--sim0`, `registry.example/${target.app}:1.0`);
      app = { latest: first.name, image: first.image ?? '', traffic: [{ revision: first.name, weight: 100 }], revisions: [first] };
      this.apps.set(key, app);
    }
    return app;
  }

  private revision(name: string, image: string): RevisionInfo {
    const created = new Date(EPOCH + this.made++ * 3_600_000).toISOString();
    return { name, active: true, trafficWeight: 0, replicas: 1, health: 'Healthy', provisioning: 'Provisioned', running: 'Running', createdAt: created, image };
  }
}
