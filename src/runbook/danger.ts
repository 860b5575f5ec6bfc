// The one danger classifier: what each command does (read, change or destructive, by
// effects.ts) and which commands need a typed confirmation: deletes, purges, force flags,
// traffic to 100%, restores, rollbacks, and anything the runbook marks CRITICAL/WARNING.
import { moreSevere, sqlEffect, statementEffect } from './effects.js';
import type { Command, DangerFlag, Effect } from './model.js';

interface Rule {
  pattern: RegExp;
  reason: string;
}

const CODE_RULES: Rule[] = [
  { pattern: /(?<![\w-])delete(?![\w-])|-X\s*DELETE\b/i, reason: 'deletes resources' },
  { pattern: /\brm\s+(?:-\w*[rRf]\w*|--recursive|--force)\b/, reason: 'removes files recursively or by force' },
  { pattern: /\bpurge\b/i, reason: 'purges data' },
  { pattern: /\b(?:drop\s+(?:table|database|schema)|truncate\s+table)\b/i, reason: 'drops database objects' },
  { pattern: /--force\b|\bgit\s+push\s+-f\b/, reason: 'uses a force flag' },
  { pattern: /\b(?:revision-weight|traffic\s+set)\b.*?=\s*100\b|--weight\s+100\b/i, reason: 'sends 100% of traffic' },
  { pattern: /\brestore\b/i, reason: 'restores data' },
  { pattern: /\b(?:downgrade|helm\s+rollback|rollout\s+undo)\b/i, reason: 'rolls back' },
  { pattern: /(?<![\w-])deactivate(?![\w-])/i, reason: 'takes a revision out of service' },
  { pattern: /\bKILL\s+\S/, reason: 'kills sessions' },
  { pattern: /--(?:min|max)-replicas\s+0\b/, reason: 'scales to zero' },
];

const MARKED_COMMENT = /^\s*#\s*(?:⚠️\s*)?(CRITICAL|WARNING|DANGER)\b\s*:/;
const ROLLBACK_CONTEXT = /(?<!post-)(?<!post )\b(?:roll ?back|revert)/i;
const MARKS = ['CRITICAL', 'WARNING', 'DANGER'];
const HEREDOC = /<<-?[ \t]*(['"]?)([A-Za-z0-9_.-]+)\1/;

export interface CommandClass {
  /** The most severe statement's effect; any danger flag makes it destructive. */
  effect: Effect;
  /** Why it needs a typed confirmation, one flag per reason, in line order. */
  flags: DangerFlag[];
}

function codeOnly(line: string): string {
  if (/^\s*#/.test(line)) return '';
  return line.replace(/\s#\s.*$/, '');
}

/** Splits a statement into simple commands at `;`, `&&`, `||`, `|`, `&`, `$(`, backticks and parentheses outside quotes. */
function simpleCommands(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === '\\' && quote === '"') {
        cur += c + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = undefined;
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      cur += c;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '`' || c === '(' || c === ')' || (c === '$' && text[i + 1] === '(')) {
      if (c === '$') i++;
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** A quote opened and not closed yet: the statement goes on (a multi-line SQL or KQL query). */
function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== undefined;
}

function wordsOf(simple: string): string[] {
  return simple
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""')
    .replace(/\d*[<>]+&?\s*\S+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * The effect and danger flags of one block. `context` is the owning step's title and
 * section path: in a rollback, every change is part of the rollback and destructive.
 */
export function classifyCommand(code: string, firstLine: number, context: string): CommandClass {
  const rollbackContext = ROLLBACK_CONTEXT.test(context);
  const found: { line: number; order: number; reason: string }[] = [];
  let effect: Effect = 'read';
  const lines = code.split('\n');
  let statement = '';
  let statementLine = firstLine + 1;
  let heredoc: string | undefined;
  const finish = (order: number) => {
    const text = statement;
    statement = '';
    if (!text.trim()) return;
    // Quoted text (echo messages, queries) does not run: the rules look at the rest, except
    // traffic weights, which are often quoted ("$REV=100").
    const unquoted = text.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
    CODE_RULES.forEach((rule, r) => {
      if (rule.pattern.test(rule.reason === 'sends 100% of traffic' ? text : unquoted)) found.push({ line: statementLine, order: order + r, reason: rule.reason });
    });
    for (const simple of simpleCommands(text)) {
      // The rest of a command after a `$(...)` in its arguments (`--assignee $(...) --output table`).
      if (simple.startsWith('-') || /^\d*[<>]/.test(simple)) continue;
      const e = statementEffect(simple, wordsOf(simple));
      if (e.effect === 'destructive') found.push({ line: statementLine, order: order + 14, reason: e.reason ?? 'destructive' });
      if (e.effect !== 'read' && rollbackContext) found.push({ line: statementLine, order: order + 15, reason: 'part of a rollback' });
      effect = moreSevere(effect, e.effect);
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const at = firstLine + 1 + i;
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const marked = raw.includes('#') && MARKS.some((w) => raw.includes(w)) ? MARKED_COMMENT.exec(raw) : null;
    if (marked?.[1]) found.push({ line: at, order: i * 16, reason: `marked ${marked[1]}` });
    if (!statement) statementLine = at;
    const code = codeOnly(raw);
    statement += ' ' + code.replace(/\\\s*$/, '');
    const doc = code.includes('<<') ? HEREDOC.exec(code) : null;
    if (doc?.[2]) heredoc = doc[2];
    if ((/\\\s*$/.test(raw) || openQuote(statement)) && i < lines.length - 1) continue;
    finish(i * 16 + 1);
  }
  finish(lines.length * 16 + 1);
  // SQL written straight into a shell block: the query decides, not its first word.
  const firstCode = lines.find((l) => l.trim() !== '' && !/^\s*(?:#|--)/.test(l)) ?? '';
  if (/^\s*(?:SELECT|WITH|UPDATE|INSERT|DELETE|ALTER|CREATE|DROP|EXEC|KILL|TRUNCATE)\b/i.test(firstCode)) {
    const sql = sqlEffect(code);
    effect = sql.effect;
    if (sql.reason) found.push({ line: firstLine + 1, order: 0, reason: sql.reason });
  }
  found.sort((a, b) => a.line - b.line || a.order - b.order);
  const flags: DangerFlag[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    if (seen.has(f.reason)) continue;
    seen.add(f.reason);
    flags.push({ line: f.line, reason: f.reason });
  }
  return { effect: flags.length > 0 ? 'destructive' : effect, flags };
}

/** A command's effect; one built without the parser (no `effect`) counts as a change, or destructive when flagged. */
export function effectOf(command: Pick<Command, 'effect' | 'danger'>): Effect {
  if (command.danger.length > 0) return 'destructive';
  return command.effect ?? 'change';
}

const PROSE_MARKS = [...MARKS, 'DESTRUCTIVE'];
const MARKED_PROSE = /^\s*(?:⚠️\s*)?(?:\*\*)?(CRITICAL|WARNING|DANGER|DESTRUCTIVE)(?:\*\*)?\s*:/;

/** A paragraph such as "**WARNING**: this deletes..." marks its step dangerous. */
export function proseDanger(text: string, line: number): DangerFlag | undefined {
  if (!text.includes(':') || !PROSE_MARKS.some((w) => text.includes(w))) return undefined;
  const m = MARKED_PROSE.exec(text);
  if (!m) return undefined;
  return { line, reason: `marked ${m[1] ?? 'WARNING'}` };
}
