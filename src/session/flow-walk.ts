// The flow chart around each step: before a step is walked, whether the walk may take it now
// (a stop not yet resolved, a contingency section not entered, a step out of order, a guard
// answered the other way, an alternative not chosen); after it, whether a branch is done and
// the walk rejoins the main path. Questions the flow raises are decisions like any other,
// recorded with their answers; nothing here runs a command.
import type { Decision, DecisionNode, Step } from '../runbook/model.js';
import { sameLabel } from './decision-jump.js';
import { findDecision, walkDecision } from './decision-step.js';
import { inOrderWalk } from './raise-decision.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';
import { settleBranch, type SessionEnd } from './branch-end.js';
import { inPlay, isFinished, stepNumber, type WalkPlan } from './walk-plan.js';

const YES = 'Yes';
const NO = 'No';

/** A yes/no question the flow asks, recorded as a decision (id `flow:...`) like the runbook's own. */
async function confirm(e: EngineContext, step: Step, id: string, title: string, question: string): Promise<boolean> {
  const node: DecisionNode = {
    line: step.line,
    question,
    answers: [
      { label: NO, outcome: { kind: 'continue', text: 'stay where the walk is' } },
      { label: YES, outcome: { kind: 'continue', text: 'go on' } },
    ],
    safeDefault: NO,
  };
  const decision: Decision = { id, line: step.line, kind: 'choice', title, questions: [node] };
  const answer = await e.ask({ kind: 'decision', decision, node });
  e.record('decision', { stepId: step.id, decisionId: id, question, answer: answer.answer, who: e.options.identity.name, ...(answer.note ? { note: answer.note } : {}) });
  return answer.answer === YES;
}

/** Whether the walk takes `step` now. A `false` leaves it as it was, or ended as not needed. */
export async function admit(e: EngineContext, plan: WalkPlan, step: Step): Promise<boolean> {
  if (!(await resolveHalt(e, step))) return false;
  const state = e.state();
  const lane = plan.lanes.get(step.id);
  if (!inPlay(state.flow, lane)) {
    if (lane?.kind === 'branch' && step.contingency) {
      const title = step.contingency.title;
      if (!(await confirm(e, step, `flow:enter:${step.contingency.sectionId}`, 'Leave the main path', `Leave the main path for "${title}"?`))) return false;
      e.record('flow', { kind: 'enter', sectionId: step.contingency.sectionId, title, stepId: step.id, ...(state.currentStepId ? { from: state.currentStepId } : {}), by: 'operator', reason: `the operator opened ${title}` });
    } else if (lane?.kind === 'main' && state.flow.branch) {
      const title = state.flow.branch.title;
      if (!(await confirm(e, step, `flow:leave:${state.flow.branch.sectionId}`, 'Back to the main path', `Leave "${title}" and go back to the main path?`))) return false;
      e.record('flow', { kind: 'leave', sectionId: state.flow.branch.sectionId, title, reason: 'the operator went back to the main path' });
    } else {
      e.addNotice(`${step.title}: not on the path taken (another option was chosen)`);
      return false;
    }
  } else if (state.currentStepId !== undefined && state.currentStepId !== step.id && state.steps[step.id]?.status !== 'running' && !otherOption(e, state.currentStepId, step)) {
    const at = stepNumber(e.runbook, state.currentStepId);
    const asked = await confirm(e, step, `flow:order:${step.id}`, 'Out of order', `The walk is at ${at}. Run "${step.title}" out of order?`);
    if (!asked) return false;
    e.record('deviation', { kind: 'out-of-order', stepId: step.id, reason: `run before ${at}` });
  }
  // a guard first: options under "(If Required)" answered No are not needed, not chosen among
  if (!(await guardHolds(e, step))) return false;
  return chooseAlternative(e, step);
}

/** The walk is at another option of the same choice, not yet made: going to this one is making it, not a step out of order. */
function otherOption(e: EngineContext, at: string, step: Step): boolean {
  const alt = step.alternative;
  if (!alt || e.state().flow.chosen[alt.choiceId] !== undefined) return false;
  return e.runbook.steps.find((s) => s.id === at)?.alternative?.choiceId === alt.choiceId;
}

/** A stop answer waits for the operator to say how it was resolved before anything else runs. */
async function resolveHalt(e: EngineContext, step: Step): Promise<boolean> {
  const halted = e.state().flow.halted;
  if (!halted) return true;
  const answer = await e.ask({ kind: 'halted', step, question: halted.question, answer: halted.answer });
  if (!answer.resolved) return false;
  e.record('flow', { kind: 'resolved', stepId: halted.stepId, note: answer.note });
  return true;
}

/** A guarded step: its question is asked first (if no earlier answer decides it, proposed from the command before it); the other answer makes it not needed. */
async function guardHolds(e: EngineContext, step: Step): Promise<boolean> {
  const guard = step.guard;
  if (!guard) return true;
  let answer = e.state().flow.answers[guard.decisionId];
  if (answer === undefined) {
    const found = findDecision(e.runbook, guard.decisionId);
    if (!found) return true;
    const ctx: StepContext = { step: found.step, deviations: [] };
    await walkDecision(e, ctx, found.decision, inOrderWalk(e, found.step, found.decision));
    answer = e.state().flow.answers[guard.decisionId];
    if (answer === undefined) return false;
  }
  if (sameLabel(answer, guard.answer)) return true;
  // the answer just given ended it not needed already (decision-jump.ts)
  if (isFinished(e.state().steps[step.id]?.status)) return false;
  e.record('step.end', { stepId: step.id, status: 'not-needed', reason: `not needed: ${guard.question} ${answer}` });
  return false;
}

/** The first option of a choice reached asks which one; the others end as not chosen. */
async function chooseAlternative(e: EngineContext, step: Step): Promise<boolean> {
  const alt = step.alternative;
  // options of a choice on the main path, or inside a contingency ("Option A: Alembic downgrade / Option B: restore")
  if (!alt) return true;
  const chosen = e.state().flow.chosen[alt.choiceId];
  if (chosen !== undefined) return sameLabel(chosen, alt.option);
  const node: DecisionNode = { line: alt.line, question: alt.question, answers: alt.options.map((label) => ({ label, outcome: { kind: 'continue' as const, text: 'walk this option' } })) };
  const decision: Decision = { id: `choice:${alt.choiceId}`, line: alt.line, kind: 'choice', title: alt.question, questions: [node] };
  // opened at another option than the first (the operator went to it): that one is highlighted
  const pointed = sameLabel(alt.options[0] ?? '', alt.option) ? undefined : alt.option;
  const answer = await e.ask({ kind: 'decision', decision, node, ...(pointed ? { pointed } : {}) });
  e.record('decision', { stepId: step.id, decisionId: decision.id, question: alt.question, answer: answer.answer, who: e.options.identity.name, ...(answer.note ? { note: answer.note } : {}) });
  e.record('flow', { kind: 'choose', choiceId: alt.choiceId, option: answer.answer, stepId: step.id });
  const options = e.runbook.steps.filter((s) => s.alternative?.choiceId === alt.choiceId);
  // the walk goes on at the chosen option, whichever option the others' ends come after
  const walked = options.find((s) => sameLabel(s.alternative?.option ?? '', answer.answer));
  for (const other of options) {
    // every step of the chosen option is walked (an option may be a section of several steps)
    if (sameLabel(other.alternative?.option ?? '', answer.answer)) continue;
    e.record('step.end', { stepId: other.id, status: 'not-needed', reason: `not chosen: ${answer.answer}`, ...(walked ? { next: walked.id } : {}) });
  }
  return sameLabel(answer.answer, alt.option);
}

/**
 * After a step: a block that points into a contingency, once it ran, enters it; a branch whose
 * steps are all done is settled (branch-end.ts): back to the main path, or the session ends.
 */
export async function afterStep(e: EngineContext, plan: WalkPlan, step: Step): Promise<SessionEnd | undefined> {
  const state = e.state();
  const to = step.leadsTo;
  const status = state.steps[step.id]?.status;
  if (to && !state.flow.branch && (status === 'passed' || status === 'waived' || status === 'rehearsed')) {
    e.record('flow', { kind: 'enter', sectionId: to.sectionId, title: to.title, stepId: to.stepId, from: step.id, by: 'decision', reason: `${step.title}: see ${to.title}` });
    return undefined;
  }
  return settleBranch(e, plan);
}

/** How walking a step in the flow came out: the step's outcome, or the session is to end. */
export type FlowOutcome = StepOutcome | SessionEnd;

/** One step in the flow: asked whether it is taken now, walked, and a finished branch settled. */
export async function walkInFlow(e: EngineContext, plan: WalkPlan, step: Step, walk: (step: Step) => Promise<StepOutcome>): Promise<FlowOutcome> {
  // a branch walked to its end but not settled (the session stopped at its question): that comes first
  const unsettled = await settleBranch(e, plan);
  if (unsettled) return unsettled;
  // a finished step has nothing to walk: Enter on it asks nothing (not even "out of order?")
  if (isFinished(e.state().steps[step.id]?.status)) return 'done';
  const outcome = (await admit(e, e.plan, step)) ? await walk(step) : 'stopped';
  // a step ended without a pass (skipped, not needed) may be a branch's last one too;
  // the plan as it is now: the step may have inserted steps into it
  if (outcome === 'done' || isFinished(e.state().steps[step.id]?.status)) return (await afterStep(e, e.plan, step)) ?? outcome;
  return outcome;
}
