// Where a decision's answers took the walk: the steps a jump went past are "left by decision
// N" (not deviations), the decision's own step ends answered when it was raised from another
// step, the blocks a guard's answer ruled out end not needed, and until a step of the branch
// has run the operator may undo the branch (with a reason): the steps it left come back, the
// steps its answers added go, and the question is asked again (engine.ts undoDecision).
import type { Decision, Step } from '../runbook/model.js';
import type { BreachEvidence } from './breach.js';
import type { EngineContext, StepContext } from './engine-context.js';
import { inPlay, isFinished } from './walk-plan.js';

function homeOf(steps: readonly Step[], decisionId: string): Step | undefined {
  return steps.find((s) => s.decisions.some((d) => d.id === decisionId));
}

/** A step that is only its decisions: answering them is all it asks. */
function onlyDecisions(step: Step): boolean {
  return (
    step.commands.length === 0 &&
    step.gates.length === 0 &&
    step.signoffs.length === 0 &&
    step.evidence.length === 0 &&
    step.items.length === 0 &&
    (step.results?.length ?? 0) === 0 &&
    (step.traffic?.length ?? 0) === 0
  );
}

/** A raised decision's own step (one that is only that decision) ends answered: it will not be asked again in order. */
export function endAnswered(e: EngineContext, decision: Decision, raisedFrom: string, n: number): void {
  const home = homeOf(e.runbook.steps, decision.id);
  if (!home || home.id === raisedFrom || !onlyDecisions(home)) return;
  const answers = e.state().flow.answers;
  if (!home.decisions.every((d) => d.id === decision.id || answers[d.id] !== undefined)) return;
  const st = e.state().steps[home.id];
  if (isFinished(st?.status) || st?.status === 'running') return;
  const from = e.runbook.steps.find((s) => s.id === raisedFrom);
  e.record('step.end', {
    stepId: home.id,
    status: e.mode === 'rehearsal' ? 'rehearsed' : 'passed',
    reason: `answered as decision ${n}, raised by ${from?.title ?? raisedFrom}`,
    ...(e.state().currentStepId ? { next: e.state().currentStepId } : {}),
  });
}

/**
 * The blocks a guard's answer ruled out ("The version table doesn't exist? No" before a
 * `stamp head` block) end not needed at once, so the cursor never rests on a block the answer
 * said not to run. The cursor stays where it is (the step being walked ends after).
 */
export function ruleOutGuarded(e: EngineContext, decision: Decision, taken: readonly { question: string; answer: string }[]): void {
  for (const step of e.runbook.steps) {
    const guard = step.guard;
    if (guard?.decisionId !== decision.id) continue;
    const given = taken.find((t) => t.question === guard.question);
    const state = e.state();
    const st = state.steps[step.id];
    if (!given || sameLabel(given.answer, guard.answer) || isFinished(st?.status) || st?.status === 'running') continue;
    const at = state.currentStepId;
    e.record('step.end', { stepId: step.id, status: 'not-needed', reason: `not needed: ${guard.question} ${given.answer}`, ...(at && at !== step.id ? { next: at } : {}) });
  }
}

/** Two answer labels name the same answer ("yes" and "Yes"). */
export function sameLabel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** After a decision whose answer jumped: the open steps between here and there are left by it (recorded once). */
export function recordJump(e: EngineContext, ctx: StepContext, decision: Decision, n: number): void {
  const state = e.state();
  const to = ctx.jumpTo;
  if (!to || state.flow.jumps.includes(n)) return;
  const { order, lanes } = e.plan;
  const at = order.indexOf(ctx.step.id);
  const there = order.indexOf(to);
  const left =
    there > at
      ? order.slice(at + 1, there).filter((id) => {
          const st = state.steps[id];
          const step = e.runbook.steps.find((s) => s.id === id);
          // a guarded step is decided by its own question, not left
          return !isFinished(st?.status) && st?.status !== 'running' && step?.guard === undefined && inPlay(state.flow, lanes.get(id));
        })
      : [];
  const home = homeOf(e.runbook.steps, decision.id);
  const answered = home && home.id !== ctx.step.id && state.steps[home.id]?.reason?.startsWith(`answered as decision ${n},`) ? home.id : undefined;
  const branch = state.flow.branch;
  e.record('flow', {
    kind: 'jump',
    n,
    decisionId: decision.id,
    from: ctx.step.id,
    to,
    left,
    ...(answered ? { answered } : {}),
    ...(branch && branch.from === ctx.step.id ? { sectionId: branch.sectionId } : {}),
  });
}

/** What an undo asks again: the decision a failure raised (on the same evidence), or the step that holds the question. */
export type AskAgain = { kind: 'raise'; stepId: string; evidence: BreachEvidence } | { kind: 'step'; stepId: string };

/**
 * Undoes the last decision's branch while none of its steps has run; undefined when there is
 * nothing to undo. The steps it left come back, the steps its answers inserted go, and the
 * question is to be asked anew: a raised decision raised again on the evidence it was raised
 * with, or the step that holds only the decision opened again.
 */
export function undoBranch(e: EngineContext, reason: string): { again?: AskAgain } | undefined {
  const state = e.state();
  const j = state.flow.undoable;
  if (!j) return undefined;
  const from = e.runbook.steps.find((s) => s.id === j.from);
  const asked = from && onlyDecisions(from) && isFinished(state.steps[from.id]?.status) ? [from.id] : [];
  e.record('flow', {
    kind: 'undo',
    n: j.n,
    decisionId: j.decisionId,
    reason,
    reopen: [...asked, ...j.left, ...(j.answered ? [j.answered] : [])],
    back: j.from,
    ...(j.sectionId ? { sectionId: j.sectionId } : {}),
    ...(j.inserted && j.inserted.length > 0 ? { remove: j.inserted } : {}),
  });
  if (j.raisedWith) return { again: { kind: 'raise', stepId: j.from, evidence: j.raisedWith } };
  return asked[0] !== undefined ? { again: { kind: 'step', stepId: asked[0] } } : {};
}
