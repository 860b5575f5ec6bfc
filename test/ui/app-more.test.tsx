import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { FakeEngine, makeRunbook, makeStep, sampleRunbook } from './fake-engine.js';
import { KEY, idle, press, until, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

function bigRunbook(n: number) {
  const steps = Array.from({ length: n }, (_, i) => makeStep({ id: `s${i + 1}`, title: `Step number ${i + 1}`, sectionId: i < n / 2 ? 'a' : 'b' }));
  return makeRunbook([
    { id: 'a', title: 'First half', steps: steps.slice(0, n / 2) },
    { id: 'b', title: 'Second half', steps: steps.slice(n / 2) },
  ]);
}

describe('App on big runbooks and long steps', () => {
  it('"### Step N" sections show one row each, and scrolling never pins an unrelated heading', async () => {
    const checks = [1, 2, 3].map((i) => makeStep({ id: `c${i}`, title: `Check ${i}`, sectionId: 'pre' }));
    const numbered = Array.from({ length: 30 }, (_, i) => ({
      id: `n${i + 1}`,
      title: `Step ${i + 1}: Do thing ${i + 1}`,
      steps: [makeStep({ id: `n${i + 1}.s`, title: `Step ${i + 1}: Do thing ${i + 1}`, sectionId: `n${i + 1}` })],
    }));
    const engine = new FakeEngine(makeRunbook([{ id: 'pre', title: 'Pre-flight checks', steps: checks }, ...numbered]));
    r = await renderApp(engine, { columns: 100, rows: 30 });
    expect(r.frame().match(/Step 1: Do thing 1\b/g)).toHaveLength(1); // the step row, no heading row above it
    engine.select('n20.s');
    await untilShown(r, 'Step 20: Do thing 20');
    const list = r.frame().split('\n').map((l) => l.split('│')[0] ?? '');
    expect(list.join('\n')).toContain('Step 20: Do thing 20');
    expect(list.join('\n')).not.toContain('Pre-flight checks');
  });

  it('renders only the rows that fit and keeps the selected step visible', async () => {
    const engine = new FakeEngine(bigRunbook(400));
    r = await renderApp(engine, { columns: 100, rows: 30 });
    expect(r.frame().split('\n').length).toBeLessThanOrEqual(29);
    await untilGone(r, 'Step number 300');
    engine.select('s300');
    await untilShown(r, '300. Step number 300');
    const f = r.frame();
    expect(f).toContain('300. Step number 300');
    expect(f).toContain('Second half');
    expect(f).not.toContain('1. Step number 1 ');
    expect(f.split('\n').length).toBeLessThanOrEqual(29);
    engine.select('s400');
    await untilShown(r, '400. Step number 400');
    await untilShown(r, 'Second half');
  });

  it('bounds a long step body to the pane and scrolls it with PgDn / PgUp', async () => {
    const body = Array.from({ length: 80 }, (_, i) => `Paragraph line ${i + 1}.`).join('\n\n');
    const engine = new FakeEngine(makeRunbook([{ id: 'a', title: 'Only', steps: [makeStep({ id: 's1', title: 'Long one', sectionId: 'a', body })] }]));
    r = await renderApp(engine, { columns: 100, rows: 30 });
    let f = r.frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(29);
    expect(f).toContain('Paragraph line 1.');
    expect(f).toMatch(/↓ \d+ more below/);
    expect(f).toContain('PgUp/PgDn scroll');
    await press(r.stdin, KEY.pageDown);
    f = r.frame();
    expect(f).not.toContain('Paragraph line 1.');
    expect(f).toMatch(/↑ \d+ more above/);
    await press(r.stdin, ']', ']', ']', ']', ']', ']', ']', ']', ']', ']');
    f = r.frame();
    expect(f).toContain('Paragraph line 80.');
    expect(f).not.toMatch(/more below/);
    await press(r.stdin, KEY.pageUp, '[', '[', '[', '[', '[', '[', '[', '[', '[', '[', '[');
    await untilShown(r, 'Paragraph line 1.');
  });

  it('keeps the compact layout sane with a command running', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.select('s2');
    const lines = Array.from({ length: 500 }, (_, i) => `output line ${i + 1} ` + 'x'.repeat(120));
    engine.setLive({ stepId: 's2', commandId: 's2.c1', lines, totalLines: 2_000_000, totalBytes: 1e9, startedAt: Date.now() - 125_000 });
    r = await renderApp(engine, { columns: 70, rows: 20 });
    const f = r.frame();
    const rows = f.split('\n');
    expect(rows.length).toBeLessThanOrEqual(19);
    for (const l of rows) expect(l.length).toBeLessThanOrEqual(70);
    expect(f).toContain('output line 500');
    expect(f).not.toContain('output line 400 ');
    expect(f).toContain('2:05');
    expect(f).toContain('2000000 lines');
  });
});

describe('App and the engine', () => {
  it('shows an engine error on the message line instead of crashing', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.advance = async () => {
      throw new Error('step s1 has unmet evidence: screenshot of the dashboard');
    };
    r = await renderApp(engine);
    await press(r.stdin, KEY.enter);
    await untilShown(r, 'step s1 has unmet evidence');
    await press(r.stdin, 'j');
    await untilGone(r, 'unmet evidence');
  });

  it('leaves when the engine closes the session by itself', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    engine.close('suspended');
    await idle();
    await until(() => expect(r?.exits).toEqual([{ kind: 'suspended' }]));
  });

  it('leaves with the outcome when the session is aborted from a prompt', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    void engine.finish('aborted');
    await idle();
    await until(() => expect(r?.exits).toEqual([{ kind: 'ended', status: 'aborted' }]));
  });

  it('does not offer typing into a command when the engine cannot take input', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.sendInput = undefined;
    engine.setLive({ stepId: 's2', commandId: 's2.c1', lines: [], totalLines: 0, totalBytes: 0, startedAt: Date.now() });
    r = await renderApp(engine);
    await untilGone(r, 'i type');
    await press(r.stdin, 'i');
    await untilGone(r, 'Type into the running command');
  });

  it('with a command running, q asks, warns it will be cancelled, then cancels and suspends', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.setLive({ stepId: 's2', commandId: 's2.c1', lines: ['waiting'], totalLines: 1, totalBytes: 8, startedAt: Date.now() });
    r = await renderApp(engine);
    await press(r.stdin, 'q');
    await untilShown(r, 'quitting stops it');
    await press(r.stdin, 'y');
    await idle();
    await until(() => expect(engine.calls.map((c) => c.method).filter((m) => m === 'cancelRunning' || m === 'suspend')).toEqual(['cancelRunning', 'suspend']));
    await until(() => expect(r?.exits).toEqual([{ kind: 'suspended' }]));
  });
});
