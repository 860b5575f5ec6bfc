// The report's decision trees (issue 13): each tree-shaped decision the session answered,
// drawn from the runbook copy with the path taken marked: every question answered and the
// answer given, in the order the log records them. Inline styles only (the report is offline).
import type { Decision } from '../runbook/model.js';
import { decisionRows, drawsAsTree, type TakenAnswer } from '../runbook/decision-rows.js';
import type { DecisionReport } from './report-model.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One tree as a <pre>: the answered questions and the answers given in bold green, the rest muted. */
export function decisionTreeHtml(decision: Decision, taken: readonly TakenAnswer[], label = ''): string {
  const lines = decisionRows(decision, taken).map((row) => {
    const text = `${row.taken ? '✓ ' : ''}${row.text}`;
    const body = row.taken ? `<strong style="color:var(--ok)">${esc(text)}</strong>` : row.stop ? `<span style="color:var(--bad)">${esc(text)}</span>` : esc(text);
    return `<span style="color:var(--muted)">${esc(row.prefix)}</span>${body}`;
  });
  const head = decision.context ? [`<span style="color:var(--muted)">${esc(decision.context)}</span>`] : [];
  return `<div class="decision-tree"><div class="meta">${esc(decision.title)}${esc(label)}: the path taken</div><pre>${[...head, ...lines].join('\n')}</pre></div>`;
}

/**
 * Every tree-shaped decision the log answered, one drawing per walk of it (a tree raised
 * three times is drawn three times, "decision 2", "decision 3"...), in the order first
 * answered; a walk whose branch was undone says so.
 */
export function decisionTreesHtml(answers: readonly DecisionReport[], decisions: readonly Decision[]): string {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const walks = new Map<string, { decision: Decision; n?: number; undone: boolean; path: TakenAnswer[] }>();
  for (const a of answers) {
    const decision = a.decisionId === undefined ? undefined : byId.get(a.decisionId);
    if (!decision) continue;
    const key = `${decision.id}\u0000${a.n ?? ''}`;
    const walk = walks.get(key) ?? { decision, ...(a.n !== undefined ? { n: a.n } : {}), undone: false, path: [] };
    walk.path.push({ question: a.question, answer: a.answer });
    if (a.undone) walk.undone = true;
    walks.set(key, walk);
  }
  const several = new Map<string, number>();
  for (const w of walks.values()) several.set(w.decision.id, (several.get(w.decision.id) ?? 0) + 1);
  const out: string[] = [];
  for (const w of walks.values()) {
    if (!drawsAsTree(w.decision)) continue;
    const label = `${(several.get(w.decision.id) ?? 0) > 1 && w.n !== undefined ? ` (decision ${w.n})` : ''}${w.undone ? ', undone' : ''}`;
    out.push(decisionTreeHtml(w.decision, w.path, label));
  }
  return out.join('\n');
}
