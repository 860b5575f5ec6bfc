// Decision points besides ASCII trees: "If validation fails:" branches (a fail/pass pair
// counts once), "When to Rollback"-style lists, and outcome links to runbook sections.
import type { Decision, DecisionNode, Diagnostic, Outcome, Section } from './model.js';
import { slugify, words } from './text.js';
import { findThresholds } from './thresholds.js';

export type Polarity = 'fail' | 'pass' | 'neutral';

export interface Branch {
  condition: string;
  /** Text after the colon/comma, when the branch says what to do on the same line. */
  body?: string;
  polarity: Polarity;
  subject: string;
}

const BRANCH_LABEL = /^(?:[\w ]{1,40}:\s*)?(?:only\s+)?if\s+([^\n]+?):\s*$/i;
const BRANCH = /^(?:[\w ]{1,40}:\s*)?(?:only\s+)?if\s+(.+?)(?:\s*:\s*(.*)|,\s+(.+))$/is;
/** "(first deployment only)", "Production only:" as a label of its own. */
const ONLY_LABEL = /^\(?\s*((?:first|initial|new|fresh|one-time)\b[^()\n]{0,50}?|(?:production|prod|staging|dev|development)(?:\s+environment)?)\s+only\s*\)?\s*:?\s*$/i;
/** "After 24-hour stability window:": a block meant for later, entered when the operator says it is time. */
const AFTER_LABEL = /^after\s+([^\n]{3,80}?):\s*$/i;
const FAIL = /\b(fail|fails|failed|failing|unhealthy|errors?|down|not|doesn't|does not|don't|401|403|404|500|unauthorized|exceeds?|broken|degraded)\b/i;
const PASS = /\b(pass|passes|passed|succeeds?|succeeded|successful|healthy|performs well|ok|green|stable)\b/i;
const STOP = new Set(['the', 'a', 'an', 'any', 'all', 'this', 'that', 'if', 'you', 'your']);

export function parseBranch(text: string): Branch | undefined {
  // Both patterns need "if" and a space: most paragraphs have neither.
  const trimmed = text.trim();
  const only = trimmed.length < 80 ? (ONLY_LABEL.exec(trimmed) ?? AFTER_LABEL.exec(trimmed)) : null;
  if (only?.[1]) {
    const condition = only[0].toLowerCase().startsWith('after') ? `after ${only[1]}` : only[1];
    return { condition: condition.replace(/\s+/g, ' ').trim(), polarity: 'neutral', subject: words(condition).find((w) => !STOP.has(w)) ?? '' };
  }
  if (!/if\s/i.test(text)) return undefined;
  const m = BRANCH_LABEL.exec(trimmed) ?? BRANCH.exec(trimmed);
  if (!m?.[1]) return undefined;
  const condition = m[1].replace(/\s+/g, ' ').trim();
  if (condition.length > 160) return undefined;
  const body = (m[2] ?? m[3] ?? '').trim();
  const polarity: Polarity = FAIL.test(condition) ? 'fail' : PASS.test(condition) ? 'pass' : 'neutral';
  const subject = words(condition).find((w) => !STOP.has(w)) ?? '';
  const branch: Branch = { condition, polarity, subject };
  if (body) branch.body = body;
  return branch;
}

export function questionOf(condition: string): string {
  const c = condition.replace(/[.:]+$/, '').trim();
  return c.charAt(0).toUpperCase() + c.slice(1) + (c.endsWith('?') ? '' : '?');
}

/** "Immediate Rollback Required When:" + its items -> one yes/no question. */
export function listQuestion(label: string, items: string[], line: number): DecisionNode {
  const clean = label.replace(/[*_`]/g, '').replace(/:\s*$/, '').trim();
  const whenIf = /^(.*?)\s+(when|if)$/i.exec(clean);
  const question = whenIf?.[1] ? `${whenIf[1]}?` : `Any of these ${clean.toLowerCase()}?`;
  const negative = /\b(do not|don't|never)\b/i.test(clean);
  const action = negative ? clean.replace(/\s+(when|if)$/i, '') : (whenIf?.[1] ?? 'Rollback');
  const node: DecisionNode = {
    line,
    question,
    conditions: items,
    answers: [
      { label: 'Yes', outcome: { kind: 'action', text: action } },
      { label: 'No', outcome: { kind: 'continue' } },
    ],
  };
  const thresholds = items.flatMap((i) => findThresholds(i));
  if (thresholds.length > 0) node.thresholds = thresholds;
  return node;
}

export function isDecisionListLabel(label: string): boolean {
  return /:\s*$/.test(label) && /\b(roll ?back|abort|trigger|triggers|go\/no-go)\b/i.test(label) && !/\bprocedure|steps\b/i.test(label);
}

const LINK_STOP = new Set([
  'immediate', 'immediately', 'first', 'if', 'possible', 'the', 'a', 'to', 'and', 'still', 'then', 'required', 'now',
  'go', 'see', 'initiate', 'start', 'execute', 'run', 'perform', 'section', 'below', 'above', 'commands', 'command',
  'follow', 'steps', 'step', 'stop', 'and', 'or', 'evaluate',
]);

function stem(w: string): string {
  return w.replace(/(ing|ed|es|s)$/, '');
}

/** Section titles split into word stems once, with a word -> sections index, so linking stays linear. */
export class SectionIndex {
  readonly stems: string[][];
  private readonly byWord = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  private readonly byTitle = new Map<string, number>();

  constructor(readonly sections: Section[]) {
    this.stems = sections.map((sec, i) => {
      this.byId.set(sec.id, i);
      const lower = sec.title.toLowerCase();
      if (!this.byTitle.has(lower)) this.byTitle.set(lower, i);
      const st = words(sec.title).map(stem);
      for (const w of new Set(st)) {
        let list = this.byWord.get(w);
        if (!list) this.byWord.set(w, (list = []));
        list.push(i);
      }
      return st;
    });
  }

  byIdOf(id: string): Section | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.sections[i];
  }

  byTitleOf(title: string): Section | undefined {
    const i = this.byTitle.get(title.trim().toLowerCase());
    return i === undefined ? undefined : this.sections[i];
  }

  /** Sections whose title has the word, at most `limit` of them, nearest to `line` first. */
  withWord(word: string, line: number, limit = 64): number[] {
    const list = this.byWord.get(word) ?? [];
    if (list.length <= limit) return list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sections[list[mid] ?? 0]?.line ?? 0) < line) lo = mid + 1;
      else hi = mid;
    }
    return list.slice(Math.max(0, lo - limit / 4), Math.max(0, lo - limit / 4) + limit);
  }

  count(word: string): number {
    return this.byWord.get(word)?.length ?? 0;
  }
}

/**
 * The section an outcome names: an anchor link first, an exact title for explicit gotos,
 * "see Step 5", otherwise the best word match, preferring "... Steps"/"... Procedure"
 * sections and never the decision's own section or its ancestors.
 */
export function findSection(
  text: string,
  index: SectionIndex,
  exclude: Set<string>,
  line: number,
  links: string[] = [],
  explicit = false,
): Section | undefined {
  for (const href of links) {
    if (!href.startsWith('#')) continue;
    const s = index.byIdOf(href.slice(1));
    if (s) return s;
  }
  if (explicit) {
    const exact = index.byTitleOf(text) ?? index.byIdOf(slugify(text));
    if (exact) return exact;
  }
  if (/\b(not|don't|no)\b/i.test(text)) return undefined;
  const seeStep = /\bsee\s+(step\s+\d+)\b/i.exec(text);
  if (seeStep?.[1]) {
    const prefix = seeStep[1].toLowerCase();
    const num = prefix.split(/\s+/)[1] ?? '';
    for (const i of index.withWord(num, line)) {
      const s = index.sections[i];
      if (s && !exclude.has(s.id) && s.title.toLowerCase().startsWith(prefix + ':')) return s;
    }
    return undefined;
  }
  const want = words(text).filter((w) => !LINK_STOP.has(w) && !/^\d+$/.test(w)).map(stem);
  if (want.length === 0) return undefined;
  const rarest = [...want].sort((a, b) => index.count(a) - index.count(b))[0] ?? '';
  let best: Section | undefined;
  let bestScore = 0;
  for (const i of index.withWord(rarest, line)) {
    const s = index.sections[i];
    if (!s || exclude.has(s.id)) continue;
    if (/\b(when|decision|tree|criteria|post|pre)\b/i.test(s.title)) continue;
    const title = index.stems[i] ?? [];
    const matched = want.filter((w) => title.includes(w)).length;
    const procedural = /\b(steps?|procedures?|execute)\b/i.test(s.title);
    // A guess needs every word of the outcome in the title, and either two of them or a
    // title that reads like a procedure: "ROLLBACK" -> "Rollback Steps", not "Verify Rollback".
    if (matched < want.length || (matched < 2 && !procedural)) continue;
    const score = matched * 10 - Math.max(0, title.length - matched) + (procedural ? 3 : 0);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  if (best) return best;
  const exact = index.byTitleOf(text);
  return exact && !exclude.has(exact.id) ? exact : undefined;
}

/** What to look for when guessing an outcome's section. Branch bodies are prose: only "see Step N" and rollbacks. */
function linkText(kind: Decision['kind'], text: string): string | undefined {
  if (kind !== 'branch') return text;
  const see = /\bsee\s+step\s+\d+/i.exec(text);
  if (see) return see[0];
  return /roll ?back/i.test(text) ? 'Rollback' : undefined;
}

/** "X + Y", "X, then Y": more than one action in one outcome. */
const MORE_ACTIONS = /\s+\+\s+|,?\s+then\s+/i;

/** Resolves outcome targets (explicit `goto` titles and guessed ones) to section ids. */
export function linkDecision(decision: Decision, index: SectionIndex, exclude: Set<string>, diags: Diagnostic[]): void {
  const visit = (outcome: Outcome, depth: number): void => {
    if (depth > 20) return;
    if (outcome.kind === 'question') {
      for (const a of outcome.node.answers) visit(a.outcome, depth + 1);
      return;
    }
    if (outcome.kind !== 'action') return;
    if (outcome.target && outcome.target.sectionId === '') {
      const s = findSection(outcome.target.title, index, new Set(), decision.line, [], true);
      if (s) outcome.target = { sectionId: s.id, title: s.title };
      else {
        diags.push({ line: decision.line, severity: 'error', message: `decision: goto "${outcome.target.title}" names no section of this runbook` });
        delete outcome.target;
      }
      return;
    }
    if (outcome.target) return;
    const text = linkText(decision.kind, outcome.text);
    // "IMMEDIATE ROLLBACK + Restore Data": the first action names where to go, the rest are done after it
    const first = text?.split(MORE_ACTIONS)[0];
    const whole = text ? findSection(text, index, exclude, decision.line) : undefined;
    const s = whole ?? (text && first && first !== text ? findSection(first, index, exclude, decision.line) : undefined);
    if (!s) return;
    outcome.target = { sectionId: s.id, title: s.title };
    const also = whole ? [] : outcome.text.split(MORE_ACTIONS).slice(1).map((t) => t.trim()).filter((t) => t !== '');
    if (also.length > 0) outcome.also = also;
  };
  for (const q of decision.questions) for (const a of q.answers) visit(a.outcome, 0);
}
