import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Command } from '../../src/runbook/model.js';
import { resolveScript } from '../../src/session/resolve-script.js';
import type { StepState } from '../../src/session/types.js';
import { detailLines } from '../../src/ui/detail-lines.js';
import type { Line } from '../../src/ui/markdown/segments.js';

const text = (lines: Line[]): string[] => lines.map((l) => l.map((s) => s.text).join(''));

const SOURCE = `# Release

<!-- flightdeck: param API_TOKEN secret -->

## Checks

- [ ] **Owner agreed on the window**
  - [ ] Version \`\${VERSION}\` agreed
  - [ ] Region \`<REGION>\` agreed
  \`\`\`bash
  echo "window for \${VERSION}"
  \`\`\`

### Deploy the service

Deploys with the token.

\`\`\`bash
curl -H "Authorization: \${API_TOKEN}" https://deploy.example/\${VERSION}/\${REGION}
\`\`\`

**Step 2: Notify the channel**

\`\`\`bash
echo "deployed \${VERSION}"
\`\`\`
`;

const runbook = parseRunbook(SOURCE, '/tmp/fixture.md');
const stepTitled = (title: string) => {
  const i = runbook.steps.findIndex((s) => s.title === title);
  const step = runbook.steps[i];
  if (!step) throw new Error(`no step ${title}: ${runbook.steps.map((s) => s.title).join(', ')}`);
  return { step, number: i + 1 };
};

// The engine's own resolution, as Engine.displayScript uses it (secrets masked).
const values = new Map([
  ['VERSION', '2.4.1'],
  ['API_TOKEN', 'hunter2-secret'],
]);
const script = (c: Command): string => resolveScript(c, runbook.params, values);
const context = {
  mode: 'rehearsal' as const,
  paramsSet: { VERSION: { secret: false, source: 'set' as const }, API_TOKEN: { secret: true, source: 'set' as const } },
  script,
};

describe('detailLines', () => {
  it('shows the step title once and each nested checklist item once, as ticks', () => {
    const { step, number } = stepTitled('Owner agreed on the window');
    const t = text(detailLines(step, undefined, 0, 80, number, context));
    expect(t.filter((l) => l.includes('Owner agreed on the window'))).toHaveLength(1);
    expect(t.filter((l) => l.includes('agreed') && l.includes('Version'))).toEqual(['› ☐ Version ${VERSION} agreed']);
    expect(t.filter((l) => l.includes('Region'))).toHaveLength(1);
    // what the checklist line held (its command) is still shown, resolved
    expect(t).toContain('│ echo "window for 2.4.1"');
  });

  it('does not repeat a heading or a bold-paragraph title in the body', () => {
    for (const title of ['Deploy the service', 'Step 2: Notify the channel']) {
      const { step, number } = stepTitled(title);
      const t = text(detailLines(step, undefined, 0, 80, number, context));
      expect(t.filter((l) => l.includes(title))).toEqual([`${number}. ${title}`]);
    }
  });

  it('shows commands with values filled in, secrets masked and a missing value highlighted', () => {
    const { step, number } = stepTitled('Deploy the service');
    const lines = detailLines(step, undefined, 0, 200, number, context);
    const t = text(lines);
    expect(t).toContain('┌ bash · values filled in');
    expect(t).toContain('│ curl -H "Authorization: ••••••" https://deploy.example/2.4.1/${REGION}');
    expect(t.join('\n')).not.toContain('hunter2');
    const code = lines.find((l) => l.some((s) => s.text.includes('curl')));
    const missing = code?.find((s) => s.text === '${REGION}');
    expect(missing?.style).toMatchObject({ color: 'magenta', bold: true });
    expect(t.join('\n')).toContain('no value yet: ${REGION}');
  });

  it('after a rehearsal records "would run", shows the script as recorded', () => {
    const { step, number } = stepTitled('Step 2: Notify the channel');
    const command = step.commands[0];
    if (!command) throw new Error('fixture has a command');
    const state: StepState = {
      status: 'passed',
      items: {},
      runs: [{ commandId: command.id, status: 'would-run', checks: [], resolved: 'echo "deployed 9.9.9"' }],
    };
    const t = text(detailLines(step, state, 0, 80, number, context));
    expect(t).toContain('┌ bash · would run');
    expect(t).toContain('│ echo "deployed 9.9.9"');
    expect(t).toContain('$ echo "deployed 9.9.9" would-run');
    expect(t.join('\n')).not.toContain('deployed ${VERSION}');
  });

  it('says how a real run ended: "exited 3", "cancelled exit 130", or the signal', () => {
    const { step, number } = stepTitled('Step 2: Notify the channel');
    const id = step.commands[0]?.id ?? 'missing';
    const ran = (run: Partial<StepState['runs'][number]>): string[] =>
      text(detailLines(step, { status: 'failed', items: {}, runs: [{ commandId: id, status: 'exited', checks: [], resolved: 'echo hi', ...run }] }, 0, 80, number, context));
    expect(ran({ exitCode: 3 })).toContain('$ echo hi exited 3');
    expect(ran({ status: 'cancelled', exitCode: 130 })).toContain('$ echo hi cancelled exit 130');
    expect(ran({ status: 'cancelled', signal: 'SIGKILL' })).toContain('$ echo hi cancelled SIGKILL');
  });

  it('names where a finished run\'s full output is, with its size', () => {
    const { step, number } = stepTitled('Step 2: Notify the channel');
    const id = step.commands[0]?.id ?? 'missing';
    const state: StepState = {
      status: 'passed',
      items: {},
      runs: [{ commandId: id, status: 'exited', exitCode: 0, checks: [], resolved: 'echo hi', output: { file: 'step-2-cmd-1-1.log', bytes: 3 * 1024 * 1024, lines: 1 } }],
    };
    const t = text(detailLines(step, state, 0, 100, number, { ...context, outputPath: (f) => join(homedir(), '.flightdeck/sessions/x/outputs', f) }));
    expect(t).toContain('  output: 1 line, 3.0 MiB, in');
    expect(t).toContain('~/.flightdeck/sessions/x/outputs/step-2-cmd-1-1.log');
  });

  it('without an engine display, shows the script as written', () => {
    const { step, number } = stepTitled('Step 2: Notify the channel');
    const t = text(detailLines(step, undefined, 0, 80, number, { mode: 'run', paramsSet: {} }));
    expect(t).toContain('│ echo "deployed ${VERSION}"');
  });
});

describe('what a block changes, before the Enter that runs it (issue 12)', () => {
  const rb = parseRunbook(
    ['# Release', '', '## Read', '', '```bash', 'kubectl get pods', '```', '', '## Apply', '', '```bash', 'kubectl apply -f app.yaml', '```', '', '## Remove', '', '```bash', 'kubectl delete namespace old-app', '```', ''].join('\n'),
    '/tmp/effects.md',
  );
  const lines = (title: string): string[] => {
    const i = rb.steps.findIndex((s) => s.title === title);
    const step = rb.steps[i];
    if (!step) throw new Error(`no step ${title}`);
    return text(detailLines(step, undefined, 0, 100, i + 1, { mode: 'run', paramsSet: {}, script: (c) => c.code }));
  };

  it('says a change runs on Enter and a destructive block asks for its word; a read says nothing', () => {
    expect(lines('Read').join('\n')).not.toMatch(/changes something|destructive|dangerous/);
    expect(lines('Apply')[1]).toContain('· changes something');
    expect(lines('Apply')).toContain('┌ bash · changes something: ⏎ runs it');
    expect(lines('Remove')[1]).toContain('· ⚠ dangerous');
    expect(lines('Remove')).toContain('┌ bash · ⚠ destructive: asks for a typed word');
  });
});

describe('a gate or wait tried more than once (issue 13)', () => {
  it('draws the latest series of each metric once and says how the earlier tries went, instead of stacking every try', () => {
    const { step, number } = stepTitled('Step 2: Notify the channel');
    const series = (values: number[], result: 'pass' | 'fail') => ({
      gateId: 'wait-1',
      name: 'error rate',
      unit: '%',
      result,
      verdict: result === 'fail' ? ('no-go' as const) : ('go' as const),
      values,
      thresholds: [{ metric: 'error rate', comparator: '>' as const, value: 1, unit: '%' }],
    });
    const latency = { ...series([120, 130], 'pass'), name: 'P95 latency', unit: 'ms', thresholds: [] };
    const state: StepState = {
      status: 'passed',
      items: {},
      runs: [],
      metrics: [series([0.2, 1.4], 'fail'), latency, series([0.3, 1.2], 'fail'), series([0.2, 0.3, 0.4], 'pass')],
    };
    const t = text(detailLines(step, state, 0, 120, number, context));
    expect(t.filter((l) => l.includes('error rate') && !l.includes('earlier'))).toHaveLength(1);
    expect(t.filter((l) => l.includes('P95 latency'))).toHaveLength(1);
    expect(t).toContain('  2 earlier tries of error rate: crossed, crossed (all in the evidence pack)');
    expect(t.join('\n')).not.toContain('earlier try of P95');
  });
});
