// The indented tree `lint` prints: how flightdeck understood the runbook's flow. Phases
// and procedures as headings, each step with its number, path, guard and what its
// commands do, and under it the questions it asks with where each answer leads.
import type { BranchEntry, OutlineEntry } from '../runbook/outline.js';
import type { DecisionNode, Effect, Runbook } from '../runbook/model.js';
import { TRAIL_SEPARATOR } from '../runbook/outline.js';

type Paint = (style: 'bold' | 'dim' | 'yellow' | 'red', text: string) => string;

const EFFECTS: Effect[] = ['read', 'change', 'destructive'];

function effects(entry: OutlineEntry, paint: Paint): string {
  const parts: string[] = [];
  for (const e of EFFECTS) {
    const n = entry.commands.filter((c) => c.effect === e).length;
    if (n === 0) continue;
    const text = `${n} ${e}`;
    parts.push(e === 'destructive' ? paint('red', text) : e === 'change' ? paint('yellow', text) : text);
  }
  return parts.join(', ');
}

function leadsTo(a: BranchEntry['answers'][number]): string {
  if (a.stop) return 'stop';
  if (a.target !== undefined) return `step ${a.target}${a.also ? `, then ${a.also.join(', ')}` : ''}`;
  if (a.then !== undefined) return `${a.action ? `${a.action}, then ` : ''}? ${a.then}`;
  return a.action ?? 'go on';
}

function answerText(branch: BranchEntry): string {
  const answers = branch.answers.map((a) => `${a.label} → ${leadsTo(a)}`);
  const notes = [branch.default ? `default ${branch.default}` : '', branch.same ? 'same either way, not asked' : ''].filter(Boolean);
  return `${answers.join(' | ')}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`;
}

export function outlineTree(runbook: Runbook, outline: OutlineEntry[], branches: BranchEntry[], paint: Paint): string[] {
  const byLine = new Map<number, BranchEntry[]>();
  for (const b of branches) byLine.set(b.line, [...(byLine.get(b.line) ?? []), b]);
  const out: string[] = [];
  // The document's own heading, when the title came from elsewhere (front matter).
  const h1 = runbook.sections.find((s) => s.level === 1);
  if (h1 && h1.title !== runbook.title) out.push(paint('bold', h1.title));
  let shown: string[] = [];
  outline.forEach((entry, i) => {
    const trail = entry.section === '' ? [] : entry.section.split(TRAIL_SEPARATOR);
    let same = 0;
    while (same < trail.length && same < shown.length && trail[same] === shown[same]) same++;
    for (let d = same; d < trail.length; d++) out.push(`${'  '.repeat(d)}${paint('bold', trail[d] ?? '')}`);
    shown = trail;
    const indent = '  '.repeat(trail.length);
    const guard = entry.guard && !entry.title.toLowerCase().includes(entry.guard.toLowerCase()) ? `if ${entry.guard}` : '';
    const tags = [entry.path === 'main' ? '' : `[${entry.path}]`, guard].filter(Boolean).join(' ');
    const head = `${indent}${entry.n}. ${entry.title}${tags ? ` ${tags}` : ''}`;
    const fx = effects(entry, paint);
    const line = fx ? `${head.padEnd(70)} ${fx}` : head;
    out.push(entry.path === 'main' ? line : paint('dim', line));
    for (const w of entry.waits ?? []) {
      out.push(`${indent}   ⏱ ${w.text} (${w.wait.seconds} s)${w.wait.metrics.length > 0 ? `, watching ${w.wait.metrics.join(', ')}` : ''}`);
    }
    const step = runbook.steps[i];
    const seen = new Set<BranchEntry>();
    // each question, and under it the questions its answers lead to ("Investigate, then ? Still Down?")
    const ask = (q: DecisionNode, depth: number): void => {
      for (const b of byLine.get(q.line) ?? []) {
        if (seen.has(b) || b.question !== q.question) continue;
        seen.add(b);
        out.push(`${indent}   ${'  '.repeat(depth)}? ${b.question}  ${answerText(b)}`);
      }
      if (depth < 20) for (const a of q.answers) if (a.outcome.kind === 'question') ask(a.outcome.node, depth + 1);
    };
    for (const d of step?.decisions ?? []) for (const q of d.questions) ask(q, 0);
  });
  return out;
}
