// A command that failed its check, the operator quitting at "this check failed": on resume,
// Enter on the step runs the command again (a new cmd.start) and never records the step
// passed on the failed run's evidence.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autopilot, nextPrompt } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = ['# Health', '', '## Step 1: Check the service', '', '```bash', 'test -e "$WORK/healthy"', '```', ''].join('\n');

/** A session whose blocks run in a temp directory given as the runbook's $WORK. */
function open(): Promise<KitSession> {
  const work = tempDir('fd-health-');
  return sessionFor(RUNBOOK, { shell: true, work, sets: { WORK: work } });
}

async function failedAndQuit(): Promise<KitSession> {
  const kit = await open();
  const step = kit.runbook.steps[0]!;
  const first = kit.engine.advance(step.id);
  const p = await nextPrompt(kit.engine);
  expect(p.prompt.kind).toBe('check-failed');
  await kit.engine.suspend();
  await first.catch(() => undefined);
  return kit;
}

describe('resume after a failed check', () => {
  it('runs the command again instead of passing the step on the failed run', async () => {
    const kit = await failedAndQuit();
    const again = await kit.resume();
    const step = again.runbook.steps[0]!;
    const pilot = autopilot(again.engine, { 'check-failed': { action: 'abort' } });
    await again.engine.advance(step.id);
    pilot.stop();
    expect(again.events().filter((e) => e.type === 'cmd.start')).toHaveLength(2);
    expect(again.events().some((e) => e.type === 'step.end' && (e.data as { status: string }).status === 'passed')).toBe(false);
    expect(pilot.asked.map((p) => p.kind)).toEqual(['check-failed']);
  });

  it('passes once the rerun succeeds', async () => {
    const kit = await failedAndQuit();
    writeFileSync(join(kit.work, 'healthy'), '');
    const again = await kit.resume();
    const step = again.runbook.steps[0]!;
    await again.engine.advance(step.id);
    expect(existsSync(join(kit.work, 'healthy'))).toBe(true);
    expect(again.events().filter((e) => e.type === 'cmd.start')).toHaveLength(2);
    expect(again.engine.snapshot().state.steps[step.id]?.status).toBe('passed');
  });
});
