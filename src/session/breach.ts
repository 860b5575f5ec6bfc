// What was observed when a step went wrong, in a form any observer can give (a metric gate,
// a monitored wait, a command's failed checks), and what that data says about a decision's
// questions: a question whose condition the data answers gets a proposed answer with the
// reason ("error rate 1.83% > 1% for 3 samples"). Pure: the engine records and asks.
import type { Decision, DecisionNode, Threshold } from '../runbook/model.js';
import { findThresholds } from '../runbook/thresholds.js';
import { compare, conversion, formatValue } from '../metrics/metric-units.js';
import { judgeTrend, type TrendSeries } from './trend.js';

/** One metric's samples as observed, oldest first. */
export interface ObservedSeries {
  metric: string;
  unit?: string;
  values: number[];
  /** Time between samples, when known: lets "for more than 2 minutes" be counted in samples. */
  intervalMs?: number;
}

export type Breach =
  /** A metric crossed a limit: `samples` is how many of the last samples crossed it in a row. */
  | {
      kind: 'metric';
      metric: string;
      unit?: string;
      values: number[];
      threshold: Threshold;
      samples: number;
      intervalMs?: number;
      /** The threshold is one that must hold ("availability >= 99.9%"): the breach is its NOT holding. */
      required?: true;
    }
  /** A check of a command failed (an expectation, an exit code): as the runbook words it, and what was seen. */
  | { kind: 'check'; text: string; actual?: string; commandId?: string };

/** The observed breach or failure that raises a decision. */
export interface BreachEvidence {
  /** What observed it. */
  source: 'gate' | 'wait' | 'check';
  /** The gate, wait or check as the runbook words it ("Abort if error rate > 1%"). */
  label: string;
  breaches: Breach[];
  /** Every series seen, breaching or not (data for the other questions); the breaches' own series are added. */
  series?: ObservedSeries[];
  /** Commands that ran cleanly (exit 0, no check failed): what they were, with their step's title, and the line that says so. */
  clean?: { text: string; why: string }[];
}

export interface Proposal {
  answer: string;
  why: string;
}

/** A condition judged on the data: whether it holds, and the reason in words. */
export interface Judgement {
  holds: boolean;
  why: string;
}

/** Every series the evidence carries, one per metric (the longest kept). */
export function seriesOf(evidence: BreachEvidence): ObservedSeries[] {
  const all: ObservedSeries[] = [...(evidence.series ?? [])];
  for (const b of evidence.breaches) {
    if (b.kind !== 'metric') continue;
    all.push({ metric: b.metric, values: b.values, ...(b.unit ? { unit: b.unit } : {}), ...(b.intervalMs ? { intervalMs: b.intervalMs } : {}) });
  }
  const byName = new Map<string, ObservedSeries>();
  for (const s of all) {
    const key = metricKey(s.metric);
    const had = byName.get(key);
    if (!had || s.values.length > had.values.length) byName.set(key, s);
  }
  return [...byName.values()];
}

/** "Error Rate", "error_rate", "ErrorRate" are one metric. */
export function metricKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** One line per breach: "error rate 1.83% > 1% for 3 samples", "check failed: HTTP 200 (got 503)". */
export function breachLines(evidence: BreachEvidence): string[] {
  return evidence.breaches.map((b) => {
    switch (b.kind) {
      case 'metric': {
        const last = b.values[b.values.length - 1];
        const conv = conversion(b.unit, b.threshold.unit);
        const unit = b.threshold.unit ?? b.unit;
        const shown = last === undefined ? '?' : formatValue(conv.ok ? last * conv.factor : last, conv.ok ? unit : b.unit);
        const limit = `${b.threshold.comparator} ${formatValue(b.threshold.value, b.threshold.unit)}`;
        return `${b.metric} ${shown}${b.required ? `, not ${limit} as required,` : ` ${limit}`} for ${b.samples} sample${b.samples === 1 ? '' : 's'}`;
      }
      case 'check':
        return `check failed: ${b.text}${b.actual !== undefined ? ` (got ${b.actual})` : ''}`;
      default: {
        const never: never = b;
        return never;
      }
    }
  });
}

/** Why the step that saw it failed: "gate NO-GO: Abort if error rate > 1%". */
export function failureReason(evidence: BreachEvidence): string {
  switch (evidence.source) {
    case 'gate':
      return `gate NO-GO: ${evidence.label}`;
    case 'check':
      return `check failed: ${evidence.label}`;
    case 'wait':
      return `limit crossed during the wait: ${evidence.label}`;
    default: {
      const never: never = evidence.source;
      return never;
    }
  }
}

/** A range: "Error Rate 1-5%", "error rate between 1 and 5%" (both ends included). */
interface Range {
  metric: string;
  lo: number;
  hi: number;
  unit?: string;
}

const RANGE =
  /\b((?:p\d{2}\s+)?[a-z][a-z0-9 _]*?(?:rate|latency|availability|usage|time|failures|percentage|duration))\s*(?:between|from|of|:|is|in)?\s*(\d+(?:\.\d+)?)\s*(%|ms|s)?\s*(?:-|–|to|and)\s*(\d+(?:\.\d+)?)\s*(%|ms|s)?/i;

function rangeIn(text: string): Range | undefined {
  const m = RANGE.exec(text);
  if (!m || !m[1] || !m[2] || !m[4]) return undefined;
  const unit = m[5] ?? m[3];
  return { metric: m[1].trim(), lo: Number(m[2]), hi: Number(m[4]), ...(unit ? { unit } : {}) };
}

/** "for 3 samples" -> 3; "for more than 2 minutes", "for 2+ minutes" -> the samples that span it; else 1 (the latest). */
function samplesNeeded(text: string, series: ObservedSeries): number {
  const n = /\bfor\s+(\d+)\+?\s+(?:consecutive\s+)?samples?\b/i.exec(text);
  if (n?.[1]) return Math.max(1, Number(n[1]));
  const d = /\bfor\s+(more than\s+|over\s+|at least\s+)?(\d+(?:\.\d+)?)\+?\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|h)\b/i.exec(text);
  if (d?.[2] && d[3] && series.intervalMs) {
    const unit = d[3].toLowerCase();
    const ms = Number(d[2]) * (unit.startsWith('h') ? 3_600_000 : unit === 's' || unit.startsWith('sec') ? 1000 : 60_000);
    // "more than 2 minutes" of samples every minute: 3 samples span more than 2 minutes
    return Math.max(1, Math.floor(ms / series.intervalMs) + (d[1] ? 1 : 0));
  }
  return 1;
}

/** How many of the last values, in a row, satisfy `holds`. */
function trailing(values: readonly number[], holds: (v: number) => boolean): number {
  let n = 0;
  for (let i = values.length - 1; i >= 0 && holds(values[i] as number); i--) n++;
  return n;
}

function seriesFor(all: readonly ObservedSeries[], metric: string): ObservedSeries | undefined {
  const key = metricKey(metric);
  return all.find((s) => metricKey(s.metric) === key) ?? all.find((s) => key.length >= 4 && (metricKey(s.metric).endsWith(key) || key.endsWith(metricKey(s.metric))));
}

function judgeThreshold(t: Threshold, s: ObservedSeries, text: string): Judgement | undefined {
  const conv = conversion(s.unit, t.unit);
  if (!conv.ok || s.values.length === 0) return undefined;
  const values = s.values.map((v) => v * conv.factor);
  const unit = t.unit ?? s.unit;
  const need = samplesNeeded(text, s);
  const run = trailing(values, (v) => compare(v, t.comparator, t.value));
  const last = formatValue(values[values.length - 1] as number, unit);
  const limit = `${t.comparator} ${formatValue(t.value, t.unit)}`;
  if (run >= need) return { holds: true, why: `${s.metric} ${last} ${limit} for ${run} sample${run === 1 ? '' : 's'}` };
  if (run === 0) return { holds: false, why: `${s.metric} ${last}, not ${limit}` };
  return { holds: false, why: `${s.metric} ${limit} for only ${run} of the ${need} samples needed` };
}

function judgeRange(r: Range, s: ObservedSeries, text: string): Judgement | undefined {
  const conv = conversion(s.unit, r.unit);
  if (!conv.ok || s.values.length === 0) return undefined;
  const values = s.values.map((v) => v * conv.factor);
  const unit = r.unit ?? s.unit;
  const need = samplesNeeded(text, s);
  const run = trailing(values, (v) => v >= r.lo && v <= r.hi);
  const last = formatValue(values[values.length - 1] as number, unit);
  const span = `${formatValue(r.lo, r.unit)}–${formatValue(r.hi, r.unit)}`;
  if (run >= need) return { holds: true, why: `${s.metric} ${last} within ${span} for ${run} sample${run === 1 ? '' : 's'}` };
  return { holds: false, why: `${s.metric} ${last}, not within ${span}` };
}

/** Judges one condition or question ("Error Rate > 5%?", "P95 latency exceeds 3 seconds consistently") on the data; undefined when the data does not speak to it. */
export function judgeCondition(text: string, series: readonly ObservedSeries[], extra: readonly Threshold[] = []): Judgement | undefined {
  const range = rangeIn(text);
  if (range) {
    const s = seriesFor(series, range.metric);
    if (s) return judgeRange(range, s, text);
  }
  const thresholds = [...findThresholds(text), ...extra.filter((x) => metricKey(text).includes(metricKey(x.metric)))];
  for (const t of thresholds) {
    const s = seriesFor(series, t.metric);
    const j = s ? judgeThreshold(t, s, text) : undefined;
    if (j) return j;
  }
  return undefined;
}

const YES = /^(yes|y|true|go|proceed)$/i;
const NO = /^(no|n|false)$/i;

/** The answers a yes/no question reads as yes and as no; undefined when its answers are not yes/no. */
function yesNo(node: DecisionNode): { yes: string; no: string } | undefined {
  const yes = node.answers.find((a) => YES.test(a.label.trim()))?.label;
  const no = node.answers.find((a) => NO.test(a.label.trim()))?.label;
  return yes !== undefined && no !== undefined ? { yes, no } : undefined;
}

/** Each condition of a list question with what the data says (undefined: no data for it). */
export function conditionJudgements(node: DecisionNode, series: readonly ObservedSeries[]): Map<string, Judgement> {
  const out = new Map<string, Judgement>();
  for (const c of node.conditions ?? []) {
    const j = judgeCondition(c, series, node.thresholds);
    if (j) out.set(c, j);
  }
  return out;
}

const FAILING = /\b(fail|fails|failed|failing|failure|errors?|down|unhealthy|broken)\b/i;
const FAILING_ALL = new RegExp(FAILING.source, 'gi');
const words = (s: string): string[] => s.toLowerCase().match(/[a-z]{4,}/g) ?? [];
/** Words of one subject share their first six letters ("validation" / "validate", "health" / "healthy"). */
const stem = (w: string): string => w.slice(0, 6);

/** Words that name no particular subject: "ANY test fails?", "Anything failing?" ask about every check. */
const GENERIC = /\b(still|any|anything|something|check|checks|test|tests|item|items|these|above)\b/gi;

/** Whether `seen` names what a question about failing asks about (its words other than the failing ones); a question that names nothing in particular asks about anything. */
function namesSubject(question: string, seen: string): boolean {
  const asked = words(question.replace(FAILING_ALL, '').replace(GENERIC, '')).map(stem);
  if (asked.length === 0) return true;
  const stems = new Set(words(seen).map(stem));
  return asked.some((w) => stems.has(w));
}

/**
 * A question about failing that names what a command checked ("Health checks fail?" after the
 * health check, "Validation fails?" after the validate step): yes when one of its checks
 * failed, no when it ran cleanly.
 */
function judgeFailure(text: string, evidence: BreachEvidence, stepTitle: string): Judgement | undefined {
  if (!FAILING.test(text)) return undefined;
  const checks = evidence.breaches.filter((b) => b.kind === 'check');
  for (const b of checks) {
    if (namesSubject(text, `${b.text} ${stepTitle}`)) return { holds: true, why: `check failed: ${b.text}${b.actual !== undefined ? ` (got ${b.actual})` : ''}` };
  }
  const clean = checks.length === 0 ? evidence.clean?.find((c) => namesSubject(text, c.text)) : undefined;
  return clean ? { holds: false, why: clean.why } : undefined;
}

/**
 * The answer the data proposes for a question, with why: a list question is yes when one of its
 * conditions holds (no when every condition is answered and none holds); a question naming a
 * metric is judged on that metric; a question about failing is yes when a failed check names
 * what it asks about, no when the command that checked it ran cleanly. Undefined when the data does not answer it (the operator chooses alone).
 */
export function proposeAnswer(node: DecisionNode, evidence: BreachEvidence, stepTitle = ''): Proposal | undefined {
  const labels = yesNo(node);
  if (!labels) return undefined;
  const series = seriesOf(evidence);
  const conditions = node.conditions ?? [];
  if (conditions.length > 0) {
    const judged = conditionJudgements(node, series);
    const hit = [...judged.values()].find((j) => j.holds);
    if (hit) return { answer: labels.yes, why: hit.why };
    const failure = conditions.map((c) => judgeFailure(c, evidence, stepTitle)).find((j) => j?.holds);
    if (failure) return { answer: labels.yes, why: failure.why };
    if (judged.size === conditions.length) return { answer: labels.no, why: [...judged.values()].map((j) => j.why).join('; ') };
    return undefined;
  }
  const j = judgeCondition(node.question, series, node.thresholds) ?? judgeFailure(node.question, evidence, stepTitle) ?? judgeTrend(node.question, trendSeries(node.question, evidence));
  return j ? { answer: j.holds ? labels.yes : labels.no, why: j.why } : undefined;
}

/** The series of the limits crossed, for a question about their trend: one the question names first. */
function trendSeries(question: string, evidence: BreachEvidence): TrendSeries[] {
  const crossed = evidence.breaches.flatMap((b) => (b.kind === 'metric' ? [{ metric: b.metric, values: b.values, comparator: b.threshold.comparator, ...(b.unit ? { unit: b.unit } : {}) }] : []));
  const key = metricKey(question);
  return [...crossed.filter((c) => key.includes(metricKey(c.metric))), ...crossed.filter((c) => !key.includes(metricKey(c.metric)))];
}

/** What the data says about every list condition of a decision (nested questions too), by condition text; conditions it does not answer are left out. */
export function decisionConditions(decision: Decision, evidence: BreachEvidence): Record<string, Judgement> {
  const series = seriesOf(evidence);
  const out: Record<string, Judgement> = {};
  const visit = (node: DecisionNode): void => {
    for (const [text, j] of conditionJudgements(node, series)) out[text] = j;
    for (const a of node.answers) if (a.outcome.kind === 'question') visit(a.outcome.node);
  };
  decision.questions.forEach(visit);
  return out;
}
