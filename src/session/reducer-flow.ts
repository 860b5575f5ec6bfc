// The reducer's part for the flow chart: entering and leaving branches, choices, stops, and
// decisions (their numbers, the answers of a walk under way, raises, jumps and their undo).
// Pure, like the rest of the reducer.
import type { DecisionData, FlowData } from './event-data.js';
import { insertedBy } from './outcome-steps.js';
import type { BreachEvidence } from './breach.js';
import type { FlowState, SessionState, StepState } from './types.js';
import { inPlay, isFinished, nextOpenStep, type WalkPlan } from './walk-plan.js';
import { updateSteps } from './persistent.js';

/** A decision answered: the last answer by decision, and the walk under way (a first question starts a new one). */
export function flowAfterDecision(flow: FlowState, d: DecisionData, seq: number): FlowState {
  const answers = { ...flow.answers, [d.decisionId]: d.answer };
  const before = d.first ? [] : (flow.open[d.decisionId]?.taken ?? []);
  const taken = [...before, { question: d.question, answer: d.answer }];
  const added = insertedBy(d, seq, taken);
  const inserted = added.length > 0 ? [...flow.inserted, ...added] : flow.inserted;
  if (d.n === undefined) return { ...flow, answers, inserted };
  const open = { ...flow.open, [d.decisionId]: { n: d.n, stepId: d.stepId, taken } };
  return { ...flow, answers, open, inserted, decisions: Math.max(flow.decisions, d.n) };
}

/** A step ended: the decision walks it held are over, and a decision it raised is answered. */
export function flowAfterStepEnd(flow: FlowState, stepId: string): FlowState {
  const open = Object.fromEntries(Object.entries(flow.open).filter(([, w]) => w.stepId !== stepId));
  const raised = flow.raised?.stepId === stepId ? undefined : flow.raised;
  return { ...flow, open, raised };
}

/**
 * After a guarded step ended: the step that raised its guard's decision ("Validation fails?"
 * raised by a failed validation), once every step that answer entered is done and that step
 * is still open. The fix was made; the check is walked again before the deploy after it.
 */
export function backToRaiser(state: SessionState, plan: WalkPlan, stepId: string): string | undefined {
  const guard = plan.guards.get(stepId);
  const raiser = guard ? state.flow.raisedBy[guard.decisionId] : undefined;
  if (!guard || raiser === undefined || isFinished(state.steps[raiser]?.status) || !inPlay(state.flow, plan.lanes.get(raiser))) return undefined;
  return guard.entered.every((id) => isFinished(state.steps[id]?.status)) ? raiser : undefined;
}

/** The evidence a decision being answered in `stepId` was raised with there, if it was raised (not reached in order). */
export function raisedWith(flow: FlowState, decisionId: string, stepId: string): BreachEvidence | undefined {
  const r = flow.raised;
  return r && r.decisionId === decisionId && r.stepId === stepId ? r.evidence : undefined;
}

/** The state without the steps an undone answer had inserted. */
function withoutSteps(state: SessionState, ids: ReadonlySet<string>): SessionState {
  if (ids.size === 0) return state;
  return { ...state, steps: Object.fromEntries(Object.entries(state.steps).filter(([id]) => !ids.has(id))) };
}

function setSteps(state: SessionState, ids: readonly string[], update: (s: StepState) => StepState): SessionState {
  return { ...state, steps: updateSteps(state.steps, ids, update) };
}

/** The walk leaves or rejoins the main path, an option is chosen, a stop is raised or resolved, a decision is raised, jumps or is undone. */
export function applyFlow(state: SessionState, d: FlowData, plan: WalkPlan, ts: string): SessionState {
  const flow = state.flow;
  switch (d.kind) {
    case 'enter': {
      const detour = { sectionId: d.sectionId, title: d.title, by: d.by, reason: d.reason };
      return {
        ...state,
        flow: { ...flow, branch: { sectionId: d.sectionId, title: d.title, at: d.stepId, ...(d.from ? { from: d.from } : {}) }, detours: [...flow.detours, detour] },
        currentStepId: d.stepId,
      };
    }
    case 'leave': {
      const from = flow.branch?.from;
      const detours = flow.detours.map((x, i) => (i === flow.detours.length - 1 ? { ...x, left: d.reason } : x));
      const back: SessionState = { ...state, flow: { ...flow, branch: undefined, detours } };
      // back where the walk left the main path: that step itself while it is still open
      const resume = from !== undefined && !isFinished(back.steps[from]?.status) && inPlay(back.flow, plan.lanes.get(from));
      return { ...back, currentStepId: resume ? from : nextOpenStep(back, plan, from ?? state.currentStepId) };
    }
    case 'choose':
      return { ...state, flow: { ...flow, chosen: { ...flow.chosen, [d.choiceId]: d.option } } };
    case 'halt':
      return { ...state, flow: { ...flow, halted: { stepId: d.stepId, question: d.question, answer: d.answer } }, currentStepId: d.stepId };
    case 'resolved':
      return { ...state, flow: { ...flow, halted: undefined } };
    case 'raise': {
      const raised = { stepId: d.stepId, decisionId: d.decisionId, n: d.n, evidence: d.evidence };
      return { ...state, flow: { ...flow, raised, raisedBy: { ...flow.raisedBy, [d.decisionId]: d.stepId }, decisions: Math.max(flow.decisions, d.n) } };
    }
    case 'jump': {
      const left = setSteps(state, d.left, (s) => ({ ...s, status: 'not-needed', reason: `left by decision ${d.n}`, endedAt: ts }));
      // steps the same walk's answers inserted go with the jump when it is undone
      const inserted = flow.undoable?.n === d.n ? flow.undoable.inserted : undefined;
      const raised = raisedWith(flow, d.decisionId, d.from);
      const undoable = {
        n: d.n,
        decisionId: d.decisionId,
        from: d.from,
        to: d.to,
        left: d.left,
        ...(d.answered ? { answered: d.answered } : {}),
        ...(d.sectionId ? { sectionId: d.sectionId } : {}),
        ...(inserted ? { inserted } : {}),
        ...(raised ? { raisedWith: raised } : {}),
      };
      return { ...left, flow: { ...flow, jumps: [...flow.jumps, d.n], undoable } };
    }
    case 'undo': {
      const removed = new Set(d.remove ?? []);
      const reopened = withoutSteps(
        setSteps(state, d.reopen, ({ reason: _r, endedAt: _e, ...s }) => ({ ...s, status: 'pending' })),
        removed,
      );
      const undone = d.sectionId !== undefined && flow.branch?.sectionId === d.sectionId;
      const detours = undone ? flow.detours.map((x, i) => (i === flow.detours.length - 1 ? { ...x, left: `undone: ${d.reason}` } : x)) : flow.detours;
      const { [d.decisionId]: _gone, ...answers } = flow.answers;
      const inserted = removed.size > 0 ? flow.inserted.filter((s) => !removed.has(s.id)) : flow.inserted;
      const back: SessionState = { ...reopened, flow: { ...flow, answers, detours, inserted, undoable: undefined, ...(undone ? { branch: undefined } : {}) } };
      const origin = back.steps[d.back]?.status;
      return { ...back, currentStepId: isFinished(origin) ? nextOpenStep(back, plan, d.back) : d.back };
    }
    default: {
      const never: never = d;
      return never;
    }
  }
}
