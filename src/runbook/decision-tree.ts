// ASCII decision trees as runbooks draw them:
//
//   Error Detected
//       ├─> Error Rate > 5%? ──Yes──> IMMEDIATE ROLLBACK
//       │        No
//       ├─> Critical Dependency Down? ──Yes──> Investigate ──> Still Down? ──Yes──> ROLLBACK
//       │                                                       No ──> Monitor
//       └─> Error Rate 1-5%? ──Yes──> ...
//                │
//                ▼
//           Fix Forward if Possible
//
// Branch lines at the leftmost marker column are the top-level questions. A label under a
// question ("No", "Yes ──> X") answers the question whose text is above it; a `▼` under an
// action means the tree goes on after it, and one under a label leads to the text below.
import type { DecisionAnswer, DecisionNode, Outcome } from './model.js';

const MARKER = /^(\s*(?:[│|┆]\s*)*)([├└┣┗]─*>?|[|+`\\]--*>)\s*/;
const ARROW = /\s*(?:(?:─|-){2,}\s*([A-Za-z][\w /]{0,14}?)\s*(?:─|-){2,}>|(?:─|-)+>|→|⟶)\s*/g;
const LABEL = /^(yes|no|y|n|true|false|pass(?:ed)?|fail(?:ed)?|ok|success|failure|improving|worse)$/i;
const TREE_GLYPHS = /^[\s│|┆▼↓v]*$/;

interface Segment {
  col: number;
  text: string;
  /** Label on the arrow leading into this segment. */
  label?: string;
}

interface Registered {
  line: number;
  col: number;
  end: number;
  node?: DecisionNode;
  action?: Extract<Outcome, { kind: 'action' }>;
}

export interface ParsedTree {
  context?: string;
  questions: DecisionNode[];
}

export function looksLikeTree(content: string): boolean {
  return /[├└┣┗]─|^\s*[|+`]--+>/m.test(content) && content.includes('?');
}

function segmentsOf(text: string, offset: number): Segment[] {
  const segs: Segment[] = [];
  let last = 0;
  let label: string | undefined;
  const push = (from: number, to: number, nextLabel: string | undefined) => {
    const chunk = text.slice(from, to);
    const trimmed = chunk.trim();
    if (trimmed) {
      const seg: Segment = { col: offset + from + (chunk.length - chunk.trimStart().length), text: trimmed };
      if (label) seg.label = label;
      segs.push(seg);
    }
    label = nextLabel;
  };
  for (const m of text.matchAll(ARROW)) {
    const at = m.index ?? 0;
    push(last, at, m[1]?.trim() || undefined);
    last = at + m[0].length;
  }
  push(last, text.length, undefined);
  return segs;
}

function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text);
}

export function parseAsciiTree(content: string, firstLine: number): ParsedTree {
  const lines = content.split('\n');
  const registry: Registered[] = [];
  const questions: DecisionNode[] = [];
  let context: string | undefined;
  let topCol = Number.POSITIVE_INFINITY;
  for (const l of lines) {
    const m = MARKER.exec(l);
    if (m && m[1] !== undefined) topCol = Math.min(topCol, m[1].length);
  }
  const consumed = new Set<number>();

  const outcomeOf = (segs: Segment[], line: number): Outcome => {
    const [first, next] = segs;
    if (!first) return { kind: 'continue' };
    if (isQuestion(first.text)) return { kind: 'question', node: chain(segs, line) };
    if (next && isQuestion(next.text)) {
      const node = chain(segs.slice(1), line);
      node.before = first.text;
      return { kind: 'question', node };
    }
    const text = segs.map((s) => s.text).join(' → ');
    if (/^continue\b/i.test(text)) return { kind: 'continue', text };
    const action: Extract<Outcome, { kind: 'action' }> = { kind: 'action', text };
    const lastSeg = segs[segs.length - 1] ?? first;
    registry.push({ line, col: lastSeg.col, end: lastSeg.col + lastSeg.text.length, action });
    return action;
  };

  const chain = (segs: Segment[], line: number): DecisionNode => {
    const [q, ...rest] = segs;
    const node: DecisionNode = { line, question: q?.text ?? '', answers: [] };
    if (q) registry.push({ line, col: q.col, end: q.col + q.text.length, node });
    if (rest.length > 0) {
      const label = rest[0]?.label ?? 'Yes';
      node.answers.push({ label, outcome: outcomeOf(rest, line) });
    }
    return node;
  };

  const above = (lineIdx: number, col: number, want: 'node' | 'action'): Registered | undefined => {
    let best: Registered | undefined;
    for (const r of registry) {
      if (r.line >= firstLine + lineIdx) continue;
      if (want === 'node' ? !r.node : !r.action) continue;
      if (col < r.col - 2 || col > r.end + 1) continue;
      if (!best || r.line > best.line) best = r;
    }
    return best;
  };

  /** Text reached by going down from a label through `│` and `▼` lines. */
  const below = (lineIdx: number, col: number): string | undefined => {
    let sawArrow = false;
    for (let j = lineIdx + 1; j < lines.length; j++) {
      const l = lines[j] ?? '';
      const ch = l.slice(Math.max(0, col - 2), col + 3);
      if (MARKER.test(l)) return undefined;
      if (TREE_GLYPHS.test(l)) {
        if (/[▼↓]/.test(ch)) sawArrow = true;
        if (l.trim() === '' && !sawArrow) return undefined;
        continue;
      }
      if (!sawArrow) return undefined;
      for (let k = lineIdx + 1; k <= j; k++) consumed.add(k);
      return l.trim();
    }
    return undefined;
  };

  const addAnswer = (node: DecisionNode, answer: DecisionAnswer) => {
    if (!node.answers.some((a) => a.label.toLowerCase() === answer.label.toLowerCase())) node.answers.push(answer);
  };

  for (let i = 0; i < lines.length; i++) {
    if (consumed.has(i)) continue;
    const l = lines[i] ?? '';
    const line = firstLine + i;
    const m = MARKER.exec(l);
    if (m) {
      const col = (m[1] ?? '').length;
      const segs = segmentsOf(l.slice(m[0].length), m[0].length);
      const first = segs[0];
      if (!first) continue;
      if (LABEL.test(first.text)) {
        // `├─ Yes → ...` under a question: an answer to the nearest question to the left
        const parent = [...registry].reverse().find((r) => r.node && r.col < col + 4 && r.line < line)?.node;
        if (parent) addAnswer(parent, { label: first.text, outcome: outcomeOf(segs.slice(1), line) });
        continue;
      }
      const node = chain(segs, line);
      if (col <= topCol + 1) questions.push(node);
      else {
        const parent = [...registry].reverse().find((r) => r.node && r.node !== node && r.col < col && r.line < line)?.node;
        if (parent) addAnswer(parent, { label: 'Yes', outcome: { kind: 'question', node } });
        else questions.push(node);
      }
      continue;
    }
    const groups = [...l.matchAll(/[^\s│|┆]+(?:[ \t]{1,2}[^\s│|┆]+)*/g)];
    for (const g of groups) {
      const text = g[0];
      const col = g.index ?? 0;
      if (/^[▼↓]$/.test(text)) {
        const act = above(i, col, 'action')?.action;
        if (act) act.continues = true;
        continue;
      }
      const segs = segmentsOf(text, col);
      const first = segs[0];
      if (!first) continue;
      if (LABEL.test(first.text)) {
        const target = above(i, first.col, 'node')?.node;
        if (!target) continue;
        let outcome: Outcome;
        if (segs.length > 1) outcome = outcomeOf(segs.slice(1), line);
        else {
          const next = below(i, first.col);
          outcome = next ? outcomeOf([{ col: first.col, text: next }], line) : { kind: 'continue' };
        }
        addAnswer(target, { label: first.text, outcome });
        continue;
      }
      if (questions.length === 0 && context === undefined) context = l.trim();
    }
  }

  for (const q of questions) {
    const hasNo = q.answers.some((a) => /^(no|n|false|fail(ed)?)$/i.test(a.label));
    if (!hasNo) q.answers.push({ label: 'No', outcome: { kind: 'continue' } });
  }
  const tree: ParsedTree = { questions };
  if (context) tree.context = context;
  return tree;
}
