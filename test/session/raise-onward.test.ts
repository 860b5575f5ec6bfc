// A failure that raises a decision (a FAIL result, a failed gate) whose answer says the walk
// goes on: the step stays failed in the record and the walk goes on after it, instead of
// parking there ("Run out of order?" on the next step). The failure itself proposes Yes to a
// question about anything failing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/session/types.js';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const RESULTS = readFileSync(join(import.meta.dirname, 'fixtures', 'raise', 'results-summary.md'), 'utf8');

type DecisionPrompt = Extract<Prompt, { kind: 'decision' }>;

async function failResult(anyFails: string) {
  const kit = await sessionFor(RESULTS, { shell: true });
  const asked: DecisionPrompt[] = [];
  const pilot = autopilot(kit.engine, {
    decision: (p) => {
      asked.push(p);
      if (p.node.question.startsWith('Ledger reachable')) return { answer: 'PASS' };
      if (p.node.question.startsWith('Balances match')) return { answer: 'FAIL' };
      return { answer: anyFails, note: 'the mismatch is a known rounding case' };
    },
  });
  await kit.engine.advance('step-1');
  pilot.stop();
  return { kit, asked, state: kit.engine.snapshot().state };
}

describe('a FAIL result raises the decision about failing', () => {
  it('proposes Yes from the FAIL answer, with why', async () => {
    const { asked } = await failResult('No');
    const raised = asked.find((p) => p.node.question === 'ANY check fails?');
    expect(raised?.suggested?.answer).toBe('Yes');
    expect(raised?.suggested?.why).toMatch(/Balances match: FAIL/);
  });

  it('answered "No → continue": the step stays failed and the walk goes on to the next step', async () => {
    const { state } = await failResult('No');
    expect(state.steps['step-1']?.status).toBe('failed');
    expect(state.currentStepId).toBe('step-2');
  });

  it('answered Yes (investigate and fix): the walk goes to that action, not on to the traffic shift', async () => {
    const { state } = await failResult('Yes');
    expect(state.steps['step-1']?.status).toBe('failed');
    expect(state.currentStepId).toMatch(/^outcome-/);
  });
});
