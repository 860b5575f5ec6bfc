// A guard question answered the other way ("The version table doesn't exist? No") rules its
// block out at once: the guarded step ends not needed and the cursor goes to the next step in
// play, instead of parking on the (dangerous) block as if Enter would run it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const GUARD = readFileSync(join(import.meta.dirname, 'fixtures', 'flow', 'guard-no.md'), 'utf8');

async function answered(answer: string) {
  const kit = await sessionFor(GUARD, { shell: true });
  const pilot = autopilot(kit.engine, { decision: { answer, note: 'seen the version' } });
  await kit.engine.advance('step-1');
  pilot.stop();
  return kit.engine.snapshot().state;
}

describe('a guard answered so that its block is not needed', () => {
  it('ends the guarded block not needed at once; the cursor is on the next step', async () => {
    const state = await answered('No');
    expect(state.steps['step-1']?.status).toBe('passed');
    expect(state.steps['step-2']?.status).toBe('not-needed');
    expect(state.steps['step-2']?.reason).toMatch(/not needed: The version table doesn't exist\? No/);
    expect(state.currentStepId).toBe('step-3');
  });

  it('answered Yes: the block is next, still to run', async () => {
    const state = await answered('Yes');
    expect(state.steps['step-2']?.status ?? 'pending').toBe('pending');
    expect(state.currentStepId).toBe('step-2');
  });
});
