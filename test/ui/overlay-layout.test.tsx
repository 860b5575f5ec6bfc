// Every overlay and form keeps long values inside its frame (issue 14): at 80x24 and 200x60,
// with 200-character values, no line is wider than the terminal, a framed prompt's borders
// are whole, and the line that says what to press is still on screen.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import type { Command, Decision, SignoffForm } from '../../src/runbook/model.js';
import type { Prompt } from '../../src/session/types.js';
import { LiveMetricPane } from '../../src/ui/components/sparkline.js';
import { FakeEngine, makeRunbook, makeStep } from './fake-engine.js';
import { KEY, press, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

/** 200 characters that read like the values that broke the screen (resource ids, long titles). */
const LONG = `/subscriptions/0000-1111/resourceGroups/rg-payments-prod-westeurope/providers/Microsoft.App/containerApps/app-service-resource-id-${'x'.repeat(200)}`.slice(0, 200);
const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 200, rows: 60 },
];

const command: Command = { id: 'c1', line: 5, lang: 'bash', code: `az containerapp update --ids ${LONG}\necho ${LONG}`, runnable: true, expectations: [], danger: [{ line: 5, reason: `changes ${LONG}` }], params: [] };
const step = makeStep({ id: 's1', title: `Step 1: ${LONG}`, sectionId: 'sec', commands: [command], body: LONG });
const runbook = makeRunbook([{ id: 'sec', title: LONG, steps: [step, makeStep({ id: 's2', title: 'Step 2: next', sectionId: 'sec' })] }], LONG);
const node = { line: 9, question: `${LONG}?`, before: LONG, answers: [{ label: LONG, outcome: { kind: 'continue' as const, text: LONG } }, { label: 'No', outcome: { kind: 'continue' as const } }] };
const decision: Decision = { id: 'd1', line: 9, kind: 'tree', title: LONG, questions: [node] };
const form: SignoffForm = { id: 'f1', line: 20, title: LONG, roles: [LONG], fourEyes: true, choice: { label: LONG, options: [LONG, 'No'] } };

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const plainLines = (frame: string): string[] => frame.replace(ANSI, '').split('\n');

/** The character at a visual column of a line. */
function at(line: string, column: number): string | undefined {
  let c = 0;
  for (const ch of line) {
    if (c === column) return ch;
    c += stringWidth(ch);
  }
  return undefined;
}

function columnOf(line: string, ch: string): number {
  const i = line.indexOf(ch);
  return i < 0 ? -1 : stringWidth(line.slice(0, i));
}

function expectInside(frame: string, size: { columns: number; rows: number }, mustShow: string): void {
  const lines = plainLines(frame);
  expect(lines.length).toBeLessThanOrEqual(size.rows);
  for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(size.columns);
  const top = lines.findIndex((l) => l.includes('╭'));
  if (top >= 0) {
    const left = columnOf(lines[top] ?? '', '╭');
    const right = columnOf(lines[top] ?? '', '╮');
    const bottom = lines.findIndex((l, i) => i > top && l.includes('╰'));
    expect(bottom, 'the frame is closed on screen').toBeGreaterThan(top);
    expect(columnOf(lines[bottom] ?? '', '╯')).toBe(right);
    for (let i = top + 1; i < bottom; i++) {
      expect(at(lines[i] ?? '', left), lines[i]).toBe('│');
      expect(at(lines[i] ?? '', right), lines[i]).toBe('│');
    }
  }
  expect(lines.some((l) => l.includes(mustShow)), `"${mustShow}" on screen:\n${lines.join('\n')}`).toBe(true);
}

const PROMPTS: { name: string; prompt: Prompt; mustShow: string; keys?: string[] }[] = [
  { name: 'params', prompt: { kind: 'params', params: [{ name: `APP_${'X'.repeat(60)}`, secret: false, forms: [], line: 1, default: LONG, description: LONG }, { name: 'TOKEN', secret: true, forms: [], line: 2, description: LONG }] }, mustShow: 'disk' },
  { name: 'danger', prompt: { kind: 'danger', step, command, reasons: [LONG], word: 'DELETE', resolved: command.code, effect: 'destructive' }, mustShow: 'Esc: do not run it', keys: [LONG.slice(0, 120), KEY.enter] },
  { name: 'halted', prompt: { kind: 'halted', step, question: LONG, answer: LONG }, mustShow: 'Enter confirms' },
  { name: 'decision', prompt: { kind: 'decision', decision, node, suggested: { answer: LONG, why: LONG } }, mustShow: '↑↓ choose' },
  { name: 'signoff', prompt: { kind: 'signoff', step, form, role: LONG, suggestedName: LONG, error: LONG }, mustShow: 'Enter next' },
  { name: 'evidence', prompt: { kind: 'evidence', step, requirement: { id: 'e1', line: 3, text: LONG, kind: 'note' } }, mustShow: '↑↓ choose' },
  { name: 'unverified', prompt: { kind: 'unverified', step, expectation: { line: 3, text: LONG, source: 'threshold', check: { kind: 'manual' } }, output: `${LONG}\n${LONG}`, thresholds: [{ text: LONG, seen: LONG }] }, mustShow: 'Does it hold?' },
  { name: 'check-failed', prompt: { kind: 'check-failed', step, command, failures: [LONG, LONG], output: `${LONG}\n${LONG}` }, mustShow: '↑↓ choose' },
  { name: 'interrupted-command', prompt: { kind: 'interrupted-command', step, command, output: `${LONG}\n${LONG}\n${LONG}` }, mustShow: 'skip the step' },
  { name: 'runbook-changed', prompt: { kind: 'runbook-changed', oldSha256: 'a'.repeat(64), newSha256: 'b'.repeat(64), diff: `-${LONG}\n+${LONG}\n${LONG}` }, mustShow: 'Continue with the changed runbook?' },
];

describe.each(SIZES)('at $columns x $rows', (size) => {
  it.each(PROMPTS)('the $name prompt keeps 200-character values inside its frame', async ({ prompt, mustShow, keys }) => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, size);
    void engine.ask(prompt);
    await untilShown(r, '╭');
    for (const k of keys ?? []) await press(r.stdin, k);
    if (prompt.kind === 'params') await press(r.stdin, LONG.slice(0, 150));
    expectInside(r.frame(), size, mustShow);
  });

  it.each([
    { overlay: 'skip', key: 's', mustShow: 'Esc cancels' },
    { overlay: 'note', key: 'n', mustShow: 'Esc cancels' },
    { overlay: 'jump', key: 'g', mustShow: 'Go to section' },
    { overlay: 'help', key: '?', mustShow: 'Keys (?' },
    { overlay: 'quit', key: 'q', mustShow: 'n/Esc stay' },
  ])('the $overlay overlay keeps long values inside the pane', async ({ key, mustShow }) => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, size);
    await press(r.stdin, key);
    if (key === 's' || key === 'n') await press(r.stdin, LONG);
    await untilShown(r, mustShow);
    expectInside(r.frame(), size, mustShow);
  });

  it('help lists every key of the keymap, scrolling with PgDn when taller than the pane', async () => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, size);
    await press(r.stdin, '?');
    await untilShown(r, 'Keys (?');
    for (let i = 0; i < 5 && !r.frame().includes('Ctrl-C'); i++) await press(r.stdin, KEY.pageDown);
    await untilShown(r, 'Ctrl-C');
    expectInside(r.frame(), size, 'Ctrl-C');
  });

  it('the live metric pane keeps the gate title and cuts the timer first', () => {
    const inst = render(
      <LiveMetricPane
        width={size.columns}
        height={4}
        metric={{ stepId: 's1', gateId: 'g1', title: `Error budget ${LONG}`, mode: 'abort-if', thresholds: [], source: 'azure', series: [], startedAt: Date.now(), windowMs: 300_000, realTime: false }}
      />,
    );
    const first = plainLines(inst.lastFrame() ?? '')[0] ?? '';
    inst.unmount();
    expect(stringWidth(first)).toBeLessThanOrEqual(size.columns);
    expect(first).toContain('gate: Error budget /subscriptions');
  });
});

/** A "check by eye" the way runbooks write them: a list of things to see, and a long output under it. */
const LIST_EXPECTATION = ['All of these hold:', ...Array.from({ length: 14 }, (_, i) => `- revision ${i + 1} is Healthy and Running with 100% of traffic on ${LONG.slice(0, 60 + i)}`)].join('\n');
const LONG_OUTPUT = Array.from({ length: 60 }, (_, i) => `line ${i + 1}: ${i % 3 === 0 ? LONG : 'time_total: 0.281'}`).join('\n');

describe.each(SIZES)('a long check by eye at $columns x $rows', (size) => {
  const unverified: Prompt = { kind: 'unverified', step, expectation: { line: 3, text: LIST_EXPECTATION, source: 'prose', check: { kind: 'manual' } }, output: LONG_OUTPUT, thresholds: Array.from({ length: 12 }, (_, i) => ({ text: `p${i} < 0.5s ${LONG}`, seen: `0.${i}s` })) };

  it('shares the rows between the expectation and the output, and keeps the question and the note field on screen', async () => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, size);
    void engine.ask(unverified);
    await untilShown(r, 'Does it hold?');
    expectInside(r.frame(), size, 'Does it hold?');
    expectInside(r.frame(), size, 'Output (last');
    if (size.rows < 30) expectInside(r.frame(), size, 'more lines');
    expectInside(r.frame(), size, 'line 60');
    await press(r.stdin, 'y');
    await untilShown(r, 'Note (optional) ›');
    expectInside(r.frame(), size, 'Note (optional) ›');
    expectInside(r.frame(), size, 'Esc cancels');
    await press(r.stdin, 'looked fine');
    expectInside(r.frame(), size, 'looked fine');
  });
});

/** Values that span many lines (a list in the runbook, a multi-line command): each prompt still keeps its answer line. */
const MANY = Array.from({ length: 30 }, (_, i) => `- item ${i + 1}: ${LONG.slice(0, 50 + i * 3)}`).join('\n');
const MULTI_LINE: { name: string; prompt: Prompt; mustShow: string }[] = [
  { name: 'danger', prompt: { kind: 'danger', step, command: { ...command, code: MANY }, reasons: [MANY], word: 'DELETE', resolved: MANY, effect: 'destructive' }, mustShow: 'Esc: do not run it' },
  { name: 'halted', prompt: { kind: 'halted', step, question: MANY, answer: MANY }, mustShow: 'Enter confirms' },
  { name: 'decision', prompt: { kind: 'decision', decision, node: { ...node, question: MANY, before: MANY }, suggested: { answer: LONG, why: MANY } }, mustShow: '↑↓ choose' },
  { name: 'evidence', prompt: { kind: 'evidence', step, requirement: { id: 'e1', line: 3, text: MANY, kind: 'note' } }, mustShow: '↑↓ choose' },
  { name: 'check-failed', prompt: { kind: 'check-failed', step, command: { ...command, code: MANY }, failures: [MANY, MANY], output: MANY }, mustShow: '↑↓ choose' },
  { name: 'interrupted-command', prompt: { kind: 'interrupted-command', step, command: { ...command, code: MANY }, output: MANY }, mustShow: 'skip the step' },
  { name: 'signoff', prompt: { kind: 'signoff', step, form: { ...form, title: MANY }, role: MANY, suggestedName: LONG, error: MANY }, mustShow: 'Enter next' },
];

describe.each(SIZES)('multi-line values at $columns x $rows', (size) => {
  it.each(MULTI_LINE)('the $name prompt keeps its answer line on screen', async ({ prompt, mustShow }) => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, size);
    void engine.ask(prompt);
    await untilShown(r, '╭');
    expectInside(r.frame(), size, mustShow);
  });
});
