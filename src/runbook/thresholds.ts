// Numeric thresholds in prose, comments and tables: "Error rate < 1%", "P95 latency > 2000ms",
// "Availability >= 99.9%", "error rate exceeds 5%".
import type { Comparator, Threshold } from './model.js';
import { compiledOnFirstUse } from './text.js';

const METRIC = String.raw`(?:p\d{2}(?:\s*(?:latency|response[ _]?time|duration))?|(?:avg|average|mean)[ _]?(?:latency|response[ _]?time|duration)|latency|response[ _]?times?(?:\s*\(p\d{2}\))?|(?:error|failure|success|fail)[ _]?rate|availability(?:[ _]?percentage)?|uptime|cpu(?:[ _]usage)?|memory(?:[ _]usage)?|failed[ _]requests|dependency[ _]failures|time_total)`;
const COMPARATOR = String.raw`(<=|>=|≤|≥|==|!=|=<|=>|<|>|=|exceeds?|above|over|greater than|more than|higher than|below|under|less than|lower than|at least|no less than|at most|no more than)`;
const VALUE = String.raw`(\d+(?:\.\d+)?)(?!\.?\d)\s*(%|(?:ms|milliseconds?|seconds?|secs?|s|minutes?|mins?|m|hours?|h)\b)?`;
const FILLER = String.raw`(?:[\s:*(]|should|must|remains?|stays?|be|is|are|consistently|within|normal|range|sla)*`;

const IN_TEXT = compiledOnFirstUse(new RegExp(String.raw`\b(${METRIC})\b${FILLER}${COMPARATOR}\s*${VALUE}`, 'gi'));
const AT_START = compiledOnFirstUse(new RegExp(String.raw`^\s*${COMPARATOR}\s*${VALUE}`, 'i'));

function comparatorOf(word: string): Comparator {
  switch (word.toLowerCase()) {
    case '<':
    case 'below':
    case 'under':
    case 'less than':
    case 'lower than':
      return '<';
    case '<=':
    case '≤':
    case '=<':
    case 'at most':
    case 'no more than':
      return '<=';
    case '>=':
    case '≥':
    case '=>':
    case 'at least':
    case 'no less than':
      return '>=';
    case '==':
    case '=':
      return '==';
    case '!=':
      return '!=';
    default:
      return '>';
  }
}

function unitOf(unit: string | undefined): string | undefined {
  if (!unit) return undefined;
  const u = unit.toLowerCase();
  if (u === '%') return '%';
  if (u.startsWith('ms') || u.startsWith('milli')) return 'ms';
  if (u === 'm' || u.startsWith('min')) return 'min';
  if (u === 'h' || u.startsWith('hour')) return 'h';
  return 's';
}

function make(metric: string, cmp: string, value: string, unit: string | undefined): Threshold {
  const t: Threshold = { metric: metric.replace(/\s+/g, ' ').trim(), comparator: comparatorOf(cmp), value: Number(value) };
  const u = unitOf(unit);
  if (u) t.unit = u;
  return t;
}

/** Every "metric comparator value" in a line of text. */
const MAYBE = /[<>=≤≥]|exceed|above|over|greater|more than|higher|below|under|less|lower|at least|at most/i;

/** A word every METRIC alternative contains: most text with a comparator names no metric. */
const METRIC_WORD = /p\d\d|latency|response|duration|rate|availability|uptime|cpu|memory|requests|failures|time_total/i;

export function findThresholds(text: string): Threshold[] {
  if (!MAYBE.test(text)) return [];
  const clean = text.replace(/[*_`]{2,}|`/g, '');
  if (!METRIC_WORD.test(clean)) return [];
  const out: Threshold[] = [];
  for (const m of clean.matchAll(IN_TEXT())) {
    const [, metric, cmp, value, unit] = m;
    if (metric && cmp && value) out.push(make(metric, cmp, value, unit));
  }
  return out;
}

/** A table cell like "> 5% for 2+ minutes" under a "Threshold" column, for the metric in its row. */
export function thresholdFromCell(metric: string, cell: string): Threshold | undefined {
  const m = AT_START().exec(cell.replace(/[*`]/g, ''));
  if (!m || !m[1] || !m[2]) return undefined;
  return make(metric.replace(/[*`]/g, ''), m[1], m[2], m[3]);
}

/** "Abort if ...", "Rollback if ...": any threshold true means no-go. */
export function isAbortWording(text: string): boolean {
  return /\b(abort|roll ?back|no-go|stop|halt)\b/i.test(text);
}

export function formatThreshold(t: Threshold): string {
  return `${t.metric} ${t.comparator} ${t.value}${t.unit ?? ''}`;
}

/** "Error_Rate", "error-rate" and "error rate" name one metric. */
export function normaliseMetric(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}
