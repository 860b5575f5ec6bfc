// A contingency walked to its end: where the walk goes then depends on what the contingency
// was for (Contingency.kind; docs/flow.md). A rollback undid the change, and an emergency
// procedure means the service was in trouble: going on with the main path would deploy the
// change again, so the session stops and the operator says whether it ends there (the
// highlighted answer) or goes back to the main path, and why. Unattended it ends: nobody is
// there to decide that the change goes on. Troubleshooting, a reference section or a section
// a decision named hand the walk back to the main path, to the step that sent it there.
import type { ContingencyKind, Decision, DecisionNode } from '../runbook/model.js';
import type { EngineContext } from './engine-context.js';
import type { SessionOutcome } from './event-data.js';
import { applyFlow } from './reducer-flow.js';
import { branchDone } from './reducer.js';
import { stepNumber, type WalkPlan } from './walk-plan.js';

/** The session is to end here: how, and why (the engine records it once the walk has unwound). */
export interface SessionEnd {
  outcome: Exclude<SessionOutcome, 'completed'>;
  reason: string;
}

interface Ending {
  outcome: SessionEnd['outcome'];
  /** The answer that ends the session. */
  label: string;
  /** Why ending is the safe answer: shown as the suggestion, so going against it needs a reason. */
  why: string;
}

/** Which kinds stop the session at their end, and how it ends; the others go back to the main path. */
const ENDINGS: Record<ContingencyKind, Ending | undefined> = {
  rollback: { outcome: 'rolled-back', label: 'End the session (rolled back)', why: 'the rollback undid the change; going on with the main path would deploy it again' },
  emergency: { outcome: 'aborted', label: 'End the session (aborted)', why: 'an emergency procedure was needed; the change should not go on without a fresh decision' },
  troubleshooting: undefined,
  reference: undefined,
  other: undefined,
};

/**
 * Settles a contingency whose steps are all done: records the walk's way back to the main
 * path, or returns how the session ends. Nothing when no contingency is being walked or it
 * still has open steps. `asked`: the question was put to a person before (a session reopened
 * at it) and is put again, attended or not.
 */
export async function settleBranch(e: EngineContext, plan: WalkPlan, asked = false): Promise<SessionEnd | undefined> {
  const state = e.state();
  const branch = state.flow.branch;
  if (!branch || !branchDone(state, plan)) return undefined;
  const inBranch = e.runbook.steps.filter((s) => s.contingency?.sectionId === branch.sectionId);
  const ending = ENDINGS[inBranch[0]?.contingency?.kind ?? 'other'];
  const leave = { kind: 'leave' as const, sectionId: branch.sectionId, title: branch.title };
  if (!ending) {
    e.record('flow', { ...leave, reason: `every step of ${branch.title} done` });
    return undefined;
  }
  if (e.unattended && !asked) {
    return { outcome: ending.outcome, reason: `${branch.title} was walked to its end with nobody at the keyboard: ${ending.why}; only a person may take the walk back to the main path` };
  }
  // where the main path would go on: what the reducer makes of leaving now
  const resume = applyFlow(state, { ...leave, reason: '' }, plan, '').currentStepId;
  const back = resume ? `Return to the main path at ${stepNumber(e.runbook, resume)}` : 'Return to the main path (no step is left on it)';
  const question = `${branch.title} was walked to its end. End the session, or go on with the main path?`;
  const node: DecisionNode = {
    line: inBranch[0]?.line ?? 0,
    question,
    answers: [
      { label: ending.label, outcome: { kind: 'action', text: 'the session ends here' } },
      { label: back, outcome: { kind: 'continue', text: 'the change goes on: say why' } },
    ],
    safeDefault: ending.label,
  };
  const decision: Decision = { id: `flow:end:${branch.sectionId}`, line: node.line, kind: 'choice', title: `${branch.title} done`, questions: [node] };
  const suggested = { answer: ending.label, why: ending.why };
  const last = inBranch[inBranch.length - 1];
  // the walk has no step under it now: show the contingency's last one while asking
  if (last) e.select(last.id);
  const answer = await e.ask({ kind: 'decision', decision, node, suggested });
  e.record('decision', {
    stepId: last?.id ?? state.currentStepId ?? '',
    decisionId: decision.id,
    question,
    answer: answer.answer,
    who: e.options.identity.name,
    suggested,
    ...(answer.note ? { note: answer.note } : {}),
  });
  // only the answer that says so goes on: anything else ends the session, the safe way
  if (answer.answer !== back) {
    return { outcome: ending.outcome, reason: `${branch.title} was walked to its end; ${e.options.identity.name} ended the session${answer.note ? `: ${answer.note}` : ''}` };
  }
  e.record('flow', { ...leave, reason: `${e.options.identity.name} went back to the main path after ${branch.title}${answer.note ? `: ${answer.note}` : ''}` });
  return undefined;
}
