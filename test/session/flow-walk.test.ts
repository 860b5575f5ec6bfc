// The walk follows the runbook's flow chart (issue 12): a guarded block runs only on its
// answer, a contingency section is entered only by a decision (and then walked in order),
// only the chosen alternative runs, a stop answer halts, and destructive commands need
// their word. Real bash runs fake tools that record their calls.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/session/engine.js';
import type { Prompt, PromptAnswers } from '../../src/session/types.js';
import { countedSteps, isFinished, walkPlan } from '../../src/session/walk-plan.js';
import { autopilot, type Replies } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'flow');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

let bin: string;
let savedPath: string | undefined;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-fake-tools-'));
  for (const tool of ['alembic', 'cachectl', 'trafficctl']) {
    const file = join(bin, tool);
    writeFileSync(file, `#!/bin/sh\necho "${tool} $*" >> "$WORK/calls"\necho "${tool} ok"\n`);
    chmodSync(file, 0o755);
  }
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(bin, { recursive: true, force: true });
});

function calls(kit: KitSession): string[] {
  const file = join(kit.work, 'calls');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

/** Answers a decision by the first answer whose label matches. */
function decide(...rules: [RegExp, RegExp][]): (p: Extract<Prompt, { kind: 'decision' }>) => PromptAnswers['decision'] {
  return (p) => {
    for (const [question, label] of rules) {
      if (!question.test(p.node.question)) continue;
      const a = p.node.answers.find((x) => label.test(x.label));
      if (a) return { answer: a.label };
    }
    throw new Error(`no rule for the decision "${p.node.question}"`);
  };
}

/** Walks where the walk goes (Enter on the current step) until nothing moves. */
async function walk(engine: Engine): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const before = engine.snapshot().state;
    const at = before.currentStepId;
    if (at === undefined) return;
    await engine.advance(at);
    const after = engine.snapshot().state;
    if (after.currentStepId === at && after.steps[at]?.status === before.steps[at]?.status) return;
  }
}

async function run(name: string, replies: Replies, mode: 'run' | 'rehearsal' = 'run'): Promise<KitSession & { stopPilot(): void }> {
  mkdirSync(bin, { recursive: true });
  const kit = await sessionFor(fixture(name), { shell: mode === 'run', mode });
  const pilot = autopilot(kit.engine, replies);
  await walk(kit.engine);
  return { ...kit, stopPilot: () => pilot.stop() };
}

const statusOf = (kit: KitSession, title: RegExp): string | undefined => {
  const step = kit.runbook.steps.find((s) => title.test(s.title));
  return step ? kit.engine.snapshot().state.steps[step.id]?.status : undefined;
};

describe('the walk follows the flow chart', () => {
  it('asks a guarded block its question after the command before it, and never runs it on the other answer', async () => {
    const kit = await run('conditional-rollback.md', {
      decision: decide([/table doesn't exist/, /^no$/i], [/rollback trigger/, /^no$/i]),
    });
    expect(calls(kit)).toEqual(['alembic current', 'alembic upgrade head']);
    expect(statusOf(kit, /^If the alembic table/)).toBe('not-needed');
    const end = kit.events().find((e) => e.type === 'step.end' && e.data.status === 'not-needed');
    expect(end?.data.reason).toMatch(/^not needed: .*No$/);
    // no problem: the rollback section is never entered, and the main path completes
    expect(statusOf(kit, /Downgrade/)).toBe('pending');
    expect(kit.events().some((e) => e.type === 'flow')).toBe(false);
    expect(kit.engine.snapshot().state.currentStepId).toBeUndefined();
    await kit.engine.finish('completed');
  });

  it('runs the guarded block on its answer, after its typed confirmation', async () => {
    const kit = await run('conditional-rollback.md', {
      decision: decide([/table doesn't exist/, /^yes$/i], [/rollback trigger/, /^no$/i]),
      danger: (p) => ({ confirmed: p.word !== undefined && p.resolved.includes('alembic stamp head') }),
    });
    expect(calls(kit)).toEqual(['alembic current', 'alembic stamp head', 'alembic upgrade head']);
    await kit.engine.finish('completed');
  });

  it('a rollback answer walks the rollback section in its order, then the session ends rolled back', async () => {
    const dangers: string[] = [];
    const kit = await run('conditional-rollback.md', {
      decision: decide([/table doesn't exist/, /^no$/i], [/rollback trigger/, /^yes$/i], [/walked to its end/, /^End the session/]),
      danger: (p) => {
        dangers.push(p.resolved);
        return { confirmed: true };
      },
    });
    expect(calls(kit)).toEqual(['alembic current', 'alembic upgrade head', 'alembic downgrade -1']);
    expect(dangers).toEqual(['alembic downgrade -1']);
    const flow = kit.events().filter((e) => e.type === 'flow').map((e) => e.data.kind);
    // the answer's jump into the rollback is recorded (it can be undone until a rollback step runs); it is never left
    expect(flow).toEqual(['enter', 'jump']);
    expect(statusOf(kit, /Downgrade/)).toBe('passed');
    expect(statusOf(kit, /Tell the team/)).toBe('passed');
    expect(kit.engine.snapshot().state.status).toBe('rolled-back');
  });

  it('"no trigger" at the first step of a rollback the operator opened leaves it: nothing of it runs, the walk goes back where it was', async () => {
    const kit = await sessionFor(fixture('rollback-trigger-first.md'), { shell: true });
    const dangers: string[] = [];
    autopilot(kit.engine, {
      decision: decide([/Leave the main path/, /^Yes$/], [/rollback trigger/, /^no$/i]),
      danger: (p) => {
        dangers.push(p.resolved);
        return { confirmed: true };
      },
    });
    const steps = kit.runbook.steps;
    const migrate = steps.find((s) => /Migrate/.test(s.title));
    const trigger = steps.find((s) => /roll back/.test(s.title));
    await kit.engine.advance(steps[0]?.id ?? '');
    // at "Migrate", the operator opens the rollback's first step and answers "no trigger"
    await kit.engine.advance(trigger?.id ?? '');
    const leave = kit.events().find((e) => e.type === 'flow' && e.data.kind === 'leave');
    expect(leave?.data.reason).toBe('not needed: Is any rollback trigger present (errors above 5%, data loss)? no');
    expect(kit.engine.snapshot().state.flow.branch).toBeUndefined();
    expect(kit.engine.snapshot().state.currentStepId).toBe(migrate?.id);
    await walk(kit.engine);
    expect(calls(kit)).toEqual(['alembic current', 'alembic upgrade head']);
    expect(dangers).toEqual([]);
    expect(statusOf(kit, /Downgrade/)).toBe('pending');
    // what the rollback did not need is not owed: every counted step is done
    const state = kit.engine.snapshot().state;
    expect(state.currentStepId).toBeUndefined();
    expect(countedSteps(state, walkPlan(kit.runbook)).every((id) => isFinished(state.steps[id]?.status))).toBe(true);
    await kit.engine.finish('completed');
  });

  it('a guarded block that points into the rollback ("See [Rollback Procedure](#...)") leads the walk there once it ran, in its order', async () => {
    const kit = await run('guarded-see-rollback.md', {
      decision: decide([/canary fails/, /^Yes$/], [/walked to its end/, /^End the session/]),
      danger: { confirmed: true },
    });
    expect(calls(kit)).toEqual(['trafficctl set canary=10', 'trafficctl set canary=0', 'trafficctl freeze', 'trafficctl restore']);
    const enter = kit.events().find((e) => e.type === 'flow' && e.data.kind === 'enter');
    expect(enter?.data).toMatchObject({ title: 'Rollback Procedure', by: 'decision', reason: 'If the canary fails: see Rollback Procedure' });
    expect(kit.engine.snapshot().state.status).toBe('rolled-back');
  });

  it('the same block not taken (the canary passes) never enters the rollback', async () => {
    const kit = await run('guarded-see-rollback.md', { decision: decide([/canary fails/, /^No$/]) });
    expect(calls(kit)).toEqual(['trafficctl set canary=10', 'trafficctl set canary=100']);
    expect(kit.events().some((e) => e.type === 'flow')).toBe(false);
    await kit.engine.finish('completed');
  });

  it('Esc at a destructive command leaves the step pending with nothing run', async () => {
    const kit = await run('conditional-rollback.md', {
      decision: decide([/table doesn't exist/, /^yes$/i]),
      danger: { confirmed: false },
    });
    expect(calls(kit)).toEqual(['alembic current']);
    expect(statusOf(kit, /^If the alembic table/)).toBe('pending');
    expect(kit.events().some((e) => e.type === 'note' && e.data.kind === 'declined')).toBe(true);
    await kit.engine.suspend();
  });

  it('a rehearsal asks the same typed confirmation, runs nothing, and ends steps rehearsed', async () => {
    let asked = 0;
    const kit = await run(
      'conditional-rollback.md',
      {
        decision: decide([/table doesn't exist/, /^yes$/i], [/rollback trigger/, /^no$/i]),
        danger: (p) => {
          asked++;
          return { confirmed: p.rehearsal === true };
        },
      },
      'rehearsal',
    );
    expect(asked).toBe(1);
    expect(calls(kit)).toEqual([]);
    expect(statusOf(kit, /Migrate/)).toBe('rehearsed');
    await kit.engine.finish('completed');
  });

  it('walks only the chosen alternative, and a stop answer halts until it is resolved', async () => {
    const kit = await run('alternatives-stop.md', {
      decision: decide([/Step 1|Connect|which/i, /Direct/], [/Health checks fail/, /^yes$/i]),
      halted: { resolved: false },
    });
    expect(calls(kit)).toEqual(['cachectl connect --direct', 'cachectl health']);
    expect(statusOf(kit, /Option A/)).toBe('not-needed');
    expect(kit.engine.snapshot().state.flow.halted?.answer).toBe('yes');

    // the operator records how it was resolved: the walk goes on
    kit.stopPilot();
    autopilot(kit.engine, { halted: { resolved: true, note: 'cache node replaced' } });
    await walk(kit.engine);
    expect(calls(kit)).toEqual(['cachectl connect --direct', 'cachectl health', 'cachectl cutover']);
    const resolved = kit.events().find((e) => e.type === 'flow' && e.data.kind === 'resolved');
    expect(resolved?.data.note).toBe('cache node replaced');
    await kit.engine.finish('completed');
  });

  it('an option that is a section of several steps walks all of them: only the other options end "not chosen"', async () => {
    const kit = await run('option-sections.md', { decision: decide([/choose|which|Option/i, /Templates/]) });
    expect(calls(kit)).toEqual(['cachectl review-template', 'cachectl deploy-template', 'cachectl verify-template', 'cachectl smoke']);
    expect(statusOf(kit, /Deploy the template/)).toBe('passed');
    expect(statusOf(kit, /Option 2/)).toBe('not-needed');
    await kit.engine.finish('completed');
  });

  it('opening the second option first asks the choice with that option pointed at; in order, nothing is', async () => {
    const kit = await sessionFor(fixture('alternatives-stop.md'), { mode: 'rehearsal' });
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: p.pointed ?? p.node.answers[0]!.label }) });
    const direct = kit.runbook.steps.find((s) => /Direct/.test(s.title));
    await kit.engine.advance(direct?.id ?? '');
    const choice = pilot.asked.find((p) => p.kind === 'decision' && /choose one/.test(p.node.question));
    expect(choice?.kind === 'decision' ? choice.pointed : undefined).toBe('Option B: Direct');
    expect(statusOf(kit, /Option A/)).toBe('not-needed');
    await kit.engine.suspend();
    const inOrder = await sessionFor(fixture('alternatives-stop.md'), { mode: 'rehearsal' });
    const second = autopilot(inOrder.engine, { decision: (p) => ({ answer: p.node.answers[0]!.label }) });
    await inOrder.engine.advance(inOrder.engine.snapshot().state.currentStepId!);
    const asked = second.asked.find((p) => p.kind === 'decision' && /choose one/.test(p.node.question));
    expect(asked?.kind).toBe('decision');
    expect(asked?.kind === 'decision' ? asked.pointed : 'not asked').toBeUndefined();
    await inOrder.engine.suspend();
  });

  it('asks before a step out of order and records it as a deviation', async () => {
    const kit = await sessionFor(fixture('alternatives-stop.md'), { mode: 'rehearsal' });
    const pilot = autopilot(kit.engine, { decision: decide([/out of order/, /^Yes$/]) });
    const cutover = kit.runbook.steps.find((s) => /Cut over/.test(s.title));
    await kit.engine.advance(cutover?.id ?? '');
    expect(pilot.asked.map((p) => (p.kind === 'decision' ? p.node.question : p.kind))[0]).toMatch(/out of order/);
    expect(kit.events().some((e) => e.type === 'deviation' && e.data.kind === 'out-of-order')).toBe(true);
    await kit.engine.suspend();
  });
});
