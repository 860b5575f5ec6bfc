// How flightdeck understood a runbook's flow, for `lint --json` (`outline`, `branches`)
// and the tree `lint` prints: steps in walk order with their path, guard and each
// command's effect, and every decision question with where each answer leads.
import { effectOf } from './danger.js';
import type { DecisionNode, Effect, FlowPath, Runbook } from './model.js';

export interface OutlineEntry {
  /** 1-based position in walk order (the number the step list shows). */
  n: number;
  title: string;
  /** The section trail, "Application Deployment › Troubleshooting". */
  section: string;
  path: FlowPath;
  /** The condition that enters the step, when it is guarded. */
  guard?: string;
  commands: { line: number; effect: Effect }[];
  /** Monitored waits of the step, in order: how long, and the metrics watched. */
  waits?: { line: number; text: string; wait: { seconds: number; metrics: string[] } }[];
}

export interface BranchAnswer {
  label: string;
  /** The outline `n` of the step this answer leads to. */
  target?: number;
  stop?: true;
  /** The question asked next ("Still Down?"). */
  then?: string;
  /** What to do: an action that names no section (a step of its own), or the one done before `then` ("Investigate"). */
  action?: string;
  /** Actions done after the section `target` starts ("Restore Data" of "ROLLBACK + Restore Data"). */
  also?: string[];
}

/** One per decision question (a tree or a matrix has one per question). */
export interface BranchEntry {
  line: number;
  question: string;
  answers: BranchAnswer[];
  /** The answer highlighted by default, when one is safer than the rest. */
  default?: string;
  /** Every answer leads to the same place: nothing is asked. */
  same?: true;
}

export const TRAIL_SEPARATOR = ' › ';

export function outlineOf(runbook: Runbook): OutlineEntry[] {
  return runbook.steps.map((step, i) => {
    const entry: OutlineEntry = {
      n: i + 1,
      title: step.title,
      section: step.trail.join(TRAIL_SEPARATOR),
      path: step.path,
      commands: step.commands.map((c) => ({ line: c.line, effect: effectOf(c) })),
    };
    if (step.guard) entry.guard = step.guard.condition;
    if (step.waits && step.waits.length > 0) {
      entry.waits = step.waits.map((w) => ({ line: w.line, text: w.text, wait: { seconds: w.seconds, metrics: [...w.metrics] } }));
    }
    return entry;
  });
}

export function branchesOf(runbook: Runbook): BranchEntry[] {
  const numberOf = new Map(runbook.steps.map((s, i) => [s.id, i + 1]));
  const out: BranchEntry[] = [];
  const visit = (node: DecisionNode, depth: number): void => {
    const entry: BranchEntry = {
      line: node.line,
      question: node.question,
      answers: node.answers.map((a) => {
        const answer: BranchAnswer = { label: a.label };
        const target = a.targetStepId ? numberOf.get(a.targetStepId) : undefined;
        if (target !== undefined) answer.target = target;
        if (a.stop) answer.stop = true;
        const o = a.outcome;
        if (o.kind === 'question') {
          answer.then = o.node.question;
          if (o.node.before) answer.action = o.node.before;
        } else if (o.kind === 'action' && !o.target && !a.stop) answer.action = o.text;
        else if (o.kind === 'action' && o.also) answer.also = [...o.also];
        return answer;
      }),
    };
    if (node.safeDefault) entry.default = node.safeDefault;
    if (node.sameOutcome) entry.same = true;
    out.push(entry);
    if (depth < 20) for (const a of node.answers) if (a.outcome.kind === 'question') visit(a.outcome.node, depth + 1);
  };
  for (const step of runbook.steps) for (const d of step.decisions) for (const q of d.questions) visit(q, 0);
  return out;
}
