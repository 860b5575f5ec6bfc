// The decisions of a runbook (trees, branches, matrices, result choices) in the model
// (src/runbook/model.ts re-exports them: import from there).
import type { Effect, SectionLink, Threshold } from './model.js';

/**
 * A checklist item whose answer is a result ("Health endpoints: PASS / FAIL", "Backups
 * verified: Yes / No"): the operator picks one option, it is recorded, and a failing option
 * fails the step.
 */
export interface ResultChoice {
  id: string;
  line: number;
  /** What is judged: "Health endpoints". */
  label: string;
  /** The item as written (inline markup dropped). */
  text: string;
  /** The options in the runbook's order: ["PASS", "FAIL"]. */
  options: string[];
  /** The options that fail the step: ["FAIL"]. */
  failing: string[];
  /** Words after the options, e.g. "optional" or "P95 < 500ms". */
  detail?: string;
  /** The checklist item it came from, when the step has items. */
  itemId?: string;
}

export type Outcome =
  | { kind: 'question'; node: DecisionNode }
  | {
      kind: 'action';
      text: string;
      target?: SectionLink;
      /** The tree goes on after this action (a `▼` under it): ask the next question. */
      continues?: boolean;
      /** Actions after the section the first one names ("Restore Data" of "IMMEDIATE ROLLBACK + Restore Data"): steps done at its end. */
      also?: string[];
    }
  | { kind: 'continue'; text?: string };

export interface DecisionAnswer {
  label: string;
  outcome: Outcome;
  /**
   * The step this answer leads to: the FIRST step of the section its outcome names (never a
   * later step of the same procedure), or the first step this answer's guard enters.
   * Absent: carry on with the walk (on a branch, that means back to the main path).
   */
  targetStepId?: string;
  /** The answer says stop ("DO NOT proceed", "abort", "escalate"): the main path halts until the operator records how it was resolved. */
  stop?: true;
  /** The most severe effect of the commands this answer enters (its guarded steps, or the section it leads to). */
  effect?: Effect;
}

export interface DecisionNode {
  line: number;
  question: string;
  answers: DecisionAnswer[];
  /** Something to do before asking (the "Investigate" of `Investigate ──> Still Down?`). */
  before?: string;
  /** For list decisions ("Immediate Rollback Required When:"): the conditions, any of which means yes. */
  conditions?: string[];
  /** Numeric thresholds found in the question or its conditions, for a suggested answer. */
  thresholds?: Threshold[];
  /**
   * The answer to highlight: the one that keeps the change safe (its branch runs less than
   * every other answer's). Absent when no answer is safer than the rest: the operator must
   * choose. Never an answer that enters a destructive command.
   */
  safeDefault?: string;
  /** Every answer leads to the same place: nothing to ask, the walk goes on. */
  sameOutcome?: true;
}

/** matrix: a table of condition -> action, one question per row. */
export type DecisionKind = 'tree' | 'branch' | 'list' | 'matrix' | 'annotation' | 'choice';

export interface Decision {
  id: string;
  line: number;
  kind: DecisionKind;
  title: string;
  /** Top-level questions, asked in order; a "No"/continue answer moves to the next. */
  questions: DecisionNode[];
  /** What the decision starts from, e.g. the root of an ASCII tree ("Error Detected"). */
  context?: string;
}
