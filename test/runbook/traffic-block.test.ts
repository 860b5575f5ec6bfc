// The ```traffic annotation: the app, its resource group and the weights flightdeck is to set
// after the step's commands, as a map or one line; lint reports one that cannot be carried out.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { lintSummary } from '../../src/runbook/lint.js';

const runbook = (block: string[]): string => ['# Orders rollout', '', '## Shift', '', '### Step 1: Give the new revision a tenth', '', '```traffic', ...block, '```', ''].join('\n');

describe('a ```traffic annotation', () => {
  it('belongs to its step with the app, the group and each revision\'s weight, parameters kept as written', () => {
    const rb = parseRunbook(runbook(['app: ${ORDERS_APP}', 'resource-group: rg-orders', 'weights:', '  ${ORDERS_APP}--blue: 90', '  ${ORDERS_APP}--green: 10']), '/tmp/orders.md');
    expect(rb.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(rb.steps).toHaveLength(1);
    expect(rb.steps[0]?.traffic).toEqual([
      { id: 'traffic-1', line: 7, app: '${ORDERS_APP}', resourceGroup: 'rg-orders', weights: [{ revision: '${ORDERS_APP}--blue', weight: 90 }, { revision: '${ORDERS_APP}--green', weight: 10 }] },
    ]);
  });

  it('takes the weights on one line and "latest" for the latest revision', () => {
    const rb = parseRunbook(runbook(['app: orders', 'resource-group: rg-orders', 'subscription: sub-1', 'weights: "orders--blue=75 latest=25"']), '/tmp/orders.md');
    expect(rb.steps[0]?.traffic?.[0]).toMatchObject({ subscription: 'sub-1', weights: [{ revision: 'orders--blue', weight: 75 }, { revision: 'latest', weight: 25 }] });
  });

  it('lint reports weights that do not add up, a weight that is not a percentage, and a missing app or group', () => {
    const cases: [string[], string][] = [
      [['app: orders', 'resource-group: rg', 'weights:', '  orders--a: 60', '  orders--b: 30'], 'the weights add up to 90%, not 100%'],
      [['app: orders', 'resource-group: rg', 'weights: "orders--a=half orders--b=50"'], 'the weight of orders--a must be a whole percentage from 0 to 100, not "half"'],
      [['resource-group: rg', 'weights: "orders--a=100"'], 'needs "app: <container app name>"'],
      [['app: orders', 'weights: "orders--a=100"'], 'needs "resource-group: <resource group>"'],
      [['app: orders', 'resource-group: rg'], 'needs "weights:"'],
    ];
    for (const [block, message] of cases) {
      const rb = parseRunbook(runbook(block), '/tmp/orders.md');
      expect(lintSummary(rb).diagnostics.map((d) => `${d.severity}: ${d.message}`)).toContainEqual(expect.stringContaining(`error: \`\`\`traffic block: ${message}`));
      expect(rb.steps.flatMap((s) => s.traffic ?? [])).toEqual([]);
    }
  });
});
