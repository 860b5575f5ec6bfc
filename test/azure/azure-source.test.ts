// The `azure` metric source drives the real @azure/monitor-query-metrics and
// @azure/monitor-query-logs clients against the local HTTPS emulator (self-signed
// certificate made at test time, the clients' endpoint options, a fake TokenCredential).
import { describe, expect, it } from 'vitest';
import { AzureSource, isoDuration, type AzureSourceOptions } from '../../src/azure/azure-source.js';
import { UserError } from '../../src/errors.js';
import { SourceFailed } from '../../src/metrics/metric-source.js';
import type { MetricSourceSpec } from '../../src/runbook/model.js';
import { FakeCredential } from './emulator/fake-credential.js';
import { useEmulator } from './emulator/use-emulator.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const RESOURCE = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.App/containerApps/web`;
const NOW = Date.parse('2026-11-23T10:00:00Z');
const WORKSPACE = '8e1f0000-0000-0000-0000-00000000abcd';

const emu = useEmulator((emu) => {
  emu.monitor.metrics = { ResponseTime: { unit: 'MilliSeconds', values: [100, 150, 200, 250] }, Requests: { unit: 'Count', values: [10, 12] } };
  emu.monitor.logs = () => ({
    tables: [
      {
        name: 'PrimaryResult',
        columns: [
          { name: 'TimeGenerated', type: 'datetime' },
          { name: 'ErrorRate', type: 'real' },
        ],
        rows: [
          ['2026-11-23T09:58:00Z', 0.2],
          ['2026-11-23T09:59:00Z', 0.4],
        ],
      },
    ],
  });
});

function source(extra: Partial<AzureSourceOptions> = {}): { src: AzureSource; delays: number[]; credential: FakeCredential } {
  const delays: number[] = [];
  const credential = new FakeCredential();
  const src = new AzureSource({
    credential,
    endpoints: { metrics: emu.url, logs: emu.url, arm: emu.url },
    agent: emu.agent,
    now: () => NOW,
    ...extra,
    retry: { wait: async (ms) => void delays.push(ms), random: () => 0.5, callTimeoutMs: 2_000, ...extra.retry },
  });
  return { src, delays, credential };
}

const metricSpec: MetricSourceSpec = { kind: 'azure', resource: RESOURCE, metric: 'ResponseTime', intervalMs: 60_000, region: 'westeurope' };

describe('platform metrics through @azure/monitor-query-metrics', () => {
  it('asks the batch endpoint for the resource with a bearer token and reads the series with its unit', async () => {
    const { src, credential } = source();
    const series = await src.sample(metricSpec, { windowMs: 5 * 60_000 });
    expect(series).toMatchObject({ metric: 'ResponseTime', unit: 'ms' });
    expect(series.points.map((p) => p.value)).toEqual([100, 150, 200, 250]);
    const req = emu.seen.find((r) => r.path.endsWith('metrics:getBatch'));
    expect(req?.path).toBe(`/subscriptions/${SUB}/metrics:getBatch`);
    expect(req?.body).toEqual({ resourceids: [RESOURCE] });
    expect(req?.query.get('metricnamespace')).toBe('Microsoft.App/containerApps');
    expect(req?.query.get('aggregation')).toBe('average');
    expect(req?.query.get('interval')).toBe('PT1M');
    expect(req?.query.get('starttime')).toBe(new Date(NOW - 300_000).toISOString());
    expect(req?.auth).toMatch(/^Bearer ey/);
    expect(credential.scopes).toContain('https://management.azure.com/.default');
  });

  it('fills parameters into the resource id', async () => {
    const { src } = source({ values: () => new Map([['APP_NAME', 'web']]) });
    await src.sample({ ...metricSpec, resource: RESOURCE.replace('/web', '/${APP_NAME}') }, { windowMs: 60_000 });
    expect(emu.seen.find((r) => r.path.endsWith('metrics:getBatch'))?.body).toEqual({ resourceids: [RESOURCE] });
  });

  it('a metric Azure does not know is a UserError naming the metric, not retried', async () => {
    const { src, delays } = source();
    const err = await src.sample({ ...metricSpec, metric: 'NoSuchMetric' }, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/Azure rejected the metric query for NoSuchMetric \(400: .*NoSuchMetric/);
    expect(delays).toEqual([]);
  });

  it('429 waits what Retry-After says, then reads', async () => {
    emu.fault({ match: /metrics:getBatch/, status: 429, headers: { 'retry-after': '7' }, times: 1 });
    const { src, delays } = source();
    const series = await src.sample(metricSpec, { windowMs: 60_000 });
    expect(series.points).toHaveLength(4);
    expect(delays).toEqual([7_000]);
  });

  it('other transient failures back off with growing, jittered waits', async () => {
    emu.fault({ match: /metrics:getBatch/, status: 503, times: 2 });
    const { src, delays } = source({ retry: { random: () => 1, baseMs: 400 } });
    await src.sample(metricSpec, { windowMs: 60_000 });
    expect(delays).toEqual([400, 800]);
  });

  it('401 and 403 say what to do', async () => {
    emu.fault({ match: /metrics:getBatch/, status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } }, times: 1 });
    const unauth = await source().src.sample(metricSpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect((unauth as UserError).toLine()).toMatch(/Azure refused the login .*401.*az login/);
    emu.fault({ match: /metrics:getBatch/, status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no read permission' } }, times: 1 });
    const forbidden = await source().src.sample(metricSpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect((forbidden as UserError).toLine()).toMatch(/no access to the metric query for ResponseTime \(403: .*Monitoring Reader/);
  });

  it('a call that never answers times out and is retried; one that keeps hanging fails', async () => {
    emu.fault({ match: /metrics:getBatch/, hang: true, times: 1 });
    const once = source({ retry: { callTimeoutMs: 300 } });
    expect((await once.src.sample(metricSpec, { windowMs: 60_000 })).points).toHaveLength(4);
    expect(once.delays).toHaveLength(1);
    emu.fault({ match: /metrics:getBatch/, hang: true });
    const err = await source({ retry: { callTimeoutMs: 300, attempts: 2 } }).src.sample(metricSpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/Azure did not answer the metric query for ResponseTime \(no answer within 0.3 s\)/);
  });

  it('a query that keeps failing hands back the last good samples with their age', async () => {
    let now = NOW;
    const { src } = source({ now: () => now });
    await src.sample(metricSpec, { windowMs: 60_000 });
    now += 42_000;
    emu.fault({ match: /metrics:getBatch/, status: 500 });
    const err = await src.sample(metricSpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceFailed);
    expect((err as SourceFailed).message).toMatch(/HTTP 500.*showing the last good samples, 42 s old/);
    expect((err as SourceFailed).lastGood?.points.map((p) => p.value)).toEqual([100, 150, 200, 250]);
  });

  it("without region: the container app's location picks the regional metrics endpoint", async () => {
    const { appKey, sampleApp } = await import('./emulator/arm.js');
    emu.apps.set(appKey(SUB, 'rg', 'web'), sampleApp('web'));
    const { region: _region, ...noRegion } = metricSpec;
    const { src } = source({ endpoints: { arm: emu.url, metrics: `${emu.url}/{region}` } });
    expect((await src.sample(noRegion, { windowMs: 60_000 })).points).toHaveLength(4);
    expect(emu.seen.filter((r) => r.method === 'GET' && r.path === RESOURCE)).toHaveLength(1);
    expect(emu.seen.find((r) => r.path.endsWith('metrics:getBatch'))?.region).toBe('westeurope');
    // the region is looked up once per resource
    await src.sample(noRegion, { windowMs: 60_000 });
    expect(emu.seen.filter((r) => r.method === 'GET' && r.path === RESOURCE)).toHaveLength(1);
  });
});

describe('Log Analytics queries through @azure/monitor-query-logs', () => {
  const querySpec: MetricSourceSpec = { kind: 'azure', query: "AppRequests | where AppRoleName == '${APP_NAME}' | summarize ErrorRate = 100.0 * countif(Success == false) / count() by bin(TimeGenerated, 1m)", workspace: WORKSPACE, unit: '%' };

  it('runs the KQL in the workspace with parameters filled and reads the numeric column over time', async () => {
    const { src, credential } = source({ values: () => new Map([['APP_NAME', 'web']]) });
    const series = await src.sample(querySpec, { windowMs: 10 * 60_000 });
    expect(series).toMatchObject({ metric: 'ErrorRate', unit: '%' });
    expect(series.points).toEqual([
      { t: Date.parse('2026-11-23T09:58:00Z'), value: 0.2 },
      { t: Date.parse('2026-11-23T09:59:00Z'), value: 0.4 },
    ]);
    const req = emu.seen.find((r) => r.path === `/workspaces/${WORKSPACE}/query`);
    expect((req?.body as { query: string }).query).toContain("AppRoleName == 'web'");
    expect((req?.body as { timespan: string }).timespan).toBe(`${new Date(NOW - 600_000).toISOString()}/${new Date(NOW).toISOString()}`);
    expect(credential.scopes).toContain('https://api.loganalytics.io/.default');
  });

  it('a value with a quote is refused rather than pasted into the query; a missing one is named', async () => {
    const bad = await source({ values: () => new Map([['APP_NAME', "x' or 1==1 //"]]) }).src.sample(querySpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect((bad as UserError).message).toMatch(/APP_NAME holds quotes/);
    const missing = await source().src.sample(querySpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect((missing as UserError).toLine()).toMatch(/names \$\{APP_NAME\} with no value; set --set APP_NAME=/);
    expect(emu.seen.filter((r) => r.path.endsWith('/query'))).toEqual([]);
  });

  it('a partial result is not judged', async () => {
    emu.monitor.logs = () => ({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'ErrorRate', type: 'real' }], rows: [[0.1]] }], error: { code: 'PartialError', message: 'query exceeded limits' } });
    const err = await source({ values: () => new Map([['APP_NAME', 'web']]) }).src.sample(querySpec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect((err as UserError).message).toMatch(/partial result \(query exceeded limits\)/);
  });
});

describe('ISO durations for the query interval', () => {
  it('writes minutes, hours and seconds', () => {
    expect(isoDuration(60_000)).toBe('PT1M');
    expect(isoDuration(3_600_000)).toBe('PT1H');
    expect(isoDuration(10_000)).toBe('PT10S');
  });
});
