// A `▼` under an action in a decision tree (issue 13): the tree goes on after the action, so
// "Schema Changed? Yes → Revert Schema First ▼" asks the next question instead of ending the
// tree; the walk then goes to the first step any answer named. Each question after the first
// carries the answers given so far (the tree view marks that path).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/session/types.js';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'tree', 'cache-verdict.md'), 'utf8');

async function judge(answers: Record<string, string>) {
  const kit = await sessionFor(RUNBOOK, { mode: 'rehearsal' });
  const asked: Extract<Prompt, { kind: 'decision' }>[] = [];
  const pilot = autopilot(kit.engine, {
    decision: (p) => {
      asked.push(p);
      const answer = answers[p.node.question];
      if (answer === undefined) throw new Error(`not expected: ${p.node.question}`);
      return { answer };
    },
  });
  await kit.engine.advance(kit.runbook.steps[0]!.id);
  pilot.stop();
  const title = (id: string | undefined) => kit.runbook.steps.find((s) => s.id === id)?.title;
  return { asked, at: title(kit.engine.snapshot().state.currentStepId) };
}

describe('▼ continuations in a decision tree', () => {
  it('asks the next question after a continuing action, and the walk goes to the section it named', async () => {
    const { asked, at } = await judge({ 'Hit ratio < 50%?': 'No', 'Schema Changed?': 'Yes', 'Latency > 2s?': 'No' });
    expect(asked.map((p) => p.node.question)).toEqual(['Hit ratio < 50%?', 'Schema Changed?', 'Latency > 2s?']);
    expect(at).toBe('Step 2: Revert the schema');
    expect(asked[2]?.taken).toEqual([
      { question: 'Hit ratio < 50%?', answer: 'No' },
      { question: 'Schema Changed?', answer: 'Yes' },
    ]);
  });

  it('a later answer naming an earlier step of the section takes the walk there', async () => {
    const { at } = await judge({ 'Hit ratio < 50%?': 'No', 'Schema Changed?': 'Yes', 'Latency > 2s?': 'Yes' });
    expect(at).toBe('Step 1: Stop the writers');
  });

  it('all good: the tree ends on the main path', async () => {
    const { asked, at } = await judge({ 'Hit ratio < 50%?': 'No', 'Schema Changed?': 'No', 'Latency > 2s?': 'No' });
    expect(asked).toHaveLength(3);
    expect(at).toBe('Step 2: Announce');
  });
});
