// Secret redaction: the one engine behind every sink (screen, spools, audit events, shell
// state, error messages, the pack scan, lint). Known secret values and the shapes in
// ./secret-rules.ts are replaced by a marker carrying a short sha256 of the exact bytes
// hidden, so an auditor holding a value can check whether it is the one masked.
//
// Work is done on "byte strings" (latin1: one char per byte) so binary output passes
// through byte-exact, and hashes are of the original bytes whatever their encoding.
import { createHash } from 'node:crypto';
import { RULES } from './secret-rules.js';

/** Values shorter than this are not masked as known values: they would mask ordinary text. */
export const MIN_SECRET_LENGTH = 4;

export interface Span {
  start: number;
  end: number;
  /** What it looks like ("a GitHub token", "a secret parameter's value"), never the value. */
  what: string;
}

export function shortHash(bytes: string): string {
  return createHash('sha256').update(Buffer.from(bytes, 'latin1')).digest('hex').slice(0, 12);
}

export function marker(bytes: string): string {
  return `[REDACTED sha256:${shortHash(bytes)}]`;
}

const KNOWN = "a secret parameter's value";

/**
 * Each hinted rule's hints as one case-blind test, so a chunk of output is not copied into
 * lower case to look for them (the rule's own pattern still decides what is a secret).
 */
const HINTS = new Map(
  RULES.flatMap((rule) => (rule.hints ? [[rule, new RegExp(rule.hints.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i')] as const] : [])),
);

/** Finds secrets in byte strings. Build one per session with the secret parameter values. */
export class Redactor {
  private readonly known: string[];

  constructor(secretValues: Iterable<string> = []) {
    const set = new Set<string>();
    for (const v of secretValues) {
      if (v.length >= MIN_SECRET_LENGTH) set.add(Buffer.from(v, 'utf8').toString('latin1'));
    }
    // Longest first so a value containing another is masked whole.
    this.known = [...set].sort((a, b) => b.length - a.length);
  }

  get longestKnown(): number {
    return this.known[0]?.length ?? 0;
  }

  /** Sorted, merged spans to mask in `s`. */
  spans(s: string): Span[] {
    const raw: Span[] = [];
    for (const v of this.known) {
      for (let at = s.indexOf(v); at >= 0; at = s.indexOf(v, at + v.length)) raw.push({ start: at, end: at + v.length, what: KNOWN });
    }
    for (const rule of RULES) {
      if (HINTS.get(rule)?.test(s) === false) continue;
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(s); m; m = rule.re.exec(s)) {
        if (m[0].length === 0) rule.re.lastIndex++;
        const group = rule.groups ? rule.groups.find((g) => m?.[g] !== undefined) : 0;
        const at = group === undefined ? undefined : m.indices?.[group];
        if (!at || at[1] === at[0]) continue;
        if (rule.keep && !rule.keep(m, s.slice(at[0], at[1]))) {
          // a name with no secret after it: look again just after the name, where a value may start
          if (m.index + 1 < at[0]) rule.re.lastIndex = at[0];
          continue;
        }
        raw.push({ start: at[0], end: at[1], what: rule.what });
      }
    }
    return mergeSpans(raw);
  }

  /** Whether `s` holds anything this redactor would mask. */
  finds(s: string): boolean {
    return this.spans(s).length > 0;
  }

  /** Masks every secret in a byte string. */
  redactBytes(s: string): string {
    return applySpans(s, this.spans(s));
  }

  /** Masks every secret in ordinary (UTF-8) text: for audit events, prompts, check results, messages. */
  redact(text: string): string {
    return Buffer.from(this.redactBytes(Buffer.from(text, 'utf8').toString('latin1')), 'latin1').toString('utf8');
  }

  /** Whether ordinary (UTF-8) text holds anything redact would mask. */
  findsIn(text: string): boolean {
    return this.finds(Buffer.from(text, 'utf8').toString('latin1'));
  }

  /** How many trailing chars of `s` could be the start of a known value. */
  knownPrefixAtEnd(s: string): number {
    let best = 0;
    for (const v of this.known) {
      for (let k = Math.min(v.length - 1, s.length); k > best; k--) {
        if (s.endsWith(v.slice(0, k))) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}

const PATTERNS_ONLY = new Redactor();

/** Redacts one string with the patterns and the given known values. */
export function redactText(text: string, secretValues?: Iterable<string>): string {
  return (secretValues ? new Redactor(secretValues) : PATTERNS_ONLY).redact(text);
}

/** The patterns alone, no known values: for text with no session behind it (error messages, lint). */
export function patternRedactor(): Redactor {
  return PATTERNS_ONLY;
}

export function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

export function applySpans(s: string, spans: readonly Span[]): string {
  if (spans.length === 0) return s;
  let out = '';
  let at = 0;
  for (const sp of spans) {
    out += s.slice(at, sp.start) + marker(s.slice(sp.start, sp.end));
    at = sp.end;
  }
  return out + s.slice(at);
}

/**
 * Every string inside plain data (an audit event's fields) redacted; the data itself when
 * nothing in it needed masking.
 */
export function redactFields<T>(data: T, redactor: Redactor): T {
  if (typeof data === 'string') return (redactor.findsIn(data) ? redactor.redact(data) : data) as T;
  if (Array.isArray(data)) {
    const out = data.map((v: unknown) => redactFields(v, redactor));
    return (out.some((v, i) => v !== data[i]) ? out : data) as T;
  }
  if (data === null || typeof data !== 'object') return data;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = redactFields(v, redactor);
    if (out[k] !== v) changed = true;
  }
  return (changed ? out : data) as T;
}
