// The demo's canary in a real terminal, as `npm start` runs it (a rehearsal with
// --simulate): the monitored wait counts down in compressed time with its sparklines, the
// simulated error rate climbs past 1%, the breach interrupts the wait and raises the go /
// no-go tree the runbook ties to the error rate with Rollback proposed; the operator's
// answer fails the canary and puts the walk at the rollback. The log has the breach, the
// raise, the proposal and the answer; the traffic shift after the canary never started.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { afterKey, answerPrompt, onlySessionId, sessionLog } from './drive.js';

const DEMO = join(ROOT, 'runbooks', 'demo.md');
const DEMO_ENV = { RELEASE_VERSION: '1.2.3', env: 'staging', REGION: 'westeurope', DEMO_TOKEN: 'tok-e2e-8c1f0a' };

describe.skipIf(!HAS_TMUX)('a monitored wait in a real terminal (tmux)', () => {
  const tmux = useTmux();

  it("the demo's canary wait breaches: the wait is interrupted, the tied go / no-go tree is raised with Rollback proposed, and the answer leads to the rollback", { timeout: 120_000 }, async () => {
    const t = tmux.startCli(['rehearse', DEMO, '--simulate'], { env: DEMO_ENV, cols: 120, rows: 34 });
    let screen = await t.waitFor(/\d+\/\d+ steps/, { timeoutMs: 15_000 });
    // walk the steps before the canary the way an operator would: Enter, and each prompt answered
    for (let i = 0; i < 80 && !screen.includes('⏱ Monitor the canary'); i++) {
      if (!answerPrompt(t, screen)) t.keys('Enter');
      screen = await afterKey(t, screen, { mayNotChange: true, timeoutMs: 3000 });
    }
    expect(screen).toContain('⏱ Monitor the canary for 10 minutes');
    expect(screen).toMatch(/\/ 10:00 · \d+:\d\d left · rehearsal ×60/);
    screen = await t.waitFor(/error rate [▁-█]{3,} [\d.]+%\s+abort if > 1%/, { timeoutMs: 10_000 });
    expect(screen).toContain('x end wait');
    // the breach raises the go / no-go tree the runbook ties to the error rate, its answer proposed from the data
    const raised = await t.waitFor('Raised: Step 8: Go / no-go', { timeoutMs: 30_000 });
    expect(raised).not.toContain('⏱ Monitor the canary');
    expect(raised).toContain('limit crossed during the wait: Monitor the canary for 10 minutes');
    expect(raised).toMatch(/Suggested: Yes \(error rate 1\.\d+% > 1% for \d+ samples?\)/);
    expect(raised).toMatch(/❯ Yes \(suggested\) → Rollback/);
    t.keys('Enter');
    await t.waitFor('Note (optional) ›');
    t.keys('Enter');
    const failed = await t.waitFor(/▸. 14\. Step 10: Put the old version back/, { timeoutMs: 10_000 });
    expect(failed).toMatch(/✘ \d+\. Step 5: Canary at 10% of traffic/);

    const events = sessionLog(t.home, onlySessionId(t.home));
    const end = events.find((e) => e.type === 'wait' && e.data.kind === 'end');
    expect(end?.data).toMatchObject({ outcome: 'breach', breach: { metric: 'error rate', criterion: 'error rate > 1%' } });
    expect(Number(end?.data.servedSeconds)).toBeLessThan(600);
    const canary = String(end?.data.stepId);
    const canaryEnd = events.find((e) => e.type === 'step.end' && e.data.stepId === canary)?.data;
    expect(canaryEnd).toMatchObject({ status: 'failed' });
    expect(String(canaryEnd?.reason)).toContain('wait breach: error rate');
    expect(events.find((e) => e.type === 'flow' && e.data.kind === 'raise')?.data).toMatchObject({ source: 'wait', stepId: canary });
    expect(events.find((e) => e.type === 'decision' && e.data.question === 'Error rate above 1%?')?.data).toMatchObject({ question: 'Error rate above 1%?', answer: 'Yes', suggested: { answer: 'Yes' } });
    expect(events.filter((e) => e.type === 'metric' && e.data.stepId === canary).map((e) => [e.data.name, e.data.result])).toContainEqual(['error rate', 'fail']);
    // nothing after the canary was walked: the rollback waits for the operator's Enter
    const started = events.filter((e) => e.type === 'step.start').map((e) => String(e.data.title));
    expect(started.at(-1)).toBe('Step 5: Canary at 10% of traffic');
  });
});
