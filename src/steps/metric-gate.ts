// Go / no-go: a gate's thresholds judged against the series its sources returned.
//
// Each threshold is judged on every sample (the worst one decides) unless the metric block
// names an aggregation (avg, max, min, last, sum, p95...), which is judged instead.
// 'abort-if': a threshold whose condition is true means no-go.
// 'require': every threshold's condition must hold for go.
// A threshold with no samples, or samples in a unit that cannot be converted, is unverified:
// the gate is then neither go nor no-go and the operator decides.
import type { Gate, Threshold } from '../runbook/model.js';
import type { MetricSeries } from '../metrics/metric-source.js';
import { normaliseMetric } from '../metrics/simulated-source.js';
import { compare, conversion, formatValue } from '../metrics/metric-units.js';

export type ThresholdResult = 'pass' | 'fail' | 'unverified';
export type GateVerdict = 'go' | 'no-go' | 'unverified';

export interface ThresholdOutcome {
  threshold: Threshold;
  result: ThresholdResult;
  /** The series judged (absent when none matched). */
  metric?: string;
  /** The deciding value, in the threshold's unit. */
  actual?: number;
  /** What the operator reads: "error rate max 0.4% (limit > 1%)", or why it is unverified. */
  detail: string;
}

export interface GateEvaluation {
  gateId: string;
  mode: Gate['mode'];
  verdict: GateVerdict;
  outcomes: ThresholdOutcome[];
}


/** The series a threshold is judged on: same metric name, else the only series when the gate watches one metric. */
export function seriesFor(threshold: Threshold, gate: Pick<Gate, 'thresholds'>, series: readonly MetricSeries[]): MetricSeries | undefined {
  const name = normaliseMetric(threshold.metric);
  const named = series.find((s) => normaliseMetric(s.metric) === name);
  if (named) return named;
  const metrics = new Set(gate.thresholds.map((t) => normaliseMetric(t.metric)));
  return series.length === 1 && metrics.size === 1 ? series[0] : undefined;
}

export function aggregate(values: readonly number[], aggregation: string): number | undefined {
  if (values.length === 0) return undefined;
  const a = aggregation.trim().toLowerCase();
  const sorted = [...values].sort((x, y) => x - y);
  const p = /^p(\d{1,2})$/.exec(a);
  if (p) {
    const rank = Math.ceil((Number(p[1]) / 100) * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
  }
  switch (a) {
    case 'avg':
    case 'average':
    case 'mean':
      return values.reduce((s, v) => s + v, 0) / values.length;
    case 'max':
    case 'maximum':
      return sorted[sorted.length - 1];
    case 'min':
    case 'minimum':
      return sorted[0];
    case 'last':
    case 'latest':
      return values[values.length - 1];
    case 'sum':
    case 'total':
      return values.reduce((s, v) => s + v, 0);
    case 'count':
      return values.length;
    default:
      return undefined;
  }
}

function judge(threshold: Threshold, mode: Gate['mode'], values: readonly number[]): { result: 'pass' | 'fail'; actual: number; word: string } {
  const { comparator, value: limit } = threshold;
  const holds = (v: number): boolean => compare(v, comparator, limit);
  const upward = comparator === '>' || comparator === '>=';
  const downward = comparator === '<' || comparator === '<=';
  if (mode === 'abort-if') {
    const hit = values.find(holds);
    if (hit !== undefined) {
      const worst = upward ? Math.max(...values) : downward ? Math.min(...values) : hit;
      return { result: 'fail', actual: worst, word: upward ? 'max' : downward ? 'min' : 'got' };
    }
    return { result: 'pass', actual: upward ? Math.max(...values) : downward ? Math.min(...values) : (values[values.length - 1] ?? 0), word: upward ? 'max' : downward ? 'min' : 'last' };
  }
  const miss = values.find((v) => !holds(v));
  // require "x < L": the largest sample is the one that could break it
  const worst = downward ? Math.max(...values) : upward ? Math.min(...values) : (miss ?? values[values.length - 1] ?? 0);
  return { result: miss === undefined ? 'pass' : 'fail', actual: worst, word: downward ? 'max' : upward ? 'min' : miss === undefined ? 'last' : 'got' };
}

export function evaluateGate(gate: Gate, series: readonly MetricSeries[]): GateEvaluation {
  const outcomes = gate.thresholds.map((threshold): ThresholdOutcome => {
    const limitText = `${threshold.comparator} ${formatValue(threshold.value, threshold.unit)}`;
    const s = seriesFor(threshold, gate, series);
    if (!s || s.points.length === 0) {
      return { threshold, result: 'unverified', detail: `${threshold.metric}: no samples` };
    }
    const conv = conversion(s.unit, threshold.unit);
    if (!conv.ok) return { threshold, result: 'unverified', metric: s.metric, detail: `${threshold.metric}: ${conv.reason}` };
    const unit = threshold.unit ?? s.unit;
    let values = s.points.map((p) => p.value * conv.factor);
    let word: string | undefined;
    const how = gate.source?.aggregation;
    if (how) {
      const v = aggregate(values, how);
      if (v === undefined) return { threshold, result: 'unverified', metric: s.metric, detail: `${threshold.metric}: unknown aggregation "${how}"` };
      values = [v];
      word = how.toLowerCase();
    }
    const j = judge(threshold, gate.mode, values);
    const verb = gate.mode === 'abort-if' ? (j.result === 'fail' ? 'crossed abort limit' : 'abort limit') : j.result === 'fail' ? 'outside required' : 'required';
    return {
      threshold,
      result: j.result,
      metric: s.metric,
      actual: j.actual,
      detail: `${threshold.metric} ${word ?? j.word} ${formatValue(j.actual, unit)} (${verb} ${limitText})`,
    };
  });
  const verdict: GateVerdict = outcomes.some((o) => o.result === 'fail')
    ? 'no-go'
    : outcomes.some((o) => o.result === 'unverified') || outcomes.length === 0
      ? 'unverified'
      : 'go';
  return { gateId: gate.id, mode: gate.mode, verdict, outcomes };
}

/** One line for the check event and the screen: "GO: error rate max 0.4% (abort limit > 1%)". */
export function describeEvaluation(e: GateEvaluation): string {
  const word = e.verdict === 'go' ? 'GO' : e.verdict === 'no-go' ? 'NO-GO' : 'UNVERIFIED';
  return `${word}: ${e.outcomes.map((o) => o.detail).join('; ')}`;
}
