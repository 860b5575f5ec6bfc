// Which steps the walk may land on. A runbook is a flow chart: the main path is walked in
// order; a contingency section (Rollback, Troubleshooting...) only once entered; of a choice
// of alternatives only the chosen option. The reducer moves the cursor with this plan, so the
// next step after "no rollback needed" is the next main-path step, never the rollback.
import { guardGroups } from '../runbook/decision-flow.js';
import type { Runbook, Step } from '../runbook/model.js';
import { orderIndex } from './positions.js';
import type { FlowState, SessionState, StepStatus } from './types.js';

/** main, a contingency section's id, or an alternative's choice and option. */
export type Lane = { kind: 'main' } | { kind: 'branch'; sectionId: string } | { kind: 'alternative'; choiceId: string; option: string };

export interface WalkPlan {
  order: readonly string[];
  lanes: ReadonlyMap<string, Lane>;
  /** Guarded steps ("If validation fails:" blocks) by id: the decision, and every step its answer enters. */
  guards: ReadonlyMap<string, { decisionId: string; entered: readonly string[] }>;
}

export function laneOf(step: Step): Lane {
  switch (step.path) {
    case 'main':
      return { kind: 'main' };
    case 'branch':
      return { kind: 'branch', sectionId: step.contingency?.sectionId ?? step.sectionId };
    case 'alternative':
      return step.alternative ? { kind: 'alternative', choiceId: step.alternative.choiceId, option: step.alternative.option } : { kind: 'main' };
    default: {
      const never: never = step.path;
      return never;
    }
  }
}

export function walkPlan(runbook: Runbook): WalkPlan {
  const guards = new Map<string, { decisionId: string; entered: readonly string[] }>();
  for (const group of guardGroups(runbook.steps).values()) {
    const entered = group.map((s) => s.id);
    for (const s of group) if (s.guard) guards.set(s.id, { decisionId: s.guard.decisionId, entered });
  }
  return { order: runbook.steps.map((s) => s.id), lanes: new Map(runbook.steps.map((s) => [s.id, laneOf(s)])), guards };
}

/** "7. Step 5: Shift 100% Traffic": a step by its place in the list and its title. */
export function stepNumber(runbook: Runbook, stepId: string | undefined): string {
  const at = runbook.steps.findIndex((s) => s.id === stepId);
  const step = runbook.steps[at];
  return step ? `${at + 1}. ${step.title}` : '?';
}

/** A plan where every step is on the main path (a log read without its runbook). */
export function linearPlan(order: readonly string[]): WalkPlan {
  return { order, lanes: new Map(), guards: new Map() };
}

export function isFinished(status: StepStatus | undefined): boolean {
  switch (status) {
    case undefined:
    case 'pending':
    case 'running':
    case 'failed':
      return false;
    case 'passed':
    case 'skipped':
    case 'waived':
    case 'rehearsed':
    case 'not-needed':
      return true;
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** Whether the walk may land on a step now: its lane is the main path, the branch entered, or an option not ruled out. */
export function inPlay(flow: FlowState, lane: Lane | undefined): boolean {
  if (!lane) return true;
  switch (lane.kind) {
    case 'main':
      return flow.branch === undefined;
    case 'branch':
      return flow.branch?.sectionId === lane.sectionId;
    case 'alternative': {
      if (flow.branch !== undefined) return false;
      const chosen = flow.chosen[lane.choiceId];
      return chosen === undefined || chosen === lane.option;
    }
    default: {
      const never: never = lane;
      return never;
    }
  }
}

/**
 * The next open step in play after `stepId`; past the end, the first one still open before it
 * (steps an earlier jump went past), so the walk never lands on a finished step while work remains.
 */
export function nextOpenStep(state: SessionState, plan: WalkPlan, stepId: string | undefined): string | undefined {
  const { order } = plan;
  const at = stepId === undefined ? -1 : orderIndex(order, stepId);
  for (let k = 1; k <= order.length; k++) {
    const id = order[(at + k + order.length) % order.length] as string;
    if (!isFinished(state.steps[id]?.status) && inPlay(state.flow, plan.lanes.get(id))) return id;
  }
  return undefined;
}

/**
 * The open steps left in the branch being walked, from the step it was entered at (none: it
 * was walked to its end). Its steps before that one (the questions whether to roll back at
 * all) were passed over by whatever entered it further down.
 */
export function branchOpenSteps(state: SessionState, plan: WalkPlan): string[] {
  const branch = state.flow.branch;
  if (!branch) return [];
  const from = Math.max(0, branch.at === undefined ? 0 : plan.order.indexOf(branch.at));
  return plan.order.slice(from).filter((id) => {
    const lane = plan.lanes.get(id);
    return lane?.kind === 'branch' && lane.sectionId === branch.sectionId && !isFinished(state.steps[id]?.status);
  });
}

/**
 * Steps that count toward "n/m done": the main path, the options chosen, the branch being
 * walked; of a branch the walk has left, the steps it walked (what it did not need is not owed).
 */
export function countedSteps(state: SessionState, plan: WalkPlan): string[] {
  const entered = new Set(state.flow.detours.map((d) => d.sectionId));
  return plan.order.filter((id) => {
    const lane = plan.lanes.get(id);
    if (!lane || lane.kind === 'main' || lane.kind === 'alternative') return true;
    if (state.flow.branch?.sectionId === lane.sectionId) return true;
    return entered.has(lane.sectionId) && isFinished(state.steps[id]?.status);
  });
}
