// A monitored wait's samples against its abort criteria: which criteria a watched metric
// answers, and whether one sample breaks one. 'abort-if': the condition true is a breach;
// 'require': the condition false is. Units convert as for gates ("p95 < 2s" on milliseconds).
import type { WaitCriterion } from '../runbook/wait-model.js';
import { formatThreshold, normaliseMetric } from '../runbook/thresholds.js';
import { compare, conversion } from '../metrics/metric-units.js';

/** Whether a criterion's metric is this watched metric: the same name, or one the start of the other ("P95" and "p95 latency"). */
export function sameWatched(criterionMetric: string, watched: string): boolean {
  const a = normaliseMetric(criterionMetric);
  const b = normaliseMetric(watched);
  return a === b || b.startsWith(`${a} `) || a.startsWith(`${b} `);
}

/** The criteria judged on a watched metric. */
export function criteriaOn(watched: string, criteria: readonly WaitCriterion[]): WaitCriterion[] {
  return criteria.filter((c) => sameWatched(c.threshold.metric, watched));
}

/** Whether one sample (in `unit`) breaks the criterion; undefined when the units cannot be compared. */
export function breaks(c: WaitCriterion, value: number, unit: string | undefined): boolean | undefined {
  const conv = conversion(unit, c.threshold.unit);
  if (!conv.ok) return undefined;
  const holds = compare(value * conv.factor, c.threshold.comparator, c.threshold.value);
  return c.mode === 'abort-if' ? holds : !holds;
}

const FROM: Record<WaitCriterion['from'], string> = { annotation: 'annotation', step: 'this step', section: 'this section', rollback: 'rollback list' };

/** "error rate > 1% (rollback list)", "need availability >= 99.9% (this section)". */
export function criterionText(c: WaitCriterion): string {
  return `${c.mode === 'require' ? 'need ' : ''}${formatThreshold(c.threshold)} (${FROM[c.from]})`;
}
