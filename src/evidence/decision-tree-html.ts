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
export function decisionTreeHtml(decision: Decision, taken: readonly TakenAnswer[]): string {
  const lines = decisionRows(decision, taken).map((row) => {
    const text = `${row.taken ? '✓ ' : ''}${row.text}`;
    const body = row.taken ? `<strong style="color:var(--ok)">${esc(text)}</strong>` : row.stop ? `<span style="color:var(--bad)">${esc(text)}</span>` : esc(text);
    return `<span style="color:var(--muted)">${esc(row.prefix)}</span>${body}`;
  });
  const head = decision.context ? [`<span style="color:var(--muted)">${esc(decision.context)}</span>`] : [];
  return `<div class="decision-tree"><div class="meta">${esc(decision.title)}: the path taken</div><pre>${[...head, ...lines].join('\n')}</pre></div>`;
}

/** Every tree-shaped decision the log answered, in the order first answered, with its path. */
export function decisionTreesHtml(answers: readonly DecisionReport[], decisions: readonly Decision[]): string {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const paths = new Map<string, TakenAnswer[]>();
  for (const a of answers) {
    if (a.decisionId === undefined || !byId.has(a.decisionId)) continue;
    const path = paths.get(a.decisionId) ?? [];
    path.push({ question: a.question, answer: a.answer });
    paths.set(a.decisionId, path);
  }
  const out: string[] = [];
  for (const [id, path] of paths) {
    const decision = byId.get(id);
    if (decision && drawsAsTree(decision)) out.push(decisionTreeHtml(decision, path));
  }
  return out.join('\n');
}
