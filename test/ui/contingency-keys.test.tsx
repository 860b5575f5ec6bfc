// A contingency section the walk has not entered (Rollback, Troubleshooting at the end of the
// runbook) is still in the step list, and the arrow keys reach it: the operator opens it
// with Enter there (issue 12: "entered only by a decision, a failed step or the operator's
// explicit key"). The "n/m done" count leaves it out, which must not cut the list short.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { FakeEngine, makeRunbook, makeStep } from './fake-engine.js';
import { KEY, press, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

describe('the arrow keys and a contingency not entered', () => {
  it('Down reaches the rollback steps after the main path', async () => {
    const rollback = { sectionId: 'rb', title: 'Rollback Procedure', reason: 'title' as const, kind: 'rollback' as const };
    const runbook = makeRunbook([
      { id: 'rel', title: 'Release', steps: [makeStep({ id: 'm1', title: 'Migrate', sectionId: 'rel' }), makeStep({ id: 'm2', title: 'Announce', sectionId: 'rel' })] },
      {
        id: 'rb',
        title: 'Rollback Procedure',
        steps: [
          makeStep({ id: 'r1', title: 'Identify the trigger', sectionId: 'rb', path: 'branch', contingency: rollback }),
          makeStep({ id: 'r2', title: 'Downgrade', sectionId: 'rb', path: 'branch', contingency: rollback }),
        ],
      },
    ]);
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, { columns: 100, rows: 30 });
    await untilShown(r, '0/2 steps done');
    await press(r.stdin, KEY.down, KEY.down, KEY.down);
    await untilShown(r, '▸○ 4. Downgrade');
    expect(engine.calls.filter((c) => c.method === 'select').map((c) => c.args[0])).toEqual(['m2', 'r1', 'r2']);
  });
});
