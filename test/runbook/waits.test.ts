import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { outlineOf } from '../../src/runbook/outline.js';
import { waitPhrase } from '../../src/runbook/waits.js';

function waitsOf(text: string) {
  const rb = parseRunbook(text, 'waits.md');
  return { rb, waits: rb.steps.flatMap((s) => (s.waits ?? []).map((w) => ({ ...w, stepId: s.id }))) };
}

describe('monitored waits in a runbook', () => {
  it.each([
    ['Monitor for 10 minutes', 600],
    ['Monitor the canary for 5 min.', 300],
    ['Wait 5 minutes', 300],
    ['wait for 30 seconds', 30],
    ['Observe for 15', 900],
    ['Then watch the dashboards for 2 hours', 7200],
  ])('"%s" is a wait of %i s', (text, seconds) => {
    expect(waitPhrase(text)?.seconds).toBe(seconds);
  });

  it.each(['Watch for 5 errors in the log', 'The job may wait on the queue', 'Monitor these metrics throughout deployment:'])('"%s" is not a wait', (text) => {
    expect(waitPhrase(text)).toBeUndefined();
  });

  it('a checklist item "Monitor for 10 minutes" between two commands waits there, its sub-items the criteria', () => {
    const { waits, rb } = waitsOf(`# R

### Step 1: Canary

- [ ] Route 10% of traffic:
  \`\`\`bash
  echo canary 10
  \`\`\`
- [ ] Monitor for 10 minutes:
  - [ ] Error rate within normal range (<1%)
  - [ ] Response time within SLA (P95 <2s)
- [ ] Shift all traffic:
  \`\`\`bash
  echo canary 100
  \`\`\`
`);
    const step = rb.steps[0]!;
    expect(waits).toHaveLength(1);
    const w = waits[0]!;
    expect(w.seconds).toBe(600);
    expect(w.after).toBe(step.commands[0]!.id);
    expect(w.itemId).toBe(step.items.find((i) => i.text === 'Monitor for 10 minutes')?.id);
    expect(w.criteria.map((c) => [c.threshold.metric, c.threshold.comparator, c.threshold.value, c.mode, c.from])).toEqual([
      ['Error rate', '<', 1, 'require', 'step'],
      ['P95', '<', 2, 'require', 'step'],
    ]);
    expect(w.metrics).toEqual(['Error rate', 'P95']);
  });

  it('a block that only sleeps in a monitoring step is the wait, not a command; a sleep elsewhere stays a command', () => {
    const { waits, rb } = waitsOf(`# R

### Step 1: Observe the canary

\`\`\`bash
# Give it ten minutes
echo "watching"
sleep 600
\`\`\`

### Step 2: Restart

\`\`\`bash
sleep 30
\`\`\`
`);
    expect(waits.map((w) => [w.stepId, w.seconds, w.source])).toEqual([['step-1', 600, 'sleep']]);
    expect(rb.steps[0]!.commands).toHaveLength(0);
    expect(rb.steps[1]!.commands).toHaveLength(1);
  });

  it('the annotation sets the duration, the abort criteria, the metrics and the interval; "When to rollback" thresholds join them', () => {
    const { waits, rb } = waitsOf(`# R

### Step 1: Canary

Monitor for 5 minutes.

<!-- flightdeck: wait 10m abort-if="error_rate > 1%" watch=error_rate,p95_latency every=15s -->

## Rollback

### When to rollback

**Immediate Rollback Required When**:
- Error rate exceeds 5% for more than 2 minutes
- P95 latency exceeds 3 seconds consistently

**Do NOT Rollback When**:
- Problem affects < 1% of requests
`);
    expect(rb.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(waits).toHaveLength(1);
    const w = waits[0]!;
    expect([w.seconds, w.intervalMs, w.metrics, w.text]).toEqual([600, 15_000, ['error_rate', 'p95_latency'], 'Monitor for 5 minutes']);
    expect(w.criteria.map((c) => `${c.from}: ${c.threshold.metric} ${c.threshold.comparator} ${c.threshold.value}${c.threshold.unit ?? ''}`)).toEqual([
      'annotation: error_rate > 1%',
      'rollback: Error rate > 5%',
      'rollback: P95 latency > 3s',
    ]);
    expect(outlineOf(rb)[0]?.waits).toEqual([{ line: w.line, text: 'Monitor for 5 minutes', wait: { seconds: 600, metrics: ['error_rate', 'p95_latency'] } }]);
  });

  it('a wait annotation without a duration is an error with its line', () => {
    const { rb, waits } = waitsOf(`# R\n\n### Step 1: x\n\n<!-- flightdeck: wait abort-if="error_rate > 1%" -->\n`);
    expect(waits).toEqual([]);
    expect(rb.diagnostics).toContainEqual(expect.objectContaining({ line: 5, severity: 'error', message: expect.stringContaining('wait needs a duration') }));
  });
});

describe('monitoring sleeps inside a longer block', () => {
  const BLOCK = `# R

### Step 1: Canary rollout

\`\`\`bash
az containerapp ingress traffic set --revision-weight old=95 new=5

# Wait for canary to be ready
sleep 45

# Monitor for 10 minutes
echo "Monitoring canary for 10 minutes..."
sleep 600

# Abort if error rate > 1% or P95 latency > 2000ms
az containerapp ingress traffic set --revision-weight old=50 new=50

sleep 300  # Monitor for 5 minutes
for i in 1 2; do
  sleep 60
done
\`\`\`
`;

  it('each top-level sleep said to monitor is a wait after the block (a readiness sleep and a loop are not)', () => {
    const { waits, rb } = waitsOf(BLOCK);
    const cmd = rb.steps[0]!.commands[0]!;
    expect(waits.map((w) => [w.text, w.seconds, w.inBlock, w.after])).toEqual([
      ['Monitor for 10 minutes', 600, true, cmd.id],
      ['Monitor for 5 minutes', 300, true, cmd.id],
    ]);
    expect(waits[0]!.criteria.map((c) => `${c.threshold.metric} ${c.threshold.comparator} ${c.threshold.value}`)).toEqual(['error rate > 1', 'P95 latency > 2000']);
  });
});

describe('a sleep block with work after the sleep', () => {
  it('stays a command (its monitoring sleep a wait inside it): nothing the block prints is dropped', () => {
    const { waits, rb } = waitsOf('# R\n\n### Step 1: Canary\n\n```bash\necho "traffic 5%"\nsleep 60  # Monitor for 1 minute\necho "traffic 50%"\n```\n');
    expect(rb.steps[0]!.commands).toHaveLength(1);
    expect(waits.map((w) => [w.text, w.seconds, w.inBlock])).toEqual([['Monitor for 1 minute', 60, true]]);
  });
});
