// The two Azure Monitor reads behind the `azure` metric source, through the SDK clients
// (imported on first use): platform metrics of a resource (@azure/monitor-query-metrics,
// the regional metrics endpoint) and Log Analytics KQL (@azure/monitor-query-logs). Each
// returns one series; retries are the caller's (the clients are built with retries off).
import type { Agent } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import type { MetricsQueryResourcesOptions } from '@azure/monitor-query-metrics';
import { UserError } from '../errors.js';
import type { MetricPoint, MetricSeries } from '../metrics/metric-source.js';

export interface MonitorEndpoints {
  /** Metrics endpoint, `{region}` replaced by the resource's region (default https://{region}.metrics.monitor.azure.com). */
  metrics?: string;
  /** Log Analytics endpoint (default https://api.loganalytics.io/v1). */
  logs?: string;
}

export interface QueryContext {
  credential: TokenCredential;
  endpoints?: MonitorEndpoints;
  /** HTTP agent (tests: one that trusts the emulator's certificate). */
  agent?: Agent;
  signal: AbortSignal;
  start: Date;
  end: Date;
}

const AGGREGATIONS: Record<string, 'average' | 'maximum' | 'minimum' | 'total' | 'count'> = {
  avg: 'average',
  average: 'average',
  mean: 'average',
  max: 'maximum',
  maximum: 'maximum',
  min: 'minimum',
  minimum: 'minimum',
  sum: 'total',
  total: 'total',
  count: 'count',
};

/** "Microsoft.App/containerApps" from ".../providers/Microsoft.App/containerApps/web". */
export function metricNamespace(resourceId: string): string | undefined {
  const at = resourceId.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return undefined;
  const parts = resourceId.slice(at + '/providers/'.length).split('/').filter(Boolean);
  const [provider, ...rest] = parts;
  if (!provider || rest.length < 2) return undefined;
  // type/name pairs: keep the types
  const types = rest.filter((_, i) => i % 2 === 0);
  return [provider, ...types].join('/');
}

export interface PlatformQuery {
  resource: string;
  metric: string;
  region: string;
  aggregation?: string;
  /** ISO 8601 duration, e.g. PT1M. */
  interval: string;
  unit?: string;
}

export async function queryPlatformMetric(q: PlatformQuery, ctx: QueryContext): Promise<MetricSeries> {
  const namespace = metricNamespace(q.resource);
  if (!namespace) throw new UserError(`"${q.resource}" is not an Azure resource id`, 'write resource: /subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name>');
  const aggregation = AGGREGATIONS[(q.aggregation ?? 'average').toLowerCase()] ?? 'average';
  const { MetricsClient } = await import('@azure/monitor-query-metrics');
  const endpoint = (ctx.endpoints?.metrics ?? 'https://{region}.metrics.monitor.azure.com').replace('{region}', q.region.toLowerCase().replace(/\s+/g, ''));
  const client = new MetricsClient(endpoint, ctx.credential, {
    retryOptions: { maxRetries: 0 },
    ...(ctx.agent ? { agent: ctx.agent } : {}),
  });
  // the options reach the request as operation options; their type omits abortSignal
  const options: MetricsQueryResourcesOptions & { abortSignal: AbortSignal } = {
    startTime: ctx.start,
    endTime: ctx.end,
    interval: q.interval,
    aggregation,
    abortSignal: ctx.signal,
  };
  const results = await client.queryResources([q.resource], [q.metric], namespace, options);
  const metric = results[0]?.metrics[0];
  if (!metric || (metric.errorCode && metric.errorCode !== 'Success')) {
    throw new UserError(`Azure Monitor returned no ${q.metric} for the resource${metric?.errorMessage ? `: ${metric.errorMessage}` : ''}`, 'check the metric name in the block');
  }
  const points: MetricPoint[] = [];
  for (const ts of metric.timeseries ?? []) {
    for (const d of ts.data ?? []) {
      const v = d[aggregation];
      if (typeof v === 'number' && Number.isFinite(v)) points.push({ t: d.timeStamp.getTime(), value: v });
    }
  }
  points.sort((a, b) => a.t - b.t);
  const unit = q.unit ?? azureUnit(metric.unit);
  return { metric: q.metric, ...(unit ? { unit } : {}), points };
}

export interface LogQuery {
  query: string;
  /** Workspace id; else the query runs in the context of `resource`. */
  workspace?: string;
  resource?: string;
  /** The column to read (default: the first numeric column). */
  column?: string;
  /** The series name when no column is named. */
  name: string;
  /** The series name whatever the column (the gate's metric the column answers). */
  series?: string;
  unit?: string;
}

type Cell = string | number | boolean | Date | Record<string, unknown> | null | undefined;
interface Table {
  columnDescriptors: { name?: string; type?: string }[];
  rows: Cell[][];
}

export async function queryLogs(q: LogQuery, ctx: QueryContext): Promise<MetricSeries> {
  const { LogsQueryClient, LogsQueryResultStatus } = await import('@azure/monitor-query-logs');
  const client = new LogsQueryClient(ctx.credential, {
    retryOptions: { maxRetries: 0 },
    ...(ctx.endpoints?.logs ? { endpoint: ctx.endpoints.logs } : {}),
    ...(ctx.agent ? { agent: ctx.agent } : {}),
  });
  const timespan = { startTime: ctx.start, endTime: ctx.end };
  const options = { abortSignal: ctx.signal, serverTimeoutInSeconds: 60 };
  const result = q.workspace
    ? await client.queryWorkspace(q.workspace, q.query, timespan, options)
    : await client.queryResource(q.resource ?? '', q.query, timespan, options);
  if (result.status !== LogsQueryResultStatus.Success) {
    // a partial answer could hide exactly the errors the gate is looking for
    throw new UserError(`the Log Analytics query returned a partial result (${result.partialError.message ?? result.partialError.code ?? 'partial failure'})`, 'narrow the query or the window');
  }
  const table = result.tables[0] as Table | undefined;
  if (!table) return { metric: q.series ?? q.column ?? q.name, ...(q.unit ? { unit: q.unit } : {}), points: [] };
  return seriesFromTable(table, q, ctx.end.getTime(), ctx.end.getTime() - ctx.start.getTime());
}

/** One point per row: the time column (if any) and the chosen numeric column. */
export function seriesFromTable(table: Table, q: Pick<LogQuery, 'column' | 'name' | 'unit' | 'series'>, end: number, windowMs: number): MetricSeries {
  const cols = table.columnDescriptors;
  const numeric = (t: string | undefined): boolean => /^(int|long|real|double|decimal|float)$/i.test(t ?? '');
  const valueAt = q.column ? cols.findIndex((c) => c.name?.toLowerCase() === q.column?.toLowerCase()) : cols.findIndex((c) => numeric(c.type));
  if (valueAt < 0) {
    const names = cols.map((c) => c.name).join(', ');
    throw new UserError(q.column ? `the query returned no column ${q.column} (columns: ${names})` : `the query returned no numeric column (columns: ${names})`, 'name the column with "metric:" or summarize to a number');
  }
  const timeAt = cols.findIndex((c) => /^datetime$/i.test(c.type ?? ''));
  const rows = table.rows;
  const step = rows.length > 1 ? windowMs / (rows.length - 1) : 0;
  const points: MetricPoint[] = [];
  for (const [i, row] of rows.entries()) {
    const raw = row[valueAt];
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(value)) continue;
    const when = timeAt >= 0 ? timeOf(row[timeAt]) : undefined;
    points.push({ t: when ?? (rows.length > 1 ? Math.round(end - windowMs + i * step) : end), value });
  }
  points.sort((a, b) => a.t - b.t);
  const metric = cols[valueAt]?.name ?? q.name;
  return { metric: q.series ?? q.column ?? metric, ...(q.unit ? { unit: q.unit } : {}), points };
}

function timeOf(cell: Cell): number | undefined {
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === 'string') {
    const t = Date.parse(cell);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
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
    case 'Count':
      return undefined;
    default:
      return unit;
  }
}
