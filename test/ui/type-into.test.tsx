// The `i` box for typing into a running command takes the step detail's place only: the
// command's live output (the prompt being answered, and what it prints after) stays on screen.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, until, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

describe('typing into a running command', () => {
  it('keeps the live output visible while the input box is open, and as it changes', async () => {
    const engine = new FakeEngine(sampleRunbook());
    const live = { stepId: 's2', commandId: 's2.c1', totalBytes: 60, startedAt: Date.now() };
    engine.setLive({ ...live, lines: ['deploying infra', 'Have you obtained change approval? (yes/no): '], totalLines: 1 });
    r = await renderApp(engine);
    await press(r.stdin, 'i');
    await untilShown(r, 'Type into the running command');
    expect(r.frame()).toContain('Have you obtained change approval? (yes/no):');
    await press(r.stdin, 'y', 'e', 's', KEY.enter);
    await until(() => expect(engine.callsTo('sendInput')).toEqual([['yes\n']]));
    engine.setLive({ ...live, lines: ['deploying infra', 'Have you obtained change approval? (yes/no): yes', 'Enter the region: '], totalLines: 2 });
    await untilShown(r, 'Enter the region:');
    // the box stays open for the next answer, with the output beside it
    expect(r.frame()).toContain('Type into the running command');
  });
});
