// Where each decision's answers lead, once the steps and their paths are known:
//   - an outcome naming a section goes to the FIRST step of that section; inside the very
//     procedure it names ("Yes -> Rollback" in "Step 1: Identify Rollback Trigger"), to the
//     step right after the decision, so the procedure is walked from its start in order;
//   - an answer that enters guarded steps goes to the first of them;
//   - "DO NOT proceed" / "abort" / "escalate" answers stop;
//   - answers that all lead to the same place are marked so nothing is asked;
//   - the safe default is the one answer that runs less than every other, never one that
//     enters a destructive command; otherwise none.
import { effectOf } from './danger.js';
import { effectRank, moreSevere } from './effects.js';
import { SectionTree } from './flow.js';
import type { Decision, DecisionAnswer, DecisionNode, Effect, Runbook, Step } from './model.js';
import { words } from './text.js';

const STOP = /\b(?:do not|don't|dont)\s+(?:proceed|continue|deploy)\b|\babort\w*\b|\bescalat\w*\b|\bstop\s+(?:the\s+)?(?:deployment|rollout|here|now)\b|\bhalt\b/i;
const GENERIC = new Set(['immediate', 'immediately', 'initiate', 'execute', 'start', 'procedure', 'steps', 'step', 'the', 'a', 'to', 'now', 'first']);

interface Walk {
  steps: Step[];
  index: Map<string, number>;
  tree: SectionTree;
  guarded: Map<string, Step[]>;
  /** Index of the first step in each section (sub-sections included), filled on first use. */
  firsts?: Map<string, number>;
}

/** The guarded steps by the decision and answer that enter them (key `decisionId\0answer`), in runbook order. */
export function guardGroups(steps: readonly Step[]): Map<string, Step[]> {
  const groups = new Map<string, Step[]>();
  for (const step of steps) {
    if (!step.guard) continue;
    const key = `${step.guard.decisionId}\u0000${step.guard.answer}`;
    const list = groups.get(key);
    if (list) list.push(step);
    else groups.set(key, [step]);
  }
  return groups;
}

export function flowDecisions(runbook: Runbook): void {
  const walk: Walk = {
    steps: runbook.steps,
    index: new Map(runbook.steps.map((s, i) => [s.id, i])),
    tree: new SectionTree(runbook.sections),
    guarded: guardGroups(runbook.steps),
  };
  for (const step of runbook.steps) {
    for (const decision of step.decisions) {
      for (const q of decision.questions) {
        visit(q, decision, step, walk, 0);
        // A ☐ Yes ☐ No choice records what the operator saw: it is asked even when nothing follows from it.
        if (decision.kind === 'choice') delete q.sameOutcome;
      }
    }
  }
}

function visit(node: DecisionNode, decision: Decision, own: Step, walk: Walk, depth: number): void {
  if (depth > 20) return;
  for (const answer of node.answers) {
    if (answer.outcome.kind === 'question') visit(answer.outcome.node, decision, own, walk, depth + 1);
    else lead(answer, decision, own, walk);
  }
  settle(node);
}

function lead(answer: DecisionAnswer, decision: Decision, own: Step, walk: Walk): void {
  const outcome = answer.outcome;
  const text = outcome.kind === 'action' ? outcome.text : outcome.kind === 'continue' ? (outcome.text ?? '') : '';
  if (outcome.kind === 'action' && STOP.test(text)) answer.stop = true;
  const enters = walk.guarded.get(`${decision.id}\u0000${answer.label}`) ?? [];
  let target: Step | undefined;
  let effect: Effect | undefined;
  if (outcome.kind === 'action' && outcome.target) {
    const named = outcome.target.sectionId;
    target = intoOwnProcedure(text, own, walk) ?? firstStepOf(named, own, walk);
    if (target) {
      // Keep the section the runbook names unless its first step is not where the walk goes.
      if (target !== firstStepOf(named, undefined, walk)) {
        outcome.target = { sectionId: target.sectionId, title: walk.tree.byId.get(target.sectionId)?.title ?? target.title };
      }
      effect = effectFrom(target, walk);
    }
  } else if (outcome.kind === 'action') {
    target = intoOwnProcedure(text, own, walk);
    if (target) effect = effectFrom(target, walk);
  }
  for (const s of enters) effect = combine(effect, stepEffect(s));
  target ??= enters[0];
  if (target) answer.targetStepId = target.id;
  if (effect) answer.effect = effect;
}

/** The decision sits in the procedure its outcome names ("Rollback" in a rollback's first step): carry on with its next step. */
function intoOwnProcedure(text: string, own: Step, walk: Walk): Step | undefined {
  const root = own.contingency;
  if (!root) return undefined;
  const want = words(text).filter((w) => !GENERIC.has(w));
  const title = words(root.title);
  if (want.length === 0 || !want.every((w) => title.some((t) => t.startsWith(w.replace(/s$/, ''))))) return undefined;
  const i = walk.index.get(own.id) ?? -1;
  const next = walk.steps[i + 1];
  return next && walk.tree.within(next.sectionId, root.sectionId) ? next : undefined;
}

/** The first step of a section (with its sub-sections); if the decision is inside it, the step after the decision. */
function firstStepOf(sectionId: string, own: Step | undefined, walk: Walk): Step | undefined {
  const inside = !!own && walk.tree.within(own.sectionId, sectionId);
  if (own && inside) {
    // a section's steps are one run in document order: the one after the decision, if it is still inside
    const next = walk.steps[(walk.index.get(own.id) ?? -1) + 1];
    return next && walk.tree.within(next.sectionId, sectionId) ? next : undefined;
  }
  const at = firstsOf(walk).get(sectionId);
  return at === undefined ? undefined : walk.steps[at];
}

function firstsOf(walk: Walk): Map<string, number> {
  if (walk.firsts) return walk.firsts;
  const firsts = new Map<string, number>();
  walk.steps.forEach((s, i) => {
    for (const section of walk.tree.chain(s.sectionId)) if (!firsts.has(section.id)) firsts.set(section.id, i);
  });
  walk.firsts = firsts;
  return firsts;
}

/** What following an outcome into a section runs: its steps up to the end of that contingency (or section). */
function effectFrom(start: Step, walk: Walk): Effect | undefined {
  const rootId = start.contingency?.sectionId ?? start.sectionId;
  let effect: Effect | undefined;
  for (let i = walk.index.get(start.id) ?? walk.steps.length; i < walk.steps.length; i++) {
    const s = walk.steps[i];
    if (!s || !walk.tree.within(s.sectionId, rootId)) break;
    effect = combine(effect, stepEffect(s));
  }
  return effect;
}

function stepEffect(step: Step): Effect | undefined {
  let effect: Effect | undefined;
  for (const c of step.commands) if (c.runnable) effect = combine(effect, effectOf(c));
  return effect;
}

function combine(a: Effect | undefined, b: Effect | undefined): Effect | undefined {
  if (!a) return b;
  if (!b) return a;
  return moreSevere(a, b);
}

/** How much an answer sets in motion: 0 for stop or carry on, else 1 + the effect rank of what it enters. */
function risk(a: DecisionAnswer): number {
  if (a.stop || a.outcome.kind === 'question') return a.outcome.kind === 'question' ? 4 : 0;
  return a.effect ? effectRank(a.effect) + 1 : 0;
}

function settle(node: DecisionNode): void {
  const signature = (a: DecisionAnswer) =>
    a.outcome.kind === 'question'
      ? `q:${a.label}`
      : JSON.stringify([a.targetStepId ?? '', a.stop ?? false, a.outcome.kind === 'action' ? a.outcome.text.toLowerCase() : (a.outcome.text ?? '').toLowerCase()]);
  if (node.answers.length > 1 && new Set(node.answers.map(signature)).size === 1) node.sameOutcome = true;
  const risks = node.answers.map(risk);
  const least = Math.min(...risks);
  const safest = node.answers.filter((_, i) => risks[i] === least);
  const only = safest[0];
  if (safest.length === 1 && only && only.effect !== 'destructive' && only.outcome.kind !== 'question') node.safeDefault = only.label;
}
