import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, type, until, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';
import { DrawnFrame } from '../../src/ui/drawn-frame.js';
import { KEYMAP } from '../../src/ui/keymap.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

describe('App layout', () => {
  it('shows the header, the step list grouped by section, the detail and the keys that work now', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    const f = r.frame();
    expect(f).toContain('RUN');
    expect(f).not.toContain('DRY RUN');
    expect(f).toContain('Deploy the payments API');
    expect(f).toContain('0/4');
    expect(f).toContain('20261123-100000-ab12');
    expect(f).toMatch(/⏱ 1:0\d/);
    expect(f).toContain('Preparation');
    expect(f).toContain('Deployment');
    expect(f).toContain('1. Announce the change');
    expect(f).toContain('4. Verify traffic');
    // detail: markdown rendered (bold markers gone), sub-items with boxes
    expect(f).toContain('Post in #ops that the deploy starts.');
    expect(f).toContain('☐ Ticket linked');
    expect(f).toContain('␣ tick');
    expect(f).toContain('q quit');
  });

  it('shows a loud DRY RUN banner in rehearsal', async () => {
    r = await renderApp(new FakeEngine(sampleRunbook(), { mode: 'rehearsal' }));
    await untilShown(r, 'DRY RUN · REHEARSAL');
  });

  it('falls back to a compact layout under 80x24 and re-lays out on resize', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine, { columns: 60, rows: 20 });
    let f = r.frame();
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(f).toContain('DRY RUN'.length > 0 ? 'RUN' : '');
    // the list is hidden: the other section is not on screen, the selected step is
    expect(f).not.toContain('Deployment');
    expect(f).toContain('1. Announce the change');
    await r.resize(100, 30);
    f = r.frame();
    expect(f).toContain('Deployment');
    expect(f).toContain('session 20261123-100000-ab12');
  });

  it('never draws more rows or columns than the terminal has, even tiny ones', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine, { columns: 30, rows: 8 });
    const lines = r.frame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(7);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
  });
});

describe('App keys', () => {
  it('j/k and arrows move the selection through the engine', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 'j');
    await until(() => expect(engine.callsTo('select')).toEqual([['s2']]));
    await untilShown(r, 'kubectl get nodes');
    await press(r.stdin, KEY.down, 'k', KEY.up);
    await until(() => expect(engine.callsTo('select')).toEqual([['s2'], ['s3'], ['s2'], ['s1']]));
    await press(r.stdin, 'k');
    await until(() => expect(engine.callsTo('select')).toHaveLength(4));
  });

  it('? shows help listing every keymap entry, and closes again', async () => {
    r = await renderApp(new FakeEngine(sampleRunbook()), { columns: 160, rows: 40 });
    await press(r.stdin, '?');
    const f = r.frame();
    for (const b of KEYMAP) {
      expect(f).toContain(b.label);
      expect(f).toContain(b.description);
    }
    await press(r.stdin, '?');
    await untilGone(r, 'Keys (? or Esc closes)');
  });

  it('Enter calls advance on the selected step', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('advance')).toEqual([['s1']]));
    await untilShown(r, '1/4');
  });

  it('space toggles the highlighted sub-item and moves to the next; Tab moves the highlight', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, KEY.space);
    await until(() => expect(engine.callsTo('toggleItem')).toEqual([['s1', 's1.i1']]));
    await untilShown(r, '☑ Ticket linked');
    await press(r.stdin, KEY.space);
    await until(() => expect(engine.callsTo('toggleItem')[1]).toEqual(['s1', 's1.i2']));
    await press(r.stdin, KEY.tab, KEY.space);
    await until(() => expect(engine.callsTo('toggleItem')[2]).toEqual(['s1', 's1.i1']));
    await untilShown(r, '☐ Ticket linked');
  });

  it('s asks for a reason, refuses an empty one, and skips with it', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 's');
    await untilShown(r, 'Skip "Announce the change"');
    await press(r.stdin, KEY.enter);
    await untilShown(r, 'Reason is required');
    await until(() => expect(engine.callsTo('skip')).toEqual([]));
    await type(r.stdin, 'done by hand yesterday');
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('skip')).toEqual([['s1', 'done by hand yesterday']]));
    await untilShown(r, '↷');
  });

  it('Esc cancels a skip without calling the engine', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 's');
    await type(r.stdin, 'oops');
    await press(r.stdin, KEY.escape);
    await until(() => expect(engine.callsTo('skip')).toEqual([]));
    await untilGone(r, 'Skip "');
  });

  it('n adds a note for the selected step', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 'n');
    await type(r.stdin, 'DBA on the bridge');
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('note')).toEqual([['DBA on the bridge', 's1']]));
    await untilShown(r, 'note added');
  });

  it('g jumps to a section', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 'g');
    await untilShown(r, 'Go to section');
    await press(r.stdin, KEY.down, KEY.enter);
    await until(() => expect(engine.callsTo('select')).toEqual([['s3']]));
    await untilShown(r, 'Rollout');
  });

  it('q asks first, n stays, y suspends and exits resumable', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 'q');
    await untilShown(r, 'Quit now?');
    await untilShown(r, 'flightdeck resume 20261123-100000-ab12');
    await press(r.stdin, 'n');
    await untilGone(r, 'Quit now?');
    await until(() => expect(engine.callsTo('suspend')).toEqual([]));
    await press(r.stdin, 'q', 'y');
    await until(() => expect(engine.callsTo('suspend')).toEqual([[]]));
    await until(() => expect(r?.exits).toEqual([{ kind: 'suspended' }]));
  });

  it('Ctrl-C cancels a running command; with nothing running it asks to quit', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.select('s2');
    engine.setLive({ stepId: 's2', commandId: 's2.c1', lines: ['node-1 Ready', 'node-2 Ready'], totalLines: 2, totalBytes: 26, startedAt: Date.now() - 3000 });
    r = await renderApp(engine);
    let f = r.frame();
    expect(f).toContain('node-2 Ready');
    expect(f).toContain('0:03');
    expect(f).toContain('^C cancel');
    expect(f).not.toContain('⏎ run');
    await press(r.stdin, KEY.ctrlC);
    await until(() => expect(engine.callsTo('cancelRunning')).toEqual([[]]));
    f = r.frame();
    expect(f).not.toContain('node-2 Ready');
    await press(r.stdin, KEY.ctrlC);
    await untilShown(r, 'Quit now?');
    await until(() => expect(engine.callsTo('cancelRunning')).toHaveLength(1));
  });

  it('i types a line into the running command', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.setLive({ stepId: 's2', commandId: 's2.c1', lines: ["Type 'DEPLOY' to confirm:"], totalLines: 1, totalBytes: 20, startedAt: Date.now() });
    r = await renderApp(engine);
    await press(r.stdin, 'i');
    await type(r.stdin, 'DEPLOY');
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('sendInput')).toEqual([['DEPLOY\n']]));
  });

  it('Enter finishes the session when every step is done, and the App exits', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    await untilShown(r, '4/4');
    await until(() => expect(r?.exits).toEqual([]));
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('finish')).toEqual([['completed']]));
    await until(() => expect(r?.exits).toEqual([{ kind: 'ended', status: 'completed' }]));
  });

  it('Enter ends the session only once the all-done screen is drawn and has been up a moment (not an Enter meant for the last step)', async () => {
    const engine = new FakeEngine(sampleRunbook());
    let clock = 0;
    // frames are "drawn" only when this test says so, on a clock it moves
    const frame = new DrawnFrame({ finishSettleMs: 300, now: () => clock });
    r = await renderApp(engine, undefined, frame);
    frame.drawn();
    for (const n of [1, 2, 3, 4]) {
      await press(r.stdin, KEY.enter);
      await untilShown(r, `${n}/4`);
      if (n < 4) frame.drawn();
    }
    // React rendered "4/4", the terminal still shows step 4 selected
    await press(r.stdin, KEY.enter);
    expect(engine.callsTo('finish')).toEqual([]);
    // drawn now: an Enter in the same instant is one meant for the screen before
    frame.drawn();
    await press(r.stdin, KEY.enter);
    expect(engine.callsTo('finish')).toEqual([]);
    clock += 300;
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('finish')).toEqual([['completed']]));
  });
});
