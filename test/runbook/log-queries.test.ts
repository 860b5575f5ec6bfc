// Log Analytics queries written as az commands: the gates stated next to them get the query
// as their azure source (each threshold reading its own column), variables the block sets
// to a literal filled in now, the rest left for the session; a query that cannot be read,
// or a gate its query cannot answer, is a warning from lint.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { columnFor, queryColumns } from '../../src/runbook/log-queries.js';
import { sourceSpecs } from '../../src/metrics/log-analytics.js';

const fence = (lines: string[]): string => ['```bash', ...lines, '```'].join('\n');

const CANARY = [
  '# Shop canary',
  '',
  '## Roll out',
  '',
  '### Step 1: Send a slice of traffic to the canary',
  '',
  fence([
    'STAGE="live"',
    'SHOP_APP="shop-${STAGE}"',
    'RG_NAME="rg-shop-${STAGE}"',
    'SUFFIX="c-$(date +%s)"',
    'az monitor app-insights query \\',
    '  --app shop-insights \\',
    '  --analytics-query "',
    '    requests',
    "    | where cloud_RoleName == '${SHOP_APP}--${SUFFIX}'",
    '    | summarize ErrorRate = 100.0 * countif(success == false) / count(), LatencyP95 = percentile(duration, 95)',
    '  " \\',
    '  --offset 15m',
    '# Abort if error rate > 2% or p95 latency > 1500ms',
  ]),
  '',
].join('\n');

describe('az monitor queries in a step', () => {
  it('become the azure source of the gate beside them, the block\'s literal variables filled and the others left for the session', () => {
    const rb = parseRunbook(CANARY, '/tmp/canary.md');
    const gate = rb.steps.flatMap((s) => s.gates)[0];
    expect(gate?.thresholds.map((t) => t.metric)).toEqual(['error rate', 'p95 latency']);
    expect(gate?.source).toEqual({
      kind: 'azure',
      query: "requests\n    | where cloud_RoleName == 'shop-live--${SUFFIX}'\n    | summarize ErrorRate = 100.0 * countif(success == false) / count(), LatencyP95 = percentile(duration, 95)",
      resource: '/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/rg-shop-live/providers/microsoft.insights/components/shop-insights',
      windowMs: 15 * 60_000,
      columns: { 'error rate': 'ErrorRate', 'p95 latency': 'LatencyP95' },
    });
    // one series per threshold, each from its column and named for the gate's metric
    expect(gate && sourceSpecs(gate).map((s) => [s.metric, s.column, s.unit])).toEqual([
      ['error rate', 'ErrorRate', '%'],
      ['p95 latency', 'LatencyP95', 'ms'],
    ]);
    expect(rb.diagnostics.filter((d) => d.message.includes('az monitor'))).toEqual([]);
  });

  it('a workspace query answers a prose gate of its step', () => {
    const text = ['# Checkout', '', '## Watch', '', '### Step 1: Watch the failures', '', 'The failure rate must stay below 0.5%.', '', fence(["az monitor log-analytics query -w \"$LAW_ID\" --analytics-query 'AppRequests | summarize FailureRate = 100.0 * countif(Success == false) / count()' --timespan PT30M"]), ''].join('\n');
    const rb = parseRunbook(text, '/tmp/checkout.md');
    const gate = rb.steps.flatMap((s) => s.gates)[0];
    expect(gate?.source).toMatchObject({ kind: 'azure', workspace: '${LAW_ID}', windowMs: 30 * 60_000, query: 'AppRequests | summarize FailureRate = 100.0 * countif(Success == false) / count()' });
  });

  it('lint warns about a query it cannot read and a gate its query cannot answer', () => {
    const text = [
      '# Broken',
      '',
      '### Step 1: No workspace',
      '',
      'The error rate must stay below 1%.',
      '',
      fence(['az monitor log-analytics query --analytics-query "AppRequests | count"']),
      '',
      '### Step 2: No group for the component',
      '',
      'The error rate must stay below 1%.',
      '',
      fence(['az monitor app-insights query --app web-ai --analytics-query "requests | summarize ErrorRate = 1.0"']),
      '',
      '### Step 3: Columns that answer nothing',
      '',
      fence(['az monitor log-analytics query -w ws-1 --analytics-query "AppRequests | summarize Total = count()"', '# Abort if error rate > 1%']),
      '',
    ].join('\n');
    const rb = parseRunbook(text, '/tmp/broken.md');
    const messages = rb.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('`az monitor log-analytics query`: no --workspace'),
        expect.stringContaining('--app web-ai needs --resource-group'),
        expect.stringContaining('names error rate, but the query in this block returns Total'),
      ]),
    );
    expect(rb.steps.flatMap((s) => s.gates).every((g) => g.source === undefined)).toBe(true);
    // a query no gate depends on is only a command: nothing to warn about
    const quiet = parseRunbook(['# Quiet', '', '### Step 1: Look', '', fence(['az monitor app-insights query --app web-ai --analytics-query "requests | count"']), ''].join('\n'), '/tmp/quiet.md');
    expect(quiet.diagnostics.filter((d) => d.message.includes('az monitor'))).toEqual([]);
  });

  it('reads the names a query gives its columns and matches them to a gate\'s metric', () => {
    expect(queryColumns('T | extend Ok = a | summarize Rate = avg(x), Slow95 = percentile(d, 95) by bin(timestamp, 1m) | project Rate, Slow95')).toEqual(['Ok', 'Rate', 'Slow95']);
    expect(queryColumns('T | where a == 1 | count')).toEqual([]);
    expect(columnFor('error rate', ['Total', 'ErrorRate'])).toBe('ErrorRate');
    expect(columnFor('p99 latency', ['LatencyP95'])).toBeUndefined();
  });
});
