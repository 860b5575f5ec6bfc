// Expected outcomes checked against what a command did. A check flightdeck cannot decide
// (manual, output that is not JSON, no number to compare, output too large to search) is
// `unverified` for the operator to confirm; it is never passed silently.
import type { Check, Comparator, Expectation } from '../runbook/model.js';
import type { CheckResult } from './executor.js';
import { compare, conversion } from '../metrics/metric-units.js';

export interface CheckInput {
  exitCode: number | null;
  signal?: string | null;
  /** stdout alone (JSON checks read it first). */
  stdout: string;
  /** stdout and stderr merged (text, regex and thresholds read it). */
  output: string;
  /** Some output was dropped before the check saw it. */
  truncated?: boolean;
}

export interface CheckOutcome {
  result: CheckResult;
  /** What was actually seen, short, for the screen and the audit event (redact before logging). */
  actual?: string;
  /** Why the result is unverified, when it is. */
  reason?: string;
}

const SGR = /\x1b\[[0-9;:]*m/g;
const MAX_ACTUAL = 200;

function plain(s: string): string {
  return s.replace(SGR, '');
}

function short(s: string): string {
  const t = s.trim();
  return t.length > MAX_ACTUAL ? `${t.slice(0, MAX_ACTUAL)}…` : t;
}

function lastLine(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim() !== '');
  return short(lines[lines.length - 1] ?? '(no output)');
}

export function evaluateCheck(check: Check, input: CheckInput): CheckOutcome {
  switch (check.kind) {
    case 'exit-code':
      if (input.exitCode === null) return { result: 'fail', actual: `killed by ${input.signal ?? 'a signal'}` };
      return { result: input.exitCode === check.code ? 'pass' : 'fail', actual: `exit ${input.exitCode}` };
    case 'text': {
      const seen = textCheck(check.text, input);
      // a plain `# Expected:` sentence not found is the operator's to judge, not a failure
      return seen.result === 'fail' && check.orAsk ? { ...seen, result: 'unverified', reason: 'not found word for word in the output' } : seen;
    }
    case 'regex':
      return regexCheck(check.pattern, check.flags, input);
    case 'json-field':
      return jsonCheck(check.path, check.equals, input);
    case 'threshold':
      return thresholdCheck(check.threshold.metric, check.threshold.comparator, check.threshold.value, check.threshold.unit, input);
    case 'manual':
      return { result: 'unverified', reason: 'the operator confirms this one' };
    default: {
      const never: never = check;
      throw new Error(`unknown check ${JSON.stringify(never)}`);
    }
  }
}

export function evaluateExpectations(expectations: readonly Expectation[], input: CheckInput): (CheckOutcome & { expectation: Expectation })[] {
  return expectations.map((expectation) => ({ expectation, ...evaluateCheck(expectation.check, input) }));
}

function notFound(input: CheckInput, what: string): CheckOutcome {
  if (input.truncated) {
    return { result: 'unverified', actual: lastLine(plain(input.output)), reason: `${what} not in the part of the output kept for checks; see the full log` };
  }
  return { result: 'fail', actual: lastLine(plain(input.output)) };
}

function textCheck(text: string, input: CheckInput): CheckOutcome {
  const out = plain(input.output);
  const squash = (s: string): string => s.replace(/\s+/g, ' ').toLowerCase();
  const wanted = squash(text.trim());
  if (wanted === '') return { result: 'unverified', reason: 'empty expected text' };
  for (const line of out.split('\n')) {
    if (squash(line).includes(wanted)) return { result: 'pass', actual: short(line) };
  }
  if (squash(out).includes(wanted)) return { result: 'pass', actual: short(text) };
  return notFound(input, `"${text}"`);
}

function regexCheck(pattern: string, flags: string, input: CheckInput): CheckOutcome {
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.replace(/[gy]/g, ''));
  } catch (err) {
    return { result: 'unverified', reason: `invalid pattern /${pattern}/: ${err instanceof Error ? err.message : String(err)}` };
  }
  const m = re.exec(plain(input.output));
  return m ? { result: 'pass', actual: short(m[0]) } : notFound(input, `/${pattern}/`);
}

/** The JSON document in stdout (or the output): the whole text, else from the first line opening one. */
export function findJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const t = plain(text).trim();
  const tries = [t];
  const lines = t.split('\n');
  const first = lines.findIndex((l) => /^\s*[[{]/.test(l));
  if (first > 0) tries.push(lines.slice(first).join('\n'));
  for (const candidate of tries) {
    try {
      return { ok: true, value: JSON.parse(candidate) as unknown };
    } catch {
      // Try the next reading.
    }
  }
  return { ok: false };
}

/** Reads `a.b[0].c` (a leading `$.` or `.` is allowed). */
export function jsonPath(value: unknown, path: string): { found: true; value: unknown } | { found: false } {
  const tokens = [...path.replace(/^\$?\.?/, '').matchAll(/([^.[\]]+)|\[(\d+)\]/g)];
  let cur: unknown = value;
  for (const t of tokens) {
    if (t[2] !== undefined) {
      if (!Array.isArray(cur)) return { found: false };
      cur = cur[Number(t[2])];
    } else {
      if (cur === null || typeof cur !== 'object') return { found: false };
      const key = t[1] ?? '';
      if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)];
      else if (Object.prototype.hasOwnProperty.call(cur, key)) cur = (cur as Record<string, unknown>)[key];
      else return { found: false };
    }
    if (cur === undefined) return { found: false };
  }
  return { found: true, value: cur };
}

function jsonCheck(path: string, equals: string | number | boolean | null, input: CheckInput): CheckOutcome {
  let doc = findJson(input.stdout);
  if (!doc.ok) doc = findJson(input.output);
  if (!doc.ok) return { result: 'unverified', actual: lastLine(plain(input.output)), reason: 'the output is not JSON' };
  const field = jsonPath(doc.value, path);
  if (!field.found) return { result: 'fail', actual: `${path} missing` };
  const v = field.value;
  const actual = typeof v === 'string' ? v : JSON.stringify(v);
  const same = typeof v === typeof equals ? v === equals : actual === String(equals);
  return { result: same ? 'pass' : 'fail', actual: short(actual ?? 'undefined') };
}

const NUMBER = /(-?\d+(?:[.,]\d+)?)\s*(ms|s|%|sec|seconds|milliseconds)?/i;

/** The numbers the output gives for `metric`, in order, in `unit` ("time_total: 0.281s" on each of ten lines: ten values). */
export function metricValues(metric: string, output: string, unit: string | undefined): number[] {
  return metricMatches(metric, output).map((found) => inUnit(found, unit));
}

/** Each line naming `metric` with a number after the name: that number and its unit. */
function metricMatches(metric: string, output: string): RegExpExecArray[] {
  const name = metric.trim().toLowerCase();
  if (name === '') return [];
  const found: RegExpExecArray[] = [];
  for (const line of plain(output).split('\n')) {
    const at = line.toLowerCase().indexOf(name);
    const m = at < 0 ? null : NUMBER.exec(line.slice(at + name.length));
    if (m?.[1]) found.push(m);
  }
  return found;
}

function inUnit(found: RegExpExecArray, unit: string | undefined): number {
  const conv = conversion(found[2], unit);
  return Number((found[1] ?? '').replace(',', '.')) * (conv.ok ? conv.factor : 1);
}

function thresholdCheck(metric: string, op: Comparator, limit: number, unit: string | undefined, input: CheckInput): CheckOutcome {
  const source = plain(input.stdout).trim() || plain(input.output).trim();
  const found = new RegExp(`^${NUMBER.source}$`, 'i').exec(source) ?? metricMatches(metric, source).at(-1);
  if (!found?.[1]) return { result: 'unverified', actual: lastLine(source), reason: `no number for "${metric}" in the output` };
  const value = inUnit(found, unit);
  const actual = `${value}${unit ?? found[2] ?? ''}`;
  return { result: compare(value, op, limit) ? 'pass' : 'fail', actual };
}
