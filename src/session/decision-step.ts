// Decisions of a step: each question asked, its answer recorded; an answer may lead to a
// further question, or to an action that names a section (the walk jumps there).
import type { Decision, DecisionAnswer, DecisionNode, Runbook } from '../runbook/model.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { DecisionData } from './event-data.js';
import type { WalkPlan } from './walk-plan.js';

export async function walkDecision(e: EngineContext, ctx: StepContext, decision: Decision): Promise<void> {
  const taken: { question: string; answer: string }[] = [];
  for (const top of decision.questions) {
    let node: typeof top | undefined = top;
    while (node) {
      const current: typeof top = node;
      node = undefined;
      if (current.sameOutcome) {
        // both answers lead to the same place: said, not asked
        e.record('note', { kind: 'note', stepId: ctx.step.id, text: `not asked: "${current.question}": every answer leads to ${outcomeLabel(current)}` });
        const only = current.answers[0]?.outcome;
        if (only?.kind === 'question') node = only.node;
        continue;
      }
      const answer = await e.ask({ kind: 'decision', decision, node: current, ...(taken.length > 0 ? { taken: [...taken] } : {}) });
      taken.push({ question: current.question, answer: answer.answer });
      const chosen = current.answers.find((a) => a.label === answer.answer);
      const outcome = chosen?.outcome;
      const jumpTo = chosen ? targetOf(e.runbook, chosen) : undefined;
      const data: DecisionData = {
        stepId: ctx.step.id,
        decisionId: decision.id,
        question: current.question,
        answer: answer.answer,
        who: e.options.identity.name,
        ...(outcome?.kind === 'action' ? { outcome: outcome.text } : {}),
        ...(jumpTo ? { jumpTo } : {}),
        ...(answer.note ? { note: answer.note } : {}),
      };
      e.record('decision', data);
      if (chosen?.stop) {
        e.record('flow', { kind: 'halt', stepId: ctx.step.id, question: current.question, answer: answer.answer });
        return;
      }
      if (jumpTo) enterBranchAt(e, e.plan, jumpTo, ctx.step.id, `${current.question} ${answer.answer}`);
      else if (chosen && declinesBranch(e, ctx.step.id, current, chosen)) {
        leaveBranch(e, `not needed: ${current.question} ${answer.answer}`);
        const back = e.state().currentStepId;
        if (back) ctx.jumpTo = back;
        return;
      }
      if (!outcome) return;
      switch (outcome.kind) {
        case 'question':
          node = outcome.node;
          break;
        case 'action':
          // a `▼` under the action: the tree goes on, and the walk goes to the first step any answer named
          if (jumpTo) ctx.jumpTo = earlier(e.runbook, ctx.jumpTo, jumpTo);
          if (outcome.continues) break;
          return;
        case 'continue':
          break;
        default: {
          const never: never = outcome;
          return never;
        }
      }
    }
  }
}

/** Where an answer leads: the step the parser linked, else the first step of the section its outcome names. */
function targetOf(runbook: Runbook, answer: DecisionAnswer): string | undefined {
  if (answer.targetStepId) return answer.targetStepId;
  const o = answer.outcome;
  return o.kind === 'action' && o.target ? firstStepOfSection(runbook, o.target.sectionId) : undefined;
}

function earlier(runbook: Runbook, a: string | undefined, b: string): string {
  if (a === undefined) return b;
  const at = (id: string): number => runbook.steps.findIndex((s) => s.id === id);
  return at(a) <= at(b) ? a : b;
}

function outcomeLabel(node: DecisionNode): string {
  const o = node.answers[0]?.outcome;
  if (!o) return 'the same place';
  switch (o.kind) {
    case 'question':
      return `the question "${o.node.question}"`;
    case 'action':
      return o.target ? o.target.title : o.text;
    case 'continue':
      return o.text ?? 'the next step';
    default: {
      const never: never = o;
      return never;
    }
  }
}

function firstStepOfSection(runbook: Runbook, sectionId: string): string | undefined {
  const within = (id: string | undefined): boolean => {
    for (let cur = id; cur; cur = runbook.sections.find((s) => s.id === cur)?.parentId) {
      if (cur === sectionId) return true;
    }
    return false;
  };
  return runbook.steps.find((s) => within(s.sectionId))?.id;
}

/**
 * Inside a contingency being walked, an answer that carries on where another answer leads
 * into the rest of that contingency ("Any rollback trigger? Yes → the next rollback step /
 * No → continue") cannot mean "the next step": it means the contingency is not needed.
 */
function declinesBranch(e: EngineContext, stepId: string, node: DecisionNode, chosen: DecisionAnswer): boolean {
  const branch = e.state().flow.branch;
  const lane = e.plan.lanes.get(stepId);
  if (!branch || lane?.kind !== 'branch' || lane.sectionId !== branch.sectionId) return false;
  if (chosen.stop || chosen.outcome.kind !== 'continue') return false;
  const order = e.plan.order;
  const next = order[order.indexOf(stepId) + 1];
  const nextLane = next ? e.plan.lanes.get(next) : undefined;
  if (!next || nextLane?.kind !== 'branch' || nextLane.sectionId !== branch.sectionId) return false;
  return node.answers.some((a) => a !== chosen && targetOf(e.runbook, a) === next);
}

/** The walk goes back to the main path, where it left it. */
function leaveBranch(e: EngineContext, reason: string): void {
  const branch = e.state().flow.branch;
  if (branch) e.record('flow', { kind: 'leave', sectionId: branch.sectionId, title: branch.title, reason });
}

/** Enters the contingency section a decision's answer leads to (the step it names is a branch step). */
export function enterBranchAt(e: EngineContext, plan: WalkPlan, target: string, from: string, reason: string): void {
  const step = e.runbook.steps.find((s) => s.id === target);
  const lane = plan.lanes.get(target);
  if (!step || lane?.kind !== 'branch') return;
  const state = e.state();
  if (state.flow.branch?.sectionId === lane.sectionId) return;
  e.record('flow', {
    kind: 'enter',
    sectionId: lane.sectionId,
    title: step.contingency?.title ?? step.title,
    stepId: target,
    from,
    by: 'decision',
    reason,
  });
}
