// Commands that need a typed confirmation: deletes, purges, force flags, traffic to 100%,
// restores, rollbacks, and anything the runbook marks CRITICAL/WARNING.
import type { DangerFlag } from './model.js';

interface Rule {
  pattern: RegExp;
  reason: string;
  /** Every match holds one of these (lower case): a rule runs only on text that has one. */
  words: string[];
}

const CODE_RULES: Rule[] = [
  { pattern: /(?<![\w-])delete(?![\w-])|-X\s*DELETE\b/i, reason: 'deletes resources', words: ['delete'] },
  { pattern: /\brm\s+(?:-\w*[rRf]\w*|--recursive|--force)\b/, reason: 'removes files recursively or by force', words: ['rm'] },
  { pattern: /\bpurge\b/i, reason: 'purges data', words: ['purge'] },
  { pattern: /\b(?:drop\s+(?:table|database|schema)|truncate\s+table)\b/i, reason: 'drops database objects', words: ['drop', 'truncate'] },
  { pattern: /--force\b|\bgit\s+push\s+-f\b/, reason: 'uses a force flag', words: ['--force', 'push'] },
  { pattern: /\b(?:revision-weight|traffic\s+set)\b.*?=\s*100\b|--weight\s+100\b/i, reason: 'sends 100% of traffic', words: ['weight', 'traffic'] },
  { pattern: /\brestore\b/i, reason: 'restores data', words: ['restore'] },
  { pattern: /\b(?:downgrade|helm\s+rollback|rollout\s+undo)\b/i, reason: 'rolls back', words: ['downgrade', 'rollback', 'rollout'] },
  { pattern: /(?<![\w-])deactivate(?![\w-])/i, reason: 'takes a revision out of service', words: ['deactivate'] },
  { pattern: /\bKILL\s+\S/, reason: 'kills sessions', words: ['kill'] },
  { pattern: /--(?:min|max)-replicas\s+0\b/, reason: 'scales to zero', words: ['-replicas'] },
];

const MARKED_COMMENT = /^\s*#\s*(?:⚠️\s*)?(CRITICAL|WARNING|DANGER)\b\s*:/;
const ROLLBACK_CONTEXT = /(?<!post-)(?<!post )\b(?:roll ?back|revert)/i;
const ROLLBACK_RULE: Rule = {
  pattern: /\b(create|update|set|start|restore|deactivate|activate|delete|downgrade|apply|import)\b/,
  reason: 'part of a rollback',
  words: ['create', 'update', 'set', 'start', 'restore', 'activate', 'delete', 'downgrade', 'apply', 'import'],
};
const MARKS = ['CRITICAL', 'WARNING', 'DANGER'];

function codeOnly(line: string): string {
  if (/^\s*#/.test(line)) return '';
  return line.replace(/\s#\s.*$/, '');
}

/** Cheap test before the per-statement rules: most blocks contain none of these words. */
const ANY_RULE = /delete|\brm\s|purge|drop|truncate|--force|push\s+-f|weight|traffic|restore|downgrade|rollback|rollout|deactivate|KILL|replicas|CRITICAL|WARNING|DANGER/i;

/** Danger flags of one command. `context` is the owning step's title and section path. */
export function commandDanger(code: string, firstLine: number, context: string): DangerFlag[] {
  const rollbackContext = ROLLBACK_CONTEXT.test(context);
  if (!rollbackContext && !ANY_RULE.test(code)) return [];
  // Flags in the order a line-by-line pass finds them: `order` is line * 16, +0 for a
  // marked comment, +1 + rule index for the rules on the statement ending there.
  const found: { order: number; line: number; reason: string }[] = [];
  const statements: { order: number; line: number; text: string; unquoted: string }[] = [];
  const lines = code.split('\n');
  let statement = '';
  let statementLine = firstLine + 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const at = firstLine + 1 + i;
    const marked = raw.includes('#') && MARKS.some((w) => raw.includes(w)) ? MARKED_COMMENT.exec(raw) : null;
    if (marked?.[1]) found.push({ order: i * 16, line: at, reason: `marked ${marked[1]}` });
    if (!statement) statementLine = at;
    statement += ' ' + codeOnly(raw).replace(/\\\s*$/, '');
    if (/\\\s*$/.test(raw) && i < lines.length - 1) continue;
    // Quoted text (echo messages, queries) does not run: test the rules on the rest, except
    // traffic weights, which are often quoted ("$REV=100").
    const unquoted = statement.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
    statements.push({ order: i * 16 + 1, line: statementLine, text: statement, unquoted });
    statement = '';
  }
  // Each rule runs once on all statements joined by a character no rule treats as part of a
  // word or a space, so a match inside one statement is a match there too; only a rule that
  // matches somewhere is then looked for statement by statement.
  const all = statements.map((s) => s.text).join('\0');
  const allUnquoted = statements.map((s) => s.unquoted).join('\0');
  const lower = all.toLowerCase();
  const lowerUnquoted = allUnquoted.toLowerCase();
  const rules = rollbackContext ? [...CODE_RULES, ROLLBACK_RULE] : CODE_RULES;
  rules.forEach((rule, r) => {
    const quoted = rule.reason === 'sends 100% of traffic';
    if (!rule.words.some((w) => (quoted ? lower : lowerUnquoted).includes(w))) return;
    if (!rule.pattern.test(quoted ? all : allUnquoted)) return;
    const s = statements.find((st) => rule.pattern.test(quoted ? st.text : st.unquoted));
    if (s) found.push({ order: s.order + r, line: s.line, reason: rule.reason });
  });
  found.sort((a, b) => a.order - b.order);
  const flags: DangerFlag[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    if (seen.has(f.reason)) continue;
    seen.add(f.reason);
    flags.push({ line: f.line, reason: f.reason });
  }
  return flags;
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
