// Monitored waits in the engine: a compressed rehearsal with simulated metrics, a breach that
// interrupts the wait, ending early with a reason, extending, and resuming mid-wait with
// the time already served.
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/session/audit-event.js';
import { autopilot, whenSnapshot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const CANARY = `# Canary

### Step 1: Canary at 10%

\`\`\`bash
echo "traffic 10%"
\`\`\`

Monitor the canary for 10 minutes.

<!-- flightdeck: wait 10m abort-if="error rate > 1%" watch="error rate,p95 latency" -->

\`\`\`metric
kind: simulated
metric: error rate
unit: "%"
values: [0.2, 0.3, 0.3, 0.4, 0.6, 0.9, 1.4, 1.9]
abort-if: error rate > 1%
\`\`\`

### Step 2: Full traffic

\`\`\`bash
echo "traffic 100%"
\`\`\`
`;

const waitEvents = (events: AuditEvent[]) => events.filter((e) => e.type === 'wait').map((e) => e.data);

async function rehearsal(env: NodeJS.ProcessEnv = {}, waitRealSeconds = 1.5) {
  const s = await sessionFor(CANARY, { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds }, env });
  autopilot(s.engine, { danger: { confirmed: true } });
  return s;
}

describe('monitored waits', () => {
  it('the scripted error rate climbs past 1%: the breach interrupts the wait, records the series and fails the step', async () => {
    const s = await rehearsal();
    const step = s.runbook.steps[0]!;
    await s.engine.advance(step.id);
    const waits = waitEvents(s.events());
    expect(waits[0]).toMatchObject({ kind: 'start', seconds: 600, metrics: ['error rate', 'p95 latency'], speed: 400, simulated: true });
    const end = waits[waits.length - 1];
    expect(end).toMatchObject({ kind: 'end', outcome: 'breach', breach: { metric: 'error rate', criterion: 'error rate > 1%', from: 'annotation' } });
    expect(Number(end?.servedSeconds)).toBeLessThan(600);
    expect(Number((end?.breach as { value: number }).value)).toBeGreaterThan(1);
    const metrics = s.events().filter((e) => e.type === 'metric');
    expect(metrics.map((m) => [m.data.name, m.data.result])).toEqual([
      ['error rate', 'fail'],
      ['p95 latency', 'pass'],
    ]);
    const state = s.engine.snapshot().state.steps[step.id];
    expect(state?.status).toBe('failed');
    expect(state?.reason).toMatch(/^wait breach: error rate 1\.4% against error rate > 1%/);
    expect(state?.waits?.[step.waits![0]!.id]?.status).toBe('breach');
    // the failed step holds the walk: the full-traffic step did not run
    expect(s.engine.snapshot().state.steps[s.runbook.steps[1]!.id]?.status).toBe('pending');
    await s.engine.finish('aborted');
  });

  it('two limits crossed by the same sample are both recorded as failed and both named in the raised decision', async () => {
    const both = CANARY.replace('### Step 2: Full traffic', [
        '```metric',
        'kind: simulated',
        'metric: p95 latency',
        'unit: ms',
        'values: [400, 420, 450, 500, 700, 900, 2400, 2600]',
        'abort-if: p95 latency > 2000ms',
        '```',
        '',
        '```decision',
        'question: Canary unhealthy?',
        'answers:',
        '  yes: DO NOT proceed',
        '  no: continue',
        '```',
        '',
        '### Step 2: Full traffic',
      ].join('\n'));
    const s = await sessionFor(both, { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds: 1.5 } });
    autopilot(s.engine, { danger: { confirmed: true }, decision: { answer: 'yes' } });
    const step = s.runbook.steps[0]!;
    await s.engine.advance(step.id);
    const metrics = s.events().filter((e) => e.type === 'metric' && e.data.gateId === step.waits![0]!.id);
    expect(metrics.map((m) => [m.data.name, m.data.result])).toEqual([
      ['error rate', 'fail'],
      ['p95 latency', 'fail'],
    ]);
    const raise = s.events().find((e) => e.type === 'flow' && e.data.kind === 'raise');
    expect(raise?.data.data).toEqual([expect.stringMatching(/^error rate 1\.4% > 1%/), expect.stringMatching(/^p95 latency 2,?400 ?ms > 2,?000 ?ms/)]);
    await s.engine.finish('aborted');
  });

  it('FLIGHTDECK_SIMULATE=healthy serves the whole wait; the gate it judged is not sampled again', async () => {
    const s = await rehearsal({ FLIGHTDECK_SIMULATE: 'healthy' });
    const step = s.runbook.steps[0]!;
    await s.engine.advance(step.id);
    const end = waitEvents(s.events()).find((d) => d.kind === 'end');
    expect(end).toMatchObject({ outcome: 'elapsed', servedSeconds: 600 });
    expect(s.engine.snapshot().state.steps[step.id]?.status).toBe('rehearsed');
    expect(s.events().some((e) => e.type === 'note' && String(e.data.text).startsWith('gate judged on every sample of the monitored wait'))).toBe(true);
    await s.engine.finish('completed');
  });

  it('the operator ends the wait early with a reason: recorded, and the step is waived with it', async () => {
    const s = await rehearsal({ FLIGHTDECK_SIMULATE: 'healthy' }, 30);
    const step = s.runbook.steps[0]!;
    const walking = s.engine.advance(step.id);
    await whenSnapshot(s.engine, (snap) => ((snap.wait?.servedSeconds ?? 0) > 0 ? true : undefined), 'the wait counting');
    s.engine.endWait('dashboards green, change window closing');
    await walking;
    const end = waitEvents(s.events()).find((d) => d.kind === 'end');
    expect(end).toMatchObject({ outcome: 'ended-early', reason: 'dashboards green, change window closing' });
    expect(Number(end?.servedSeconds)).toBeLessThan(600);
    const state = s.engine.snapshot().state.steps[step.id];
    expect(state?.status).toBe('waived');
    expect(state?.reason).toContain('ended early');
    expect(s.engine.snapshot().wait).toBeUndefined();
    await s.engine.finish('completed');
  });

  it('extending adds to the length the log and the screen show', async () => {
    const s = await rehearsal({ FLIGHTDECK_SIMULATE: 'healthy' }, 2);
    const step = s.runbook.steps[0]!;
    const walking = s.engine.advance(step.id);
    await whenSnapshot(s.engine, (snap) => (snap.wait ? true : undefined), 'the wait pane');
    s.engine.extendWait(300);
    await whenSnapshot(s.engine, (snap) => (snap.wait?.seconds === 900 ? true : undefined), 'the wait at 15 min');
    await walking;
    const waits = waitEvents(s.events());
    expect(waits.find((d) => d.kind === 'extend')).toMatchObject({ addSeconds: 300, seconds: 900 });
    expect(waits.find((d) => d.kind === 'end')).toMatchObject({ outcome: 'elapsed', servedSeconds: 900 });
    expect(s.engine.snapshot().state.steps[step.id]?.waits?.[step.waits![0]!.id]).toMatchObject({ seconds: 900, status: 'elapsed' });
    await s.engine.finish('completed');
  });

  it('suspended in the middle of the wait, a resume goes on with the time already served', async () => {
    const s = await rehearsal({ FLIGHTDECK_SIMULATE: 'healthy' }, 8);
    const step = s.runbook.steps[0]!;
    void s.engine.advance(step.id);
    await whenSnapshot(s.engine, (snap) => ((snap.wait?.servedSeconds ?? 0) >= 120 ? true : undefined), 'a minute and a half served');
    await s.engine.suspend();
    const served = s.engine.snapshot().state.steps[step.id]?.waits?.[step.waits![0]!.id]?.servedSeconds ?? 0;
    expect(served).toBeGreaterThanOrEqual(120);
    expect(served).toBeLessThan(600);
    // what the wait saw before the quit is kept, but a wait that did not end is neither GO nor NO-GO
    const partial = s.events().filter((e) => e.type === 'metric' && e.data.gateId === step.waits![0]!.id);
    expect(partial.length).toBeGreaterThan(0);
    for (const m of partial) expect(m.data).toMatchObject({ result: 'unverified', verdict: 'unverified' });
    const again = await s.resume();
    autopilot(again.engine, { danger: { confirmed: true } });
    // resumed: the wait picks up at the time served, not at zero
    const walking = again.engine.advance(step.id);
    const first = await whenSnapshot(again.engine, (snap) => snap.wait, 'the resumed wait');
    expect(first.servedSeconds).toBeGreaterThanOrEqual(served);
    expect(first.resumedFrom).toBe(served);
    await walking;
    const waits = waitEvents(again.events());
    expect(waits.filter((d) => d.kind === 'start')).toHaveLength(1);
    // the log says where it went on from
    expect(waits.filter((d) => d.kind === 'resume')).toEqual([expect.objectContaining({ servedSeconds: served })]);
    expect(waits.find((d) => d.kind === 'end')).toMatchObject({ outcome: 'elapsed', servedSeconds: 600 });
    expect(again.engine.snapshot().state.steps[step.id]?.status).toBe('rehearsed');
    // the command before the wait did not run twice
    expect(again.events().filter((e) => e.type === 'cmd.start' && e.data.stepId === step.id)).toHaveLength(1);
    await again.engine.finish('completed');
  });

  it('Ctrl-C pauses the wait (time served recorded, the step still open); Enter goes on from there', async () => {
    const s = await rehearsal({ FLIGHTDECK_SIMULATE: 'healthy' }, 3);
    const step = s.runbook.steps[0]!;
    const walking = s.engine.advance(step.id);
    await whenSnapshot(s.engine, (snap) => ((snap.wait?.servedSeconds ?? 0) >= 60 ? true : undefined), 'a minute served');
    await s.engine.cancelRunning();
    await walking;
    const paused = s.engine.snapshot().state.steps[step.id];
    expect(paused?.status).toBe('running');
    const served = paused?.waits?.[step.waits![0]!.id]?.servedSeconds ?? 0;
    expect(served).toBeGreaterThanOrEqual(60);
    expect(s.engine.snapshot().wait).toBeUndefined();
    await s.engine.advance(step.id);
    const waits = waitEvents(s.events());
    expect(waits.filter((d) => d.kind === 'start')).toHaveLength(1);
    expect(waits.at(-1)).toMatchObject({ kind: 'end', outcome: 'elapsed', servedSeconds: 600 });
    expect(s.engine.snapshot().state.steps[step.id]?.status).toBe('rehearsed');
    await s.engine.finish('completed');
  });

  it('a monitoring sleep inside a longer block: a run leaves the waiting to the block, a simulated rehearsal practises it', async () => {
    const fence = '```';
    const text = ['# R', '', '### Step 1: Canary', '', `${fence}bash`, 'echo "traffic 5%"', 'sleep 1  # Monitor for 1 second', 'echo "traffic 50%"', fence, ''].join('\n');
    const run = await sessionFor(text, { shell: true });
    autopilot(run.engine, { danger: { confirmed: true } });
    await run.engine.advance(run.runbook.steps[0]!.id);
    expect(run.events().filter((e) => e.type === 'note').map((e) => String(e.data.text))).toContainEqual(expect.stringMatching(/^the block waited itself: Monitor for 1 second/));
    expect(waitEvents(run.events())).toEqual([]);
    expect(run.engine.snapshot().state.steps[run.runbook.steps[0]!.id]?.status).toBe('passed');
    await run.engine.finish('completed');
    const rehearsed = await sessionFor(text, { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds: 0.5 } });
    autopilot(rehearsed.engine, { danger: { confirmed: true } });
    await rehearsed.engine.advance(rehearsed.runbook.steps[0]!.id);
    expect(waitEvents(rehearsed.events()).map((d) => d.kind)).toEqual(['start', 'end']);
    await rehearsed.engine.finish('completed');
  });

  it('a rehearsal without --simulate notes the wait it would do and goes on', async () => {
    const s = await sessionFor(CANARY, { mode: 'rehearsal' });
    autopilot(s.engine, { danger: { confirmed: true } });
    const step = s.runbook.steps[0]!;
    await s.engine.advance(step.id);
    expect(s.events().some((e) => e.type === 'note' && String(e.data.text).startsWith('would wait: Monitor the canary for 10 minutes'))).toBe(true);
    expect(waitEvents(s.events())).toEqual([]);
    await s.engine.finish('completed');
  });
});
