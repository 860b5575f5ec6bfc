// The `azure` metric source: a ```metric block with `resource:` + `metric:` reads platform
// metrics; with `query:` (and `workspace:`, or `resource:`) it runs a Log Analytics KQL query
// and reads a numeric column. Parameters in those fields are filled from the session.
// Sign-in is proved first (a UserError within 5 s); calls retry (Retry-After on 429, jittered
// back-off otherwise); a query that keeps failing hands back the last good samples with
// their age, and the gate stays unverified.
import type { Agent } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import { UserError } from '../errors.js';
import type { MetricSourceSpec } from '../runbook/model.js';
import { ageText, intervalOf, SourceFailed, type MetricSeries, type MetricSource, type SampleOptions } from '../metrics/metric-source.js';
import { AzureAuth } from './auth.js';
import { azureCallError } from './call-error.js';
import { ArmContainerApps } from './container-apps.js';
import { fillField } from './fill-params.js';
import { principalFields } from './principal.js';
import { queryLogs, queryPlatformMetric, type MonitorEndpoints, type QueryContext } from './monitor-queries.js';
import { withRetry, type RetryOptions } from './retry.js';

export interface AzureSourceOptions {
  /** The session's login (shared with the container apps client). Default: a new one from `tenantId`. */
  auth?: AzureAuth;
  /** Shortcut for tests: a credential instead of DefaultAzureCredential. */
  credential?: TokenCredential;
  tenantId?: string;
  /** Endpoints (tests: the local emulator): ARM, metrics, logs. */
  endpoints?: MonitorEndpoints & { arm?: string };
  agent?: Agent;
  /** Parameter values, for `${NAME}` in resource, workspace and query. */
  values?: () => ReadonlyMap<string, string>;
  retry?: Omit<RetryOptions, 'signal'>;
  /** Called on each retry (the engine can show "Azure throttled; retrying in 3 s"). */
  onRetry?: RetryOptions['onRetry'];
  now?: () => number;
}

export class AzureSource implements MetricSource {
  readonly kind = 'azure' as const;
  readonly auth: AzureAuth;
  private readonly lastGood = new Map<string, { series: MetricSeries; at: number }>();
  private readonly regions = new Map<string, string>();

  constructor(private readonly opts: AzureSourceOptions = {}) {
    this.auth = opts.auth ?? new AzureAuth({ ...(opts.credential ? { credential: opts.credential } : {}), ...(opts.tenantId ? { tenantId: opts.tenantId } : {}) });
  }

  async sample(spec: MetricSourceSpec, opts: SampleOptions): Promise<MetricSeries> {
    const q = this.resolve(spec);
    await this.auth.signIn(opts.signal);
    const credential = await this.auth.credential();
    const now = this.opts.now ?? Date.now;
    const key = JSON.stringify(q);
    const what = q.query ? `the Log Analytics query${q.metric ? ` for ${q.metric}` : ''}` : `the metric query for ${q.metric}`;
    let series: MetricSeries;
    try {
      series = await withRetry(
        async (signal) => {
          const end = now();
          const ctx: QueryContext = { credential, signal, start: new Date(end - opts.windowMs), end: new Date(end), ...this.endpointOpts() };
          if (q.query) {
            // a recognised query names the series for the gate's metric and reads its own column
            const column = q.column ?? q.metric;
            const named = q.column && q.metric ? { series: q.metric } : {};
            return queryLogs({ query: q.query, ...(q.workspace ? { workspace: q.workspace } : {}), ...(q.resource ? { resource: q.resource } : {}), ...(column ? { column } : {}), ...named, name: 'query', ...(q.unit ? { unit: q.unit } : {}) }, ctx);
          }
          const region = await this.region(q.resource ?? '', q.region, signal);
          return queryPlatformMetric({ resource: q.resource ?? '', metric: q.metric ?? '', region, interval: isoDuration(intervalOf(spec)), ...(q.aggregation ? { aggregation: q.aggregation } : {}), ...(q.unit ? { unit: q.unit } : {}) }, ctx);
        },
        { ...this.opts.retry, ...(opts.signal ? { signal: opts.signal } : {}), ...(this.opts.onRetry ? { onRetry: this.opts.onRetry } : {}) },
      );
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const final = azureCallError(err, what, this.auth.opts.tenantId);
      const last = this.lastGood.get(key);
      if (!last) throw final;
      const age = now() - last.at;
      throw new SourceFailed(`${final.message}; showing the last good samples, ${ageText(age)}`, last.series, age);
    }
    const principal = this.auth.principal();
    series = { ...series, provenance: { azureApi: q.query ? 'log-analytics' : 'platform-metrics', ...(principal ? principalFields(principal) : {}) } };
    this.lastGood.set(key, { series, at: now() });
    opts.onPoint?.(series);
    return series;
  }

  /** The block's fields with parameters filled in; a block missing what it needs is refused before any sign-in. */
  private resolve(spec: MetricSourceSpec): MetricSourceSpec {
    const values = this.opts.values?.() ?? new Map<string, string>();
    const fill = (field: 'resource' | 'workspace' | 'query' | 'metric' | 'region'): string | undefined => {
      const v = spec[field];
      return v === undefined ? undefined : fillField(field, v, values, field === 'query');
    };
    const out: MetricSourceSpec = { ...spec };
    for (const field of ['resource', 'workspace', 'query', 'metric', 'region'] as const) {
      const v = fill(field);
      if (v !== undefined) out[field] = v;
    }
    if (out.query) {
      if (!out.workspace && !out.resource) throw new UserError('a metric block with "query:" needs "workspace:" (or "resource:")', 'add the Log Analytics workspace id to the block');
      return out;
    }
    if (!out.resource || !out.metric) {
      throw new UserError('a metric block of kind azure needs "resource:" and "metric:", or "query:" and "workspace:"', 'add the resource id (/subscriptions/...) and the metric name to the block');
    }
    return out;
  }

  /** The region of the resource: the block's `region:`, else a container app's location (read once). */
  private async region(resource: string, given: string | undefined, signal: AbortSignal): Promise<string> {
    if (given) return given;
    const known = this.regions.get(resource);
    if (known) return known;
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/containerApps\/([^/]+)/i.exec(resource);
    if (!m?.[1] || !m[2] || !m[3]) {
      throw new UserError('platform metrics are read from the resource\'s region', 'add "region: <e.g. westeurope>" to the metric block');
    }
    const apps = new ArmContainerApps({ auth: this.auth, ...(this.opts.endpoints?.arm ? { endpoint: this.opts.endpoints.arm } : {}), ...(this.opts.agent ? { agent: this.opts.agent } : {}) });
    const app = await apps.read({ subscription: m[1], resourceGroup: m[2], app: m[3] }, signal);
    if (!app.location) throw new UserError(`Azure gave no region for ${m[3]}`, 'add "region: <e.g. westeurope>" to the metric block');
    this.regions.set(resource, app.location);
    return app.location;
  }

  private endpointOpts(): Pick<QueryContext, 'endpoints' | 'agent'> {
    return { ...(this.opts.endpoints ? { endpoints: this.opts.endpoints } : {}), ...(this.opts.agent ? { agent: this.opts.agent } : {}) };
  }
}

/** 60000 -> "PT1M", 10000 -> "PT10S". */
export function isoDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s % 3600 === 0) return `PT${s / 3600}H`;
  if (s % 60 === 0) return `PT${s / 60}M`;
  return `PT${s}S`;
}
