// Keys typed faster than the screen changes: each one acts on the view it was meant for.
// Every test writes the keys in ONE read, the instant the dialog opens (before it is drawn,
// let alone listening): before the one input dispatcher, the second key was lost.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Decision } from '../../src/runbook/model.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { until } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const runbook = sampleRunbook();

async function setup(): Promise<FakeEngine> {
  const engine = new FakeEngine(runbook);
  r = await renderApp(engine, { columns: 120, rows: 32 });
  return engine;
}

describe('keys sent the instant a dialog opens', () => {
  it('q and y in one read: the quit question q opens takes the y, and the session is suspended', async () => {
    const engine = await setup();
    r!.stdin.write('qy');
    await until(() => expect(r!.exits).toEqual([{ kind: 'suspended' }]), () => r!.frame());
    expect(engine.callsTo('suspend')).toHaveLength(1);
  });

  it('^C and y in one read while a prompt is up: quits from the prompt', async () => {
    const engine = await setup();
    void engine.ask({ kind: 'runbook-changed', oldSha256: 'a', newSha256: 'b', diff: '' });
    r!.stdin.write('\x03y');
    await until(() => expect(r!.exits).toEqual([{ kind: 'suspended' }]), () => r!.frame());
  });

  it('a y written in the same tick the engine asks is the answer, though the prompt was not drawn yet', async () => {
    const engine = await setup();
    const answer = engine.ask({ kind: 'runbook-changed', oldSha256: 'a'.repeat(64), newSha256: 'b'.repeat(64), diff: '+x\n' });
    r!.stdin.write('y');
    expect(await answer).toEqual({ proceed: true });
  });

  it('y, a note and Enter in one read: the note field that y opens gets the note', async () => {
    const engine = await setup();
    const answer = engine.ask({
      kind: 'unverified',
      step: runbook.steps[1]!,
      expectation: { line: 3, text: 'all nodes Ready', source: 'prose', check: { kind: 'manual' } },
    });
    r!.stdin.write('yall nodes seen\r');
    expect(await answer).toEqual({ confirmed: true, note: 'all nodes seen' });
  });

  it('s, a reason and Enter in one read skip the selected step with that reason', async () => {
    const engine = await setup();
    r!.stdin.write('snot needed today\r');
    await until(() => expect(engine.callsTo('skip')).toEqual([['s1', 'not needed today']]), () => r!.frame());
  });

  it('Down, Enter and Enter in one read answer a decision with its second option and no note', async () => {
    const engine = await setup();
    const node = {
      line: 41,
      question: 'Error rate above 5%?',
      answers: [
        { label: 'Yes', outcome: { kind: 'continue' as const } },
        { label: 'No', outcome: { kind: 'continue' as const } },
      ],
      safeDefault: 'Yes',
    };
    const decision: Decision = { id: 'd1', line: 40, kind: 'tree', title: 'Canary health', questions: [node] };
    const answer = engine.ask({ kind: 'decision', decision, node });
    r!.stdin.write('\x1b[B\r\r');
    expect(await answer).toEqual({ answer: 'No' });
  });
});
