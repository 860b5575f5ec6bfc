// A step with checklist items is never "passed" over items nobody ticked: in a run the
// operator says they were done (each ticked, in their name), passes with them open (a
// deviation naming them) or stays on the step. A rehearsal does not ask.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/session/types.js';
import { answer, nextPrompt } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'items', 'checklist-step.md'), 'utf8');

function itemsQuestion(p: Prompt): string | undefined {
  return p.kind === 'decision' && p.decision.id.startsWith('items:') ? p.node.question : undefined;
}

async function prepare(kit: KitSession): Promise<{ stepId: string; walking: Promise<void> }> {
  const step = kit.runbook.steps[0];
  if (!step) throw new Error('the fixture has no step');
  return { stepId: step.id, walking: kit.engine.advance(step.id) };
}

describe('checklist items when a step is completed', () => {
  it('asks when items are unticked; "all done" ticks each in the operator\'s name and the step passes', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const { stepId, walking } = await prepare(kit);
    const pending = await nextPrompt(kit.engine);
    expect(itemsQuestion(pending.prompt)).toBe('2 of 2 checklist items not ticked');
    await answer(kit.engine, 'decision', { answer: 'All done: tick them' });
    await walking;
    const ticks = kit.events().filter((e) => e.type === 'check' && e.data.kind === 'item');
    expect(ticks.map((e) => [e.data.text, e.data.checked, e.actor])).toEqual([
      ['Node drained from the pool', true, 'alice'],
      ['Maintenance banner shown', true, 'alice'],
    ]);
    expect(kit.engine.snapshot().state.steps[stepId]?.status).toBe('passed');
    await kit.engine.finish('completed');
  });

  it('"pass with them open" waives the step and names the open items; ticked ones are not asked about', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const step = kit.runbook.steps[0];
    const first = step?.items[0];
    if (!step || !first) throw new Error('the fixture has no items');
    await kit.engine.toggleItem(step.id, first.id);
    const walking = kit.engine.advance(step.id);
    const pending = await nextPrompt(kit.engine);
    expect(itemsQuestion(pending.prompt)).toBe('1 of 2 checklist items not ticked');
    await answer(kit.engine, 'decision', { answer: 'Pass with them open', note: 'banner tool down' });
    await walking;
    const st = kit.engine.snapshot().state.steps[step.id];
    expect(st?.status).toBe('waived');
    expect(st?.reason).toBe('not ticked: Maintenance banner shown (banner tool down)');
    await kit.engine.finish('completed');
  });

  it('"stay" leaves the step open; ticked, the next Enter completes it without asking or running the block twice', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const { stepId, walking } = await prepare(kit);
    await nextPrompt(kit.engine);
    await answer(kit.engine, 'decision', { answer: 'Stay on the step' });
    await walking;
    expect(kit.engine.snapshot().state.steps[stepId]?.status).toBe('running');
    for (const item of kit.runbook.steps[0]?.items ?? []) await kit.engine.toggleItem(stepId, item.id);
    await kit.engine.advance(stepId);
    expect(kit.engine.snapshot().state.steps[stepId]?.status).toBe('passed');
    expect(kit.events().filter((e) => e.type === 'cmd.start')).toHaveLength(1);
    await kit.engine.finish('completed');
  });

  it('a rehearsal does not ask (the step ends rehearsed, not passed)', async () => {
    const kit = await sessionFor(RUNBOOK, { mode: 'rehearsal' });
    const { stepId, walking } = await prepare(kit);
    await walking;
    expect(kit.engine.snapshot().prompt).toBeUndefined();
    expect(kit.engine.snapshot().state.steps[stepId]?.status).toBe('rehearsed');
    await kit.engine.finish('completed');
  });
});
