// The tree on screen (issue 13): the decision prompt draws the whole tree, questions,
// conditions, answers and where each leads (nested questions and `▼` continuations
// followed), the current question highlighted (▶) and the path so far marked (✓).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { render } from 'ink-testing-library';
import type { Decision, DecisionNode } from '../../src/runbook/model.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { DecisionTreeView } from '../../src/ui/components/decision-tree-view.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, type, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

const tree = parseRunbook(readFileSync(join(import.meta.dirname, '..', 'session', 'fixtures', 'tree', 'cache-verdict.md'), 'utf8'), 'cache.md').steps[0]!.decisions[0]!;

const node = (q: string): DecisionNode => tree.questions.find((n) => n.question === q)!;

const nested: Decision = {
  id: 'dec-n',
  line: 1,
  kind: 'tree',
  title: 'Dependency check',
  context: 'Alert fired',
  questions: [
    {
      line: 2,
      question: 'Upstream down?',
      answers: [
        {
          label: 'Yes',
          outcome: {
            kind: 'question',
            node: {
              line: 2,
              question: 'Still down after 5 min?',
              before: 'Investigate',
              answers: [
                { label: 'Yes', outcome: { kind: 'action', text: 'ROLLBACK', target: { sectionId: 'rb', title: 'Rollback Steps' } } },
                { label: 'No', outcome: { kind: 'action', text: 'Monitor' } },
              ],
            },
          },
        },
        { label: 'No', outcome: { kind: 'continue' } },
      ],
    },
    {
      line: 5,
      question: 'Rollback required?',
      conditions: ['Error rate above 5%', 'Pods crash looping', 'Data corruption seen'],
      answers: [
        { label: 'Yes', outcome: { kind: 'action', text: 'ROLLBACK', target: { sectionId: 'rb', title: 'Rollback Steps' } } },
        { label: 'No', outcome: { kind: 'action', text: 'DO NOT proceed' }, stop: true },
      ],
    },
  ],
};
const stillDown = (nested.questions[0]!.answers[0]!.outcome as { node: DecisionNode }).node;

let unmount: (() => void) | undefined;
let app: Rendered | undefined;
afterEach(() => {
  unmount?.();
  app?.unmount();
});

function draw(props: Parameters<typeof DecisionTreeView>[0]): string {
  const view = render(<DecisionTreeView {...props} />);
  unmount = view.unmount;
  return view.lastFrame() ?? '';
}

describe('decision tree view', () => {
  for (const width of [80, 200]) {
    it(`draws the tree with ▼ continuations, the current question and the path so far (${width} columns)`, () => {
      const frame = draw({ decision: tree, current: node('Latency > 2s?'), taken: [{ question: 'Hit ratio < 50%?', answer: 'No' }, { question: 'Schema Changed?', answer: 'Yes' }], width, maxRows: 30 });
      expect(frame).toContain('✓ Schema Changed?');
      expect(frame).toContain('✓ Yes → Revert Schema First (Step 2: Revert the schema) ▼');
      if (width === 200) expect(frame).toContain('▼ then the next question');
      expect(frame).toContain('▶ Latency > 2s?');
      expect(frame).toMatchSnapshot();
    });

    it(`draws nested questions and a list question's conditions with what the data says (${width} columns)`, () => {
      const conditions = new Map([
        ['Error rate above 5%', { holds: true, why: 'error rate 7% > 5% for 3 samples' }],
        ['Pods crash looping', { holds: false, why: 'restarts 0, not > 3' }],
      ]);
      const frame = draw({ decision: nested, current: nested.questions[1]!, conditions, width, maxRows: 30 });
      expect(frame).toContain('Investigate, then:');
      expect(frame).toContain('✓ Error rate above 5% (error rate 7% > 5% for 3 samples)');
      expect(frame).toContain('✗ Pods crash looping (restarts 0, not > 3)');
      expect(frame).toContain('• Data corruption seen');
      expect(frame).toContain('No → STOP: DO NOT proceed');
      expect(frame).toMatchSnapshot();
    });
  }

  it('without a record of the answers, marks the path that leads to the current question', () => {
    const frame = draw({ decision: nested, current: stillDown, width: 80, maxRows: 30 });
    expect(frame).toContain('✓ Upstream down?');
    expect(frame).toContain('✓ Yes → Investigate, then:');
    expect(frame).toContain('▶ Still down after 5 min?');
  });

  it('a tree taller than its rows shows the part around the current question', () => {
    const frame = draw({ decision: tree, current: node('Latency > 2s?'), width: 80, maxRows: 6 });
    expect(frame).toContain('▶ Latency > 2s?');
    expect(frame).toMatch(/… \d+ more above/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(6);
  });

  it('the decision prompt draws it above the answers', async () => {
    const engine = new FakeEngine(sampleRunbook());
    app = await renderApp(engine, { columns: 100, rows: 40 });
    const answer = engine.ask({ kind: 'decision', decision: tree, node: node('Schema Changed?'), taken: [{ question: 'Hit ratio < 50%?', answer: 'No' }] });
    await untilShown(app, '▶ Schema Changed?');
    expect(app.frame()).toContain('✓ No → next question');
    expect(app.frame()).toContain('└─ Latency > 2s?');
    await press(app.stdin, KEY.enter);
    await press(app.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'No' });
  });

  it('a choice opened at one of its options has that option highlighted: Enter takes it', async () => {
    const engine = new FakeEngine(sampleRunbook());
    app = await renderApp(engine, { columns: 100, rows: 30 });
    const options = ['Option A: Through the bastion', 'Option B: Direct'];
    const node: DecisionNode = { line: 1, question: 'Connect: choose one', answers: options.map((label) => ({ label, outcome: { kind: 'continue', text: 'walk this option' } })) };
    const answer = engine.ask({ kind: 'decision', decision: { id: 'choice:c1', line: 1, kind: 'choice', title: 'Connect: choose one', questions: [node] }, node, pointed: options[1] });
    await untilShown(app, 'Option B: Direct');
    expect(app.frame()).not.toContain('(choose an answer)');
    await press(app.stdin, KEY.enter);
    await untilShown(app, 'Note (optional)');
    await press(app.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'Option B: Direct' });
  });

  it('a raised decision says what raised it and the data, marks the conditions the data answers, and puts the suggestion first', async () => {
    const engine = new FakeEngine(sampleRunbook());
    app = await renderApp(engine, { columns: 100, rows: 40 });
    const answer = engine.ask({
      kind: 'decision',
      decision: nested,
      node: nested.questions[1]!,
      taken: [{ question: 'Upstream down?', answer: 'No' }],
      suggested: { answer: 'Yes', why: 'error rate 7% > 5% for 3 samples' },
      raised: { reason: 'gate NO-GO: Abort if error rate > 1%', data: ['error rate 7% > 1% for 3 samples'] },
      conditions: { 'Error rate above 5%': { holds: true, why: 'error rate 7% > 5% for 3 samples' }, 'Pods crash looping': { holds: false, why: 'restarts 0, not > 3' } },
    });
    await untilShown(app, '▶ Rollback required?');
    const f = app.frame();
    expect(f).toContain('Raised: Dependency check');
    expect(f).toContain('gate NO-GO: Abort if error rate > 1%');
    expect(f).toContain('  error rate 7% > 1% for 3 samples');
    expect(f).toContain('✓ Error rate above 5% (error rate 7%');
    expect(f).toContain('✗ Pods crash looping (restarts 0, not > 3)');
    expect(f).toContain('• Data corruption seen');
    expect(f).toContain('✓ No → next question');
    expect(f).toContain('Suggested: Yes (error rate 7% > 5% for 3 samples)');
    // Enter takes the suggestion; the note stays optional
    await press(app.stdin, KEY.enter);
    await untilShown(app, 'Note (optional)');
    await press(app.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'Yes' });
  });

  it('a decision raised by a failed check shows the command\'s own last lines, at 80x24 too', async () => {
    for (const [columns, rows] of [
      [100, 40],
      [80, 24],
    ] as const) {
      const engine = new FakeEngine(sampleRunbook());
      app = await renderApp(engine, { columns, rows });
      void engine.ask({
        kind: 'decision',
        decision: nested,
        node: nested.questions[0]!,
        suggested: { answer: 'Yes', why: 'check failed: exit code 0 (got exit 1)' },
        raised: { reason: 'check failed: exit code 0 (got exit 1)', data: [], output: 'GET /healthz ... 200\nreadiness failed: database pool exhausted (12/12 busy)' },
      });
      await untilShown(app, 'readiness failed: database pool exhausted');
      const f = app.frame();
      expect(f).toContain('Output:');
      expect(f).toContain('Suggested: Yes');
      expect(f).toContain('Yes (suggested)');
      app.unmount();
    }
  });

  it('an answer against the suggestion asks for a reason and will not go without one', async () => {
    const engine = new FakeEngine(sampleRunbook());
    app = await renderApp(engine, { columns: 100, rows: 40 });
    let settled = false;
    const answer = engine.ask({ kind: 'decision', decision: nested, node: nested.questions[1]!, suggested: { answer: 'Yes', why: 'error rate 7% > 5% for 3 samples' } });
    void answer.then(() => (settled = true));
    await untilShown(app, 'Suggested: Yes');
    await press(app.stdin, KEY.down, KEY.enter);
    await untilShown(app, 'Reason for going against the suggestion');
    expect(app.frame()).toContain('Answer: No (the data suggests Yes)');
    await press(app.stdin, KEY.enter);
    expect(settled).toBe(false);
    await type(app.stdin, 'the spike is a load test');
    await press(app.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'No', note: 'the spike is a load test' });
  });
});
