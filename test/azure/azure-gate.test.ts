// A gate on Azure numbers: judged on what the emulator answered through the real SDK; when
// the query keeps failing, the last good samples stay (with their age) and the gate is
// unverified, never go. The metric event names the API and the principal that asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSource } from '../../src/azure/azure-source.js';
import type { Gate } from '../../src/runbook/model.js';
import { metricEventData } from '../../src/session/metric-event.js';
import { GateChecker } from '../../src/session/metric-run.js';
import { parseBlock } from './helpers/metric-block.js';
import { failingCredential, FakeCredential, USER_CLAIMS } from './emulator/fake-credential.js';
import { startEmulator, type Emulator } from './emulator/server.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
  emu.monitor.logs = () => ({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'ErrorRate', type: 'real' }], rows: [[0.4]] }] });
});
afterAll(async () => emu.close());

describe('an azure gate', () => {
  it('reads a Log Analytics error rate from a ```metric block, keeps the last good samples when Azure fails, and stays unverified', async () => {
    const gate: Gate = parseBlock(['kind: azure', 'workspace: ${WORKSPACE_ID}', 'query: AppRequests | summarize ErrorRate = 100.0 * countif(Success == false) / count()', 'metric: ErrorRate', 'unit: "%"', 'require: error rate < 1%']);
    let now = Date.parse('2026-11-23T10:00:00Z');
    const source = new AzureSource({
      credential: new FakeCredential(),
      endpoints: { logs: emu.url },
      agent: emu.agent,
      values: () => new Map([['WORKSPACE_ID', 'ws-1']]),
      now: () => now,
      retry: { wait: async () => undefined },
    });
    const checker = new GateChecker({ mode: 'run', simulate: false, sources: { azure: source } });
    const plan = checker.plan(gate);
    if (plan.kind !== 'sample') throw new Error(`expected a sampling plan, got ${plan.kind}`);
    const first = await checker.run(gate, plan, new AbortController().signal);
    expect(first.evaluation.verdict).toBe('go');
    const event = metricEventData('s1', gate, first.series[0] ?? { metric: '', points: [] }, first.series, first.evaluation, 'azure', plan.windowMs);
    expect(event).toMatchObject({ name: 'ErrorRate', result: 'pass', azureApi: 'log-analytics', azurePrincipal: USER_CLAIMS.upn, azureObjectId: USER_CLAIMS.oid, azureTenantId: USER_CLAIMS.tid });

    now += 42_000;
    emu.fault({ match: /\/query$/, status: 503 });
    const shown: number[][] = [];
    const second = await checker.run(gate, plan, new AbortController().signal, (all) => shown.push(all.map((s) => s.points.length)));
    expect(second.evaluation.verdict).toBe('unverified');
    expect(second.series[0]?.points.map((p) => p.value)).toEqual([0.4]);
    expect(shown).toEqual([[1]]);
    expect(second.error).toMatch(/Azure did not answer the Log Analytics query for ErrorRate \(HTTP 503.*showing the last good samples, 42 s old/);
    emu.clearFaults();
  });

  it('without a login the gate is unverified and its reason is the line saying what to do', async () => {
    const gate: Gate = parseBlock(['kind: azure', 'workspace: ws-1', 'query: AppRequests | count', 'abort-if: errors > 1']);
    const noLogin = failingCredential(Object.assign(new Error("Please run 'az login' from a command prompt to authenticate before using this credential. More text."), { name: 'CredentialUnavailableError' }));
    const checker = new GateChecker({ mode: 'run', simulate: false, sources: { azure: new AzureSource({ credential: noLogin, endpoints: { logs: emu.url }, agent: emu.agent }) } });
    const plan = checker.plan(gate);
    if (plan.kind !== 'sample') throw new Error('expected a sampling plan');
    const run = await checker.run(gate, plan, new AbortController().signal);
    expect(run.evaluation.verdict).toBe('unverified');
    expect(run.error).toBe("Azure: not signed in (Please run 'az login' from a command prompt to authenticate before using this credential.); run `az login` (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), or rehearse with --simulate");
  });
});
