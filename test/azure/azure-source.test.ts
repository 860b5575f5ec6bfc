// The Azure source drives the real @azure/monitor-query client against a local HTTPS
// emulator: a self-signed certificate made at test time with openssl, the `endpoint`
// option, an agent that trusts that certificate, and a fake TokenCredential.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSource, isoDuration } from '../../src/azure/azure-source.js';
import { UserError } from '../../src/errors.js';
import type { MetricSourceSpec } from '../../src/runbook/model.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const RESOURCE = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.App/containerApps/hello';
const NOW = Date.parse('2026-11-23T10:00:00Z');

interface Seen {
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
}

class FakeCredential implements TokenCredential {
  scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe.skipIf(!hasOpenssl())('the Azure Monitor metric source against a local HTTPS emulator', () => {
  let server: Server;
  let endpoint: string;
  let agent: Agent;
  const seen: Seen[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-azure-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      // the SDK writes "/{resourceUri}/providers/...", so the path starts with two slashes
      const url = new URL(`https://localhost${req.url ?? '/'}`);
      seen.push({ path: decodeURIComponent(url.pathname).replace(/^\/+/, '/'), query: url.searchParams, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      const metric = url.searchParams.get('metricnames') ?? '';
      if (metric === 'NoSuchMetric') {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { code: 'BadRequest', message: 'Failed to find metric configuration for NoSuchMetric' } }));
        return;
      }
      const start = NOW - 3 * 60_000;
      res.end(
        JSON.stringify({
          cost: 0,
          timespan: url.searchParams.get('timespan'),
          interval: 'PT1M',
          namespace: 'microsoft.app/containerapps',
          resourceregion: 'westeurope',
          value: [
            {
              id: `${RESOURCE}/providers/Microsoft.Insights/metrics/${metric}`,
              type: 'Microsoft.Insights/metrics',
              name: { value: metric, localizedValue: metric },
              unit: 'MilliSeconds',
              errorCode: 'Success',
              timeseries: [
                {
                  metadatavalues: [],
                  data: [0, 1, 2, 3].map((i) => ({ timeStamp: new Date(start + i * 60_000).toISOString(), average: 100 + i * 50, maximum: 900 + i })),
                },
              ],
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
    agent = new Agent({ ca: cert, keepAlive: false });
  });

  afterAll(async () => {
    agent?.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  const spec: MetricSourceSpec = { kind: 'azure', resource: RESOURCE, metric: 'ResponseTime', intervalMs: 60_000 };

  it('queries the resource through the real SDK with a bearer token and reads the series with its unit', async () => {
    const credential = new FakeCredential();
    const source = new AzureSource({ credential, endpoint, agent, now: () => NOW });
    const points: number[] = [];
    const series = await source.sample(spec, { windowMs: 5 * 60_000, onPoint: (s) => points.push(s.points.length) });
    expect(series).toMatchObject({ metric: 'ResponseTime', unit: 'ms' });
    expect(series.points.map((p) => p.value)).toEqual([100, 150, 200, 250]);
    expect(series.points[0]?.t).toBe(NOW - 3 * 60_000);
    expect(points).toEqual([4]);
    const req = seen[seen.length - 1];
    expect(req?.path).toBe(`${RESOURCE}/providers/Microsoft.Insights/metrics`);
    expect(req?.auth).toBe('Bearer fake-token');
    expect(req?.query.get('aggregation')).toBe('Average');
    expect(req?.query.get('interval')).toBe('PT1M');
    expect(req?.query.get('timespan')).toBe(`${new Date(NOW - 300_000).toISOString()}/${new Date(NOW).toISOString()}`);
    expect(credential.scopes).toContain('https://management.azure.com/.default');
  });

  it('asks for the aggregation the block names', async () => {
    const source = new AzureSource({ credential: new FakeCredential(), endpoint, agent, now: () => NOW });
    const series = await source.sample({ ...spec, aggregation: 'max' }, { windowMs: 5 * 60_000 });
    expect(series.points.map((p) => p.value)).toEqual([900, 901, 902, 903]);
    expect(seen[seen.length - 1]?.query.get('aggregation')).toBe('Maximum');
  });

  it('a query Azure refuses is a UserError naming the metric', async () => {
    const source = new AzureSource({ credential: new FakeCredential(), endpoint, agent, now: () => NOW });
    const err = await source.sample({ ...spec, metric: 'NoSuchMetric' }, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/refused the metric query for NoSuchMetric/);
  });

  it('no login: a UserError at once that says to run az login or use --simulate, and nothing is queried', async () => {
    const before = seen.length;
    const noLogin: TokenCredential = {
      getToken: async () => {
        throw new Error('CredentialUnavailableError: Please run az login');
      },
    };
    const err = await new AzureSource({ credential: noLogin, endpoint, agent }).sample(spec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).toLine()).toMatch(/no Azure login available .*az login.*--simulate/);
    const hanging: TokenCredential = { getToken: () => new Promise(() => undefined) };
    const slow = await new AzureSource({ credential: hanging, endpoint, agent, loginTimeoutMs: 50 }).sample(spec, { windowMs: 60_000 }).catch((e: unknown) => e);
    expect(String(slow)).toMatch(/no Azure login available for metric gates \(no token within 50ms\)/);
    expect(seen.length).toBe(before);
  });

  it('a block without resource or metric is refused before any login', async () => {
    const err = await new AzureSource({ credential: new FakeCredential() }).sample({ kind: 'azure', metric: 'x' }, { windowMs: 1 }).catch((e: unknown) => e);
    expect((err as UserError).message).toMatch(/needs "resource:" and "metric:"/);
  });
});

describe('ISO durations for the query interval', () => {
  it('writes minutes, hours and seconds', () => {
    expect(isoDuration(60_000)).toBe('PT1M');
    expect(isoDuration(3_600_000)).toBe('PT1H');
    expect(isoDuration(10_000)).toBe('PT10S');
  });
});
