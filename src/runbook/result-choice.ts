// A checklist item that asks for a result rather than a tick: "Health endpoints: PASS / FAIL",
// "Backups restored: Yes / No", "Replication OK / NOK". The options are the words after the
// label, separated by "/" or "|"; a trailing "(...)" is kept as detail.
import type { ResultChoice } from './model.js';
import { stripInline } from './text.js';

/** Words that pass, and words that fail, a result (upper-cased, spaces single). */
const PASSING = new Set(['PASS', 'PASSED', 'YES', 'OK', 'GO', 'SUCCESS', 'DONE']);
const FAILING = new Set(['FAIL', 'FAILED', 'NO', 'NOK', 'NOT OK', 'NO-GO', 'NO GO', 'FAILURE']);
/** Neither passes nor fails: recorded as given. */
const NEUTRAL = new Set(['N/A', 'NA', 'SKIPPED', 'PARTIAL']);

const OPTION = String.raw`(?:not ok|no[- ]go|n\/a|[a-z]+)`;
const OPTIONS = new RegExp(String.raw`(?:^|[\s:–—-])(${OPTION}(?:\s*[/|]\s*${OPTION})+)\s*(?:\(([^()]*)\))?\s*\.?$`, 'i');

function norm(word: string): string {
  return word.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** Splits "PASS / FAIL / N/A" on the separators, keeping "N/A" whole. */
function splitOptions(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/\s*\|\s*|\s+\/\s+|(?<=[a-z])\/(?=[a-z]{2,})/i)) {
    const t = part.trim();
    if (t) out.push(t);
  }
  return out;
}

/** The result an item asks for, or undefined for an ordinary item. `id` and `line` are the caller's. */
export function resultChoice(text: string, id: string, line: number): ResultChoice | undefined {
  const plain = stripInline(text).replace(/\s+/g, ' ').trim();
  const m = OPTIONS.exec(plain);
  if (!m?.[1]) return undefined;
  const options = splitOptions(m[1]);
  const kinds = options.map((o) => norm(o));
  if (options.length < 2 || !kinds.every((k) => PASSING.has(k) || FAILING.has(k) || NEUTRAL.has(k))) return undefined;
  if (!kinds.some((k) => PASSING.has(k)) || !kinds.some((k) => FAILING.has(k))) return undefined;
  const label = plain
    .slice(0, m.index)
    .replace(/[\s:–—-]+$/, '')
    .trim();
  return {
    id,
    line,
    label: label || 'Result',
    text: plain,
    options,
    failing: options.filter((o) => FAILING.has(norm(o))),
    ...(m[2]?.trim() ? { detail: m[2].trim() } : {}),
  };
}

/** Whether an answer is one of the options that fail the step. */
export function isFailingAnswer(choice: ResultChoice, answer: string): boolean {
  return choice.failing.some((f) => norm(f) === norm(answer));
}
