// The monitored wait on screen: its countdown and a sparkline per watched metric, the keys
// that end it (with a reason) and extend it, and a long series drawn from its end only.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveWait } from '../../src/session/types.js';
import { WaitPane } from '../../src/ui/components/wait-pane.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, type, until, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

function liveWait(values: number[], over: Partial<LiveWait> = {}): LiveWait {
  return {
    stepId: 's2',
    waitId: 'wait-1',
    text: 'Monitor the canary for 10 minutes',
    seconds: 600,
    servedSeconds: 150,
    resumedFrom: 0,
    speed: 60,
    simulated: true,
    criteria: ['error rate > 1% (annotation)'],
    series: [
      { metric: 'error rate', unit: '%', values, count: values.length, thresholds: [{ metric: 'error rate', comparator: '>', value: 1, unit: '%' }], modes: ['abort-if'] },
      { metric: 'p95 latency', unit: 'ms', values: [300, 320, 310], count: 3, thresholds: [], modes: [] },
      { metric: 'availability', values: [], count: 0, thresholds: [], modes: [], noSource: 'no metric block names it' },
    ],
    ...over,
  };
}

let r: Rendered | undefined;
afterEach(() => {
  r?.unmount();
  r = undefined;
});

describe('the wait pane', () => {
  it('shows the countdown, the compression, each metric with its limit, and a metric without a source', () => {
    const out = render(<WaitPane wait={liveWait([0.2, 0.4, 0.6, 1.4])} width={90} height={8} />).lastFrame() ?? '';
    expect(out).toContain('⏱ Monitor the canary for 10 minutes');
    expect(out).toContain('2:30 / 10:00 · 7:30 left · rehearsal ×60 · simulated');
    expect(out).toMatch(/error rate [▁-█]{4} 1\.4%\s+abort if > 1%/);
    expect(out).toMatch(/p95 latency [▁-█]{3} 310ms/);
    expect(out).toContain('availability: not sampled (no metric block names it)');
    expect(out).toContain('abort on: error rate > 1% (annotation)');
  });

  it('keeps the clock in view in a narrow pane under a long title (seen at 120 columns beside the step list)', () => {
    const wait = liveWait([0.2], { text: 'Monitor the canary for 10 minutes while the error rate and the p95 latency are watched' });
    const out = render(<WaitPane wait={wait} width={44} height={6} />).lastFrame() ?? '';
    expect(out).toContain('⏱ Monitor the canary');
    expect(out).toMatch(/2:30 \/ 10:00 · 7:30 left/);
  });

  it('a 10,000-sample series is drawn from its end: as many bars as fit, the last value shown', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i === 9_999 ? 0.77 : (i % 7) / 10));
    const out = render(<WaitPane wait={liveWait(values)} width={60} height={6} />).lastFrame() ?? '';
    const row = out.split('\n').find((l) => l.startsWith('error rate')) ?? '';
    const bars = (/[▁-█]+/.exec(row)?.[0] ?? '').length;
    expect(bars).toBeGreaterThan(10);
    expect(bars).toBeLessThan(60);
    expect(row).toContain('0.77%');
  });

  it('x asks why and ends the wait with that reason; + extends it by 5 minutes', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.setWait(liveWait([0.2, 0.3]));
    r = await renderApp(engine, { columns: 120, rows: 32 });
    await untilShown(r, '⏱ Monitor the canary');
    expect(r.frame()).toContain('x end wait');
    await press(r.stdin, '+');
    await until(() => expect(engine.callsTo('extendWait')).toEqual([[300]]));
    await untilShown(r, '2:30 / 15:00');
    await press(r.stdin, 'x');
    await untilShown(r, 'End the monitored wait now');
    // a reason is required
    await press(r.stdin, KEY.enter);
    expect(engine.callsTo('endWait')).toEqual([]);
    await type(r.stdin, 'dashboards green for 8 min');
    await press(r.stdin, KEY.enter);
    await until(() => expect(engine.callsTo('endWait')).toEqual([['dashboards green for 8 min']]));
    await untilGone(r, '⏱ Monitor the canary');
  });

  it('a limit crossed while the reason is being typed: the entry closes and the raised question shows', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.setWait(liveWait([0.2, 0.3]));
    r = await renderApp(engine, { columns: 120, rows: 32 });
    await untilShown(r, '⏱ Monitor the canary');
    await press(r.stdin, 'x');
    await untilShown(r, 'End the monitored wait now');
    await type(r.stdin, 'seen eno');
    // the engine: the wait broke off on a breach and raised the rollback question
    engine.setWait(undefined);
    const decision = engine.ask({ kind: 'decision', decision: { id: 'd1', line: 1, kind: 'tree', title: 'Rollback tree', questions: [] }, node: { line: 1, question: 'Roll back now?', answers: [{ label: 'Yes', outcome: { kind: 'continue' } }, { label: 'No', outcome: { kind: 'continue' } }] } });
    await untilShown(r, 'Roll back now?');
    expect(r.frame()).not.toContain('End the monitored wait now');
    expect(r.frame()).toContain('the wait ended before the reason was sent');
    expect(engine.callsTo('endWait')).toEqual([]);
    void decision;
  });
});
