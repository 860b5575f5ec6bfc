// A gate stated next to an `az monitor app-insights query` block, judged on what the
// emulator answers through the real Log Analytics client: each threshold on its own column,
// the query's variables filled from the session and from what the block left in the shell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSource } from '../../src/azure/azure-source.js';
import { withShellValues } from '../../src/azure/fill-params.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { GateChecker } from '../../src/session/metric-run.js';
import { FakeCredential } from './emulator/fake-credential.js';
import { startEmulator, type Emulator } from './emulator/server.js';

const SUB = '55555555-0000-0000-0000-000000000000';
const TEXT = [
  '# Basket canary',
  '',
  '### Step 1: Watch the canary',
  '',
  '```bash',
  'RG_NAME="rg-basket"',
  'REV="basket--$(date +%s)"',
  'az monitor app-insights query --app basket-ai --analytics-query "requests | where cloud_RoleName == \'${REV}\' | summarize ErrorRate = 100.0 * countif(success == false) / count(), LatencyP95 = percentile(duration, 95)" --offset 10m',
  '# Abort if error rate > 1% or p95 latency > 2000ms',
  '```',
  '',
].join('\n');

let emu: Emulator;
let answer = { errorRate: 0.3, p95: 900 };
beforeAll(async () => {
  emu = await startEmulator();
  emu.monitor.logs = () => ({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'ErrorRate', type: 'real' }, { name: 'LatencyP95', type: 'real' }], rows: [[answer.errorRate, answer.p95]] }] });
});
afterAll(async () => emu.close());

function checkerFor(shellVars: Record<string, string>): GateChecker {
  const source = new AzureSource({
    credential: new FakeCredential(),
    endpoints: { logs: emu.url },
    agent: emu.agent,
    // the subscription from flightdeck's environment, the revision from the shell the block left
    values: () => withShellValues(new Map(), { env: {}, vars: shellVars }, { AZURE_SUBSCRIPTION_ID: SUB }),
    retry: { attempts: 1 },
  });
  return new GateChecker({ mode: 'run', simulate: false, sources: { azure: source } });
}

describe('a gate on a recognised app-insights query', () => {
  const gate = parseRunbook(TEXT, '/tmp/basket.md').steps.flatMap((s) => s.gates)[0];
  if (!gate) throw new Error('fixture: no gate');

  it('reads both columns through the SDK, with the revision the block set, and judges each threshold on its own', async () => {
    const checker = checkerFor({ REV: 'declare -- REV="basket--1764870000"' });
    const plan = checker.plan(gate);
    if (plan.kind !== 'sample') throw new Error(`expected sampling, got ${plan.kind}`);
    const go = await checker.run(gate, plan, new AbortController().signal);
    expect(go.series.map((s) => [s.metric, s.points[0]?.value])).toEqual([
      ['error rate', 0.3],
      ['p95 latency', 900],
    ]);
    expect(go.evaluation.verdict).toBe('go');
    const asked = emu.seen.filter((r) => r.path.endsWith('/query'));
    expect(asked[0]?.path).toBe(`/subscriptions/${SUB}/resourceGroups/rg-basket/providers/microsoft.insights/components/basket-ai/query`);
    expect((asked[0]?.body as { query: string }).query).toContain("cloud_RoleName == 'basket--1764870000'");

    answer = { errorRate: 0.3, p95: 2400 };
    const slow = await checker.run(gate, plan, new AbortController().signal);
    expect(slow.evaluation.verdict).toBe('no-go');
  });

  it('a variable nobody set leaves the gate unverified with the line saying what to set', async () => {
    const checker = checkerFor({});
    const plan = checker.plan(gate);
    if (plan.kind !== 'sample') throw new Error('expected sampling');
    const run = await checker.run(gate, plan, new AbortController().signal);
    expect(run.evaluation.verdict).toBe('unverified');
    expect(run.error).toContain('names ${REV} with no value; set --set REV=…');
  });
});
