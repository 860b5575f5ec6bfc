// Decisions of a step: each question asked, its answer recorded; an answer may lead to a
// further question, or to an action that names a section (the walk jumps there).
import type { Decision, DecisionAnswer, DecisionNode, Runbook, Step } from '../runbook/model.js';
import type { TakenAnswer } from '../runbook/decision-rows.js';
import type { Proposal } from './breach.js';
import { endAnswered, recordJump, ruleOutGuarded, sameLabel } from './decision-jump.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { DecisionData } from './event-data.js';
import type { WalkPlan } from './walk-plan.js';
import type { RaisedBy } from './types.js';

/** An outcome that only says the walk goes on ("Carry On", "Proceed") or states an end ("Release complete"): nothing to do, so no step of its own. */
const GOES_ON =
  /^\s*(?:carry on|continue|proceed|go on|keep going|resume|all (?:good|clear)|no action(?: needed)?|nothing to do|[\w -]*\b(?:complete|completed|done|finished|successful|succeeded))\s*[.!]?\s*$/i;

/** How a decision is walked: its number in the session, and the answer the data proposes for each question. */
export interface DecisionWalkOptions {
  n?: number;
  propose?: (node: DecisionNode) => Proposal | undefined;
  /** Raised by a step that went wrong (not reached in order): its own step ends answered. */
  raisedFrom?: string;
  /** What raised it, for the prompt: "gate NO-GO: ..." and the data lines. */
  raisedBy?: RaisedBy;
  /** What the data says about the decision's list conditions (the tree view marks them ✓ / ✗). */
  conditions?: Record<string, { holds: boolean; why: string }>;
  /** Why a contingency its answer leads to is entered (default: the decision). */
  enteredBy?: 'decision' | 'failure';
  /** Go on from this question (asked after the step done before it, "Investigate ──> Still Down?"), after these answers. */
  from?: { node: DecisionNode; top: number; prior: TakenAnswer[] };
}

/** The question asked after an action done first ("Investigate ──> Still Down?"), when an answer leads there with nothing else to do. */
function askedAfterAction(decision: Decision, top: number, chosen: DecisionAnswer | undefined): { node: DecisionNode; top: number } | undefined {
  if (!chosen || chosen.stop || (chosen.outcome.kind !== 'question' && chosen.outcome.kind !== 'continue')) return undefined;
  const next = nextNode(decision, top, chosen.outcome);
  return next?.node.before !== undefined ? next : undefined;
}

/** The next question after an answer: a nested one, or the next top question when the answer goes on. */
function nextNode(decision: Decision, top: number, outcome: DecisionAnswer['outcome'] | undefined): { node: DecisionNode; top: number } | undefined {
  if (outcome?.kind === 'question') return { node: outcome.node, top };
  const goesOn = outcome?.kind === 'continue' || (outcome?.kind === 'action' && outcome.continues === true);
  const following = decision.questions[top + 1];
  return goesOn && following ? { node: following, top: top + 1 } : undefined;
}

/**
 * How a decision's walk came out: `onward` when the last answer only says the walk goes on
 * ("No → continue", "Release complete"): no jump, no stop, no action step, no guarded block
 * entered. A step whose failure raised the decision is then left behind (failed) for the next.
 */
export interface DecisionWalk {
  onward: boolean;
}

/** Whether an answer only says "go on": nothing to do, nowhere named, no block it guards. */
function goesOn(e: EngineContext, decision: Decision, chosen: DecisionAnswer): boolean {
  const o = chosen.outcome;
  if (chosen.stop || targetOf(e.runbook, chosen) !== undefined) return false;
  if (e.runbook.steps.some((s) => s.guard?.decisionId === decision.id && sameLabel(s.guard.answer, chosen.label))) return false;
  return o.kind === 'continue' || (o.kind === 'action' && GOES_ON.test(o.text));
}

export async function walkDecision(e: EngineContext, ctx: StepContext, decision: Decision, how: DecisionWalkOptions = {}): Promise<DecisionWalk> {
  const state = e.state();
  // resumed in the middle of this decision: the answers already recorded stand, nothing is asked twice
  const open = state.flow.open[decision.id];
  const replay = open && open.stepId === ctx.step.id ? open.taken : [];
  const n = how.n ?? (open && replay.length > 0 ? open.n : state.flow.decisions + 1);
  const taken: TakenAnswer[] = [];
  const prior = how.from?.prior ?? [];
  const first = decision.questions[0];
  let at: { node: DecisionNode; top: number } | undefined = how.from ? { node: how.from.node, top: how.from.top } : first ? { node: first, top: 0 } : undefined;
  let jumped = false;
  let onward = false;
  while (at) {
    const current = at.node;
    if (current.sameOutcome) {
      // both answers lead to the same place: said, not asked
      if (taken.length >= replay.length) {
        e.record('note', { kind: 'note', stepId: ctx.step.id, text: `not asked: "${current.question}": every answer leads to ${outcomeLabel(current)}` });
      }
      const only = current.answers[0]?.outcome;
      const following = decision.questions[at.top + 1];
      at = only?.kind === 'question' ? { node: only.node, top: at.top } : following ? { node: following, top: at.top + 1 } : undefined;
      continue;
    }
    const replayed = replay[taken.length];
    const answer = replayed && replayed.question === current.question ? { answer: replayed.answer } : await askOne(e, ctx, decision, at, [...prior, ...taken], n, how);
    const isReplay = replayed !== undefined && replayed.question === current.question;
    taken.push({ question: current.question, answer: answer.answer });
    const chosen = current.answers.find((a) => a.label === answer.answer);
    const outcome = chosen?.outcome;
    const jumpTo = chosen ? targetOf(e.runbook, chosen) : undefined;
    onward = chosen !== undefined && goesOn(e, decision, chosen);
    if (askedAfterAction(decision, at.top, chosen)) {
      // the action before the next question is a step of its own (inserted with the answer);
      // the question is asked when that step is done (step-walk.ts)
      onward = false;
      break;
    }
    if (chosen?.stop) {
      if (!isReplay) e.record('flow', { kind: 'halt', stepId: ctx.step.id, question: current.question, answer: answer.answer });
      break;
    }
    if (jumpTo) {
      enterBranchAt(e, e.plan, jumpTo, ctx.step.id, `${current.question} ${answer.answer}`, how.enteredBy);
      // an action names where to go (the first step any answer named wins); a guard's answer only enters the branch
      if (outcome?.kind === 'action') {
        ctx.jumpTo = earlier(e.runbook, ctx.jumpTo, jumpTo);
        jumped = true;
      }
    } else if (chosen && declinesBranch(e, ctx.step.id, current, chosen)) {
      leaveBranch(e, `not needed: ${current.question} ${answer.answer}`);
      const back = e.state().currentStepId;
      if (back) ctx.jumpTo = back;
      onward = false;
      break;
    }
    at = nextNode(decision, at.top, outcome);
  }
  if (how.raisedFrom) endAnswered(e, decision, how.raisedFrom, n);
  if (jumped) recordJump(e, ctx, decision, n);
  ruleOutGuarded(e, decision, taken);
  return { onward: onward && !jumped };
}

/** Puts one question, with the proposal the data makes; records the answer (and the proposal). */
async function askOne(
  e: EngineContext,
  ctx: StepContext,
  decision: Decision,
  at: { node: DecisionNode; top: number },
  taken: readonly TakenAnswer[],
  n: number,
  how: DecisionWalkOptions,
): Promise<{ answer: string; note?: string }> {
  const node = at.node;
  const proposal = how.propose?.(node);
  const answer = await e.ask({
    kind: 'decision',
    decision,
    node,
    ...(proposal ? { suggested: proposal } : {}),
    ...(taken.length > 0 ? { taken: [...taken] } : {}),
    ...(how.raisedBy ? { raised: how.raisedBy } : {}),
    ...(how.conditions && Object.keys(how.conditions).length > 0 ? { conditions: how.conditions } : {}),
  });
  const chosen = node.answers.find((a) => a.label === answer.answer);
  const outcome = chosen?.outcome;
  const jumpTo = chosen ? targetOf(e.runbook, chosen) : undefined;
  const then = askedAfterAction(decision, at.top, chosen);
  const also = jumpTo && outcome?.kind === 'action' && outcome.also && outcome.target ? { text: outcome.also, after: lastStepOf(e, outcome.target.sectionId, jumpTo) } : undefined;
  const data: DecisionData = {
    stepId: ctx.step.id,
    decisionId: decision.id,
    question: node.question,
    answer: answer.answer,
    who: e.options.identity.name,
    n,
    ...(taken.length === 0 ? { first: true as const } : {}),
    ...(proposal ? { suggested: proposal } : {}),
    ...(outcome?.kind === 'action' ? { outcome: outcome.text } : {}),
    // an action that names no section is a step of its own, inserted after this one
    ...(outcome?.kind === 'action' && !jumpTo && !chosen?.stop && !GOES_ON.test(outcome.text) ? { actionStep: true as const } : {}),
    // an action done before the next question: its step, and the question asked after it
    ...(then?.node.before !== undefined ? { outcome: then.node.before, actionStep: true as const, thenAsk: { question: then.node.question, top: then.top } } : {}),
    ...(also ? { also } : {}),
    ...(jumpTo ? { jumpTo } : {}),
    ...(answer.note ? { note: answer.note } : {}),
  };
  e.record('decision', data);
  return answer;
}

/** Where an answer leads: the step the parser linked, else the first step of the section its outcome names. */
function targetOf(runbook: Runbook, answer: DecisionAnswer): string | undefined {
  if (answer.targetStepId) return answer.targetStepId;
  const o = answer.outcome;
  return o.kind === 'action' && o.target ? firstStepOfSection(runbook, o.target.sectionId) : undefined;
}

/** The last step (on the walk's path) of the section a jump goes to: actions done after it ("+ Restore Data") come there. */
function lastStepOf(e: EngineContext, sectionId: string, target: string): string {
  const order = e.plan.order;
  let last = target;
  for (const s of e.runbook.steps) {
    if (inSection(e.runbook, s.sectionId, sectionId) && order.indexOf(s.id) > order.indexOf(last)) last = s.id;
  }
  return last;
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

/** Whether section `id` is `sectionId` or inside it. */
function inSection(runbook: Runbook, id: string | undefined, sectionId: string): boolean {
  for (let cur = id; cur; cur = runbook.sections.find((s) => s.id === cur)?.parentId) {
    if (cur === sectionId) return true;
  }
  return false;
}

function firstStepOfSection(runbook: Runbook, sectionId: string): string | undefined {
  return runbook.steps.find((s) => inSection(runbook, s.sectionId, sectionId))?.id;
}

/** Enters the contingency section a decision's answer leads to (the step it names is a branch step). */
export function enterBranchAt(e: EngineContext, plan: WalkPlan, target: string, from: string, reason: string, by: 'decision' | 'failure' = 'decision'): void {
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
    by,
    reason,
  });
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

/** The decision with this id, and the step that holds it. */
export function findDecision(runbook: Runbook, decisionId: string): { decision: Decision; step: Step } | undefined {
  for (const step of runbook.steps) {
    const decision = step.decisions.find((d) => d.id === decisionId);
    if (decision) return { decision, step };
  }
  return undefined;
}

/** The question of a decision's tree under its `top` question, by its text. */
export function questionAt(decision: Decision, top: number, question: string): DecisionNode | undefined {
  const find = (node: DecisionNode | undefined, depth: number): DecisionNode | undefined => {
    if (!node || depth > 20) return undefined;
    if (node.question === question) return node;
    for (const a of node.answers) {
      const found = a.outcome.kind === 'question' ? find(a.outcome.node, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return find(decision.questions[top], 0);
}
