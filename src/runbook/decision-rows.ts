// A decision drawn as a tree, row by row: its questions, their conditions and answers, where
// each answer leads (a section, an action, a further question, a `▼` continuation on to the
// next question, a stop), with the path taken so far marked. Pure: the decision prompt draws
// these rows on screen and the report draws them in HTML.
import type { Decision, DecisionAnswer, DecisionNode, Outcome } from './model.js';

/** One answer given so far, as the `decision` event records it. */
export interface TakenAnswer {
  question: string;
  answer: string;
}

export type TreeRowKind = 'question' | 'before' | 'condition' | 'answer';

export interface TreeRow {
  kind: TreeRowKind;
  /** Box-drawing lead ("│  ├─ ") that places the row in the tree. */
  prefix: string;
  text: string;
  /** The question this row is, or belongs to. */
  node: DecisionNode;
  /** An answer row's label. */
  label?: string;
  /** On the path taken: a question answered, or the answer given. */
  taken?: true;
  /** The answer says stop. */
  stop?: true;
}

/** Whether a decision is worth a tree: more than one question, a nested one, or conditions. */
export function drawsAsTree(decision: Decision): boolean {
  const nested = (n: DecisionNode): boolean => n.answers.some((a) => a.outcome.kind === 'question');
  return decision.questions.length > 1 || decision.questions.some((q) => nested(q) || (q.conditions?.length ?? 0) > 0);
}

function leadsTo(o: Outcome, last: boolean): string {
  switch (o.kind) {
    case 'question':
      return o.node.before ? `${o.node.before}, then:` : 'then:';
    case 'action': {
      const where = o.target && o.target.title.toLowerCase() !== o.text.toLowerCase() ? ` (${o.target.title})` : '';
      return `${o.text}${where}${o.continues ? (last ? ' ▼ then go on' : ' ▼ then the next question') : ''}`;
    }
    case 'continue':
      return o.text ?? (last ? 'go on' : 'next question');
    default: {
      const never: never = o;
      return never;
    }
  }
}

const BRANCH = '├─ ';
const LAST = '└─ ';
const UNDER = '│  ';
const CLEAR = '   ';

/** The rows of a decision, top question first; `taken` marks the path so far. */
export function decisionRows(decision: Decision, taken: readonly TakenAnswer[] = []): TreeRow[] {
  const rows: TreeRow[] = [];
  const answered = (node: DecisionNode): TakenAnswer | undefined => {
    for (let i = taken.length - 1; i >= 0; i--) if (taken[i]?.question === node.question) return taken[i];
    return undefined;
  };
  const question = (node: DecisionNode, lead: string, isLast: boolean, lastTop: boolean): void => {
    const given = answered(node);
    rows.push({ kind: 'question', prefix: lead + (isLast ? LAST : BRANCH), text: node.question, node, ...(given ? { taken: true as const } : {}) });
    const inner = lead + (isLast ? CLEAR : UNDER);
    const children = (node.conditions?.length ?? 0) + node.answers.length;
    let k = 0;
    for (const c of node.conditions ?? []) {
      k++;
      rows.push({ kind: 'condition', prefix: inner + (k === children ? LAST : BRANCH), text: c, node });
    }
    node.answers.forEach((a: DecisionAnswer) => {
      k++;
      const lastChild = k === children;
      const chosen = given !== undefined && given.answer.toLowerCase() === a.label.toLowerCase();
      rows.push({
        kind: 'answer',
        prefix: inner + (lastChild ? LAST : BRANCH),
        text: `${a.label} → ${a.stop ? 'STOP: ' : ''}${leadsTo(a.outcome, lastTop)}`,
        node,
        label: a.label,
        ...(chosen ? { taken: true as const } : {}),
        ...(a.stop ? { stop: true as const } : {}),
      });
      if (a.outcome.kind === 'question') question(a.outcome.node, inner + (lastChild ? CLEAR : UNDER), true, lastTop);
    });
  };
  decision.questions.forEach((q, i) => {
    const last = i === decision.questions.length - 1;
    question(q, '', last, last);
  });
  return rows;
}

/**
 * The answers that lead to `current` when nothing better is known: every earlier top question
 * answered the way that goes on to the next, and each question above it answered the way
 * that leads to it. (After a `▼` continuation the engine's own record says which it was.)
 */
export function impliedPath(decision: Decision, current: DecisionNode): TakenAnswer[] {
  const within = (node: DecisionNode, trail: TakenAnswer[]): TakenAnswer[] | undefined => {
    if (node === current) return trail;
    for (const a of node.answers) {
      if (a.outcome.kind !== 'question') continue;
      const found = within(a.outcome.node, [...trail, { question: node.question, answer: a.label }]);
      if (found) return found;
    }
    return undefined;
  };
  const path: TakenAnswer[] = [];
  for (const top of decision.questions) {
    const found = within(top, []);
    if (found) return [...path, ...found];
    const onward = top.answers.find((a) => a.outcome.kind === 'continue') ?? top.answers.find((a) => a.outcome.kind === 'action' && a.outcome.continues);
    if (onward) path.push({ question: top.question, answer: onward.label });
  }
  return [];
}
