// `u` (issue 13): offered while the last answer's branch can be undone; it asks for a reason,
// says what comes back and what goes, and hands the reason to the engine, which asks the
// question again.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { FakeEngine, makeRunbook, makeStep } from './fake-engine.js';
import { KEY, press, type, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

describe('u: undo the last answer', () => {
  it('is offered, says what the undo does, needs a reason and passes it on', async () => {
    const runbook = makeRunbook([
      {
        id: 'rel',
        title: 'Release',
        steps: [makeStep({ id: 'canary', title: 'Watch the canary', sectionId: 'rel' }), makeStep({ id: 'ship', title: 'Ship it', sectionId: 'rel' })],
      },
    ]);
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, { columns: 160, rows: 30 });
    engine.setUndoable({ n: 1, decisionId: 'tree', from: 'canary', to: 'outcome-9', left: ['ship'], inserted: ['outcome-9'], raisedWith: { source: 'wait', label: 'Monitor', breaches: [] } });
    await untilShown(r, 'u undo decision');
    await press(r.stdin, 'u');
    await untilShown(r, 'Undo decision 1: asked again on the data it was raised with; 1 left step back; 1 added step gone');
    await press(r.stdin, KEY.enter);
    expect(engine.callsTo('undoDecision')).toEqual([]);
    await type(r.stdin, 'stale dashboard');
    await press(r.stdin, KEY.enter);
    await untilShown(r, 'decision 1 undone');
    expect(engine.callsTo('undoDecision')).toEqual([['stale dashboard']]);
  });
});
