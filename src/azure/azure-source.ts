// Azure Monitor metrics (```metric kind: azure, with `resource:` and `metric:`). The SDKs are
// imported inside sample() only: lint and the TUI never load them. Without a usable login the
// first token request fails, and that failure is turned into one clear UserError quickly
// instead of a slow chain of SDK errors.
import type { Agent } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import { UserError } from '../errors.js';
import type { MetricSourceSpec } from '../runbook/model.js';
import { intervalOf, type MetricPoint, type MetricSeries, type MetricSource, type SampleOptions } from './metric-source.js';

export interface AzureSourceOptions {
  /** Default: DefaultAzureCredential (az login, environment, managed identity...). */
  credential?: TokenCredential;
  /** Azure Resource Manager endpoint (default https://management.azure.com), e.g. a local emulator in tests. */
  endpoint?: string;
  /** HTTP agent for the SDK (tests: one that trusts the emulator's self-signed certificate). */
  agent?: Agent;
  /** How long the login may take before giving up (default 15 s). */
  loginTimeoutMs?: number;
  now?: () => number;
}

const SCOPE = 'https://management.azure.com/.default';
const AGGREGATIONS: Record<string, 'Average' | 'Maximum' | 'Minimum' | 'Total' | 'Count'> = {
  avg: 'Average',
  average: 'Average',
  mean: 'Average',
  max: 'Maximum',
  maximum: 'Maximum',
  min: 'Minimum',
  minimum: 'Minimum',
  sum: 'Total',
  total: 'Total',
  count: 'Count',
};

export class AzureSource implements MetricSource {
  readonly kind = 'azure' as const;

  constructor(private readonly opts: AzureSourceOptions = {}) {}

  async sample(spec: MetricSourceSpec, opts: SampleOptions): Promise<MetricSeries> {
    if (!spec.resource || !spec.metric) {
      throw new UserError('a metric block of kind azure needs "resource:" and "metric:"', 'add the resource id (/subscriptions/...) and the metric name to the block');
    }
    const credential = this.opts.credential ?? (await defaultCredential());
    await this.checkLogin(credential, opts.signal);
    const { MetricsQueryClient } = await import('@azure/monitor-query');
    const client = new MetricsQueryClient(credential, {
      ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
      ...(this.opts.agent ? { agent: this.opts.agent } : {}),
      retryOptions: { maxRetries: 1 },
    });
    const aggregation = AGGREGATIONS[(spec.aggregation ?? 'average').toLowerCase()] ?? 'Average';
    const end = (this.opts.now ?? Date.now)();
    let result;
    try {
      result = await client.queryResource(spec.resource, [spec.metric], {
        timespan: { startTime: new Date(end - opts.windowMs), endTime: new Date(end) },
        granularity: isoDuration(intervalOf(spec)),
        aggregations: [aggregation],
        ...(opts.signal ? { abortSignal: opts.signal } : {}),
      });
    } catch (err) {
      throw new UserError(`Azure Monitor refused the metric query for ${spec.metric}: ${shortMessage(err)}`, 'check the resource id, the metric name and your access to the resource');
    }
    const metric = result.metrics[0];
    if (!metric || (metric.errorCode && metric.errorCode !== 'Success')) {
      throw new UserError(`Azure Monitor returned no ${spec.metric} for the resource${metric?.errorMessage ? `: ${metric.errorMessage}` : ''}`, 'check the metric name in the block');
    }
    const field = aggregation === 'Average' ? 'average' : aggregation === 'Maximum' ? 'maximum' : aggregation === 'Minimum' ? 'minimum' : aggregation === 'Total' ? 'total' : 'count';
    const points: MetricPoint[] = [];
    for (const ts of metric.timeseries) {
      for (const d of ts.data ?? []) {
        const v = d[field];
        if (typeof v === 'number' && Number.isFinite(v)) points.push({ t: d.timeStamp.getTime(), value: v });
      }
    }
    points.sort((a, b) => a.t - b.t);
    const unit = spec.unit ?? azureUnit(metric.unit);
    const series: MetricSeries = { metric: spec.metric, ...(unit ? { unit } : {}), points };
    opts.onPoint?.(series);
    return series;
  }

  /** One token request, bounded in time: no login is a UserError now, not a timeout later. */
  private async checkLogin(credential: TokenCredential, signal: AbortSignal | undefined): Promise<void> {
    const timeout = this.opts.loginTimeoutMs ?? 15_000;
    const abort = AbortSignal.any([AbortSignal.timeout(timeout), ...(signal ? [signal] : [])]);
    const noLogin = (why: string): UserError =>
      new UserError(`no Azure login available for metric gates (${why})`, 'run `az login` (or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET), or use --simulate');
    let token;
    try {
      token = await Promise.race([
        credential.getToken(SCOPE, { abortSignal: abort }),
        new Promise<never>((_, reject) => abort.addEventListener('abort', () => reject(new Error(`no token within ${timeout < 1000 ? `${timeout}ms` : `${Math.round(timeout / 1000)}s`}`)), { once: true })),
      ]);
    } catch (err) {
      throw noLogin(shortMessage(err));
    }
    if (!token) throw noLogin('the credential returned no token');
  }
}

async function defaultCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

/** 60000 -> "PT1M", 10000 -> "PT10S". */
export function isoDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s % 3600 === 0) return `PT${s / 3600}H`;
  if (s % 60 === 0) return `PT${s / 60}M`;
  return `PT${s}S`;
}

function azureUnit(unit: string | undefined): string | undefined {
  switch (unit) {
    case 'Percent':
      return '%';
    case 'MilliSeconds':
      return 'ms';
    case 'Seconds':
      return 's';
    case undefined:
    case 'Unspecified':
      return undefined;
    default:
      return unit;
  }
}

function shortMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]?.slice(0, 200) ?? text;
}
