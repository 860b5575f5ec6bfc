// The data of `metric` and `check` audit events for a judged gate. The evidence report reads
// `name`, `unit`, `result`, `thresholds` ({metric, comparator, value, unit}) and `samples`
// ({t, v}) from a metric event (src/evidence/timeline.ts).
import type { Gate, Threshold } from '../runbook/model.js';
import type { ExpectationCheckData } from './event-data.js';
import type { CheckResult } from './types.js';
import type { MetricSeries, MetricSourceKind, Provenance } from '../metrics/metric-source.js';
import { describeEvaluation, seriesFor, type GateEvaluation } from '../steps/metric-gate.js';

export interface MetricSummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  last: number;
}

export interface MetricEventData extends Provenance {
  stepId: string;
  gateId: string;
  name: string;
  unit?: string;
  source: MetricSourceKind;
  windowMs: number;
  /** pass / fail / unverified for the thresholds judged on this series. */
  result: CheckResult;
  /** The verdict of the whole gate. */
  verdict: GateEvaluation['verdict'];
  thresholds: Threshold[];
  summary?: MetricSummary;
  samples: { t: string; v: number }[];
  error?: string;
}

export function summarise(series: MetricSeries): MetricSummary | undefined {
  const values = series.points.map((p) => p.value);
  const last = values[values.length - 1];
  if (last === undefined) return undefined;
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return {
    count: values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    mean: round(values.reduce((s, v) => s + v, 0) / values.length),
    last,
  };
}

export function metricEventData(
  stepId: string,
  gate: Gate,
  series: MetricSeries,
  all: readonly MetricSeries[],
  evaluation: GateEvaluation,
  source: MetricSourceKind,
  windowMs: number,
  error?: string,
): MetricEventData {
  const judged = evaluation.outcomes.filter((o) => seriesFor(o.threshold, gate, all) === series);
  const result: CheckResult = judged.some((o) => o.result === 'fail')
    ? 'fail'
    : judged.length > 0 && judged.every((o) => o.result === 'pass')
      ? 'pass'
      : 'unverified';
  const summary = summarise(series);
  return {
    stepId,
    gateId: gate.id,
    name: series.metric,
    ...(series.unit ? { unit: series.unit } : {}),
    source,
    windowMs,
    result,
    verdict: evaluation.verdict,
    thresholds: judged.map((o) => o.threshold),
    ...(summary ? { summary } : {}),
    samples: series.points.map((p) => ({ t: new Date(p.t).toISOString(), v: p.value })),
    ...(error ? { error } : {}),
    ...series.provenance,
  };
}

/** The one `check` event of a judged gate (go -> pass, no-go -> fail). */
export function gateCheckData(stepId: string, gate: Gate, evaluation: GateEvaluation, error?: string): ExpectationCheckData {
  const result: CheckResult = evaluation.verdict === 'go' ? 'pass' : evaluation.verdict === 'no-go' ? 'fail' : 'unverified';
  const actual = describeEvaluation(evaluation) + (error ? ` (${error})` : '');
  return { kind: 'expectation', stepId, commandId: gate.id, expected: gate.text, actual, result };
}
