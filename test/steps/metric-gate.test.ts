import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../src/metrics/metric-source.js';
import type { Comparator, Gate, Threshold } from '../../src/runbook/model.js';
import { aggregate, describeEvaluation, evaluateGate } from '../../src/steps/metric-gate.js';
import { compare, conversion, formatValue } from '../../src/metrics/metric-units.js';

function gate(mode: Gate['mode'], thresholds: Threshold[], extra: Partial<Gate> = {}): Gate {
  return { id: 'gate-1', line: 1, text: 'the gate', thresholds, mode, ...extra };
}

function series(metric: string, values: number[], unit?: string): MetricSeries {
  return { metric, ...(unit ? { unit } : {}), points: values.map((value, i) => ({ t: i * 1000, value })) };
}

const t = (metric: string, comparator: Comparator, value: number, unit?: string): Threshold => ({ metric, comparator, value, ...(unit ? { unit } : {}) });

describe('compare', () => {
  it.each<[number, Comparator, number, boolean]>([
    [1, '<', 2, true],
    [2, '<', 2, false],
    [2, '<=', 2, true],
    [3, '<=', 2, false],
    [3, '>', 2, true],
    [2, '>', 2, false],
    [2, '>=', 2, true],
    [1, '>=', 2, false],
    [2, '==', 2, true],
    [2.5, '==', 2, false],
    [2.5, '!=', 2, true],
    [2, '!=', 2, false],
  ])('%d %s %d is %s', (v, c, limit, want) => {
    expect(compare(v, c, limit)).toBe(want);
  });
});

describe('abort-if gates', () => {
  it('is GO when no sample crosses the limit, and reports the worst sample', () => {
    const e = evaluateGate(gate('abort-if', [t('error rate', '>', 1, '%')]), [series('error rate', [0.2, 0.4, 0.3], '%')]);
    expect(e.verdict).toBe('go');
    expect(e.outcomes[0]?.actual).toBe(0.4);
    expect(describeEvaluation(e)).toBe('GO: error rate max 0.4% (abort limit > 1%)');
  });

  it('is NO-GO when any one sample crosses it', () => {
    const e = evaluateGate(gate('abort-if', [t('error rate', '>', 1, '%')]), [series('error rate', [0.2, 1.5, 0.3], '%')]);
    expect(e.verdict).toBe('no-go');
    expect(e.outcomes[0]).toMatchObject({ result: 'fail', actual: 1.5 });
  });

  it('is NO-GO when any one of several thresholds is crossed', () => {
    const g = gate('abort-if', [t('error rate', '>', 1, '%'), t('P95 latency', '>', 2000, 'ms')]);
    const e = evaluateGate(g, [series('error rate', [0.2, 0.3]), series('p95 latency', [1800, 2400], 'ms')]);
    expect(e.verdict).toBe('no-go');
    expect(e.outcomes.map((o) => o.result)).toEqual(['pass', 'fail']);
  });

  it('judges a lower limit on the smallest sample', () => {
    const e = evaluateGate(gate('abort-if', [t('availability', '<', 99.9, '%')]), [series('Availability', [99.99, 99.5, 100], '%')]);
    expect(e.verdict).toBe('no-go');
    expect(e.outcomes[0]?.actual).toBe(99.5);
  });
});

describe('require gates', () => {
  it('is GO only when every sample holds every threshold', () => {
    const g = gate('require', [t('error rate', '<', 1, '%'), t('availability', '>=', 99.9, '%')]);
    expect(evaluateGate(g, [series('error rate', [0.1, 0.9]), series('availability', [99.95, 99.9])]).verdict).toBe('go');
    const bad = evaluateGate(g, [series('error rate', [0.1, 0.9]), series('availability', [99.95, 99.8])]);
    expect(bad.verdict).toBe('no-go');
    expect(bad.outcomes[1]).toMatchObject({ result: 'fail', actual: 99.8 });
  });

  it('== and != look at each sample', () => {
    expect(evaluateGate(gate('require', [t('failed requests', '==', 0)]), [series('failed requests', [0, 0, 1])]).verdict).toBe('no-go');
    expect(evaluateGate(gate('require', [t('failed requests', '==', 0)]), [series('failed requests', [0, 0])]).verdict).toBe('go');
    expect(evaluateGate(gate('abort-if', [t('failed requests', '!=', 0)]), [series('failed requests', [0, 2])]).verdict).toBe('no-go');
  });
});

describe('units', () => {
  it('converts seconds to the threshold milliseconds', () => {
    const g = gate('abort-if', [t('p95 latency', '>', 2000, 'ms')]);
    const e = evaluateGate(g, [series('p95 latency', [1.2, 2.5], 's')]);
    expect(e.verdict).toBe('no-go');
    expect(e.outcomes[0]?.actual).toBe(2500);
    expect(e.outcomes[0]?.detail).toContain('2500ms');
  });

  it('converts milliseconds to a threshold in seconds, and Azure spellings', () => {
    const g = gate('require', [t('latency', '<', 2, 's')]);
    expect(evaluateGate(g, [series('latency', [900, 1900], 'MilliSeconds')]).verdict).toBe('go');
    expect(evaluateGate(g, [series('latency', [900, 2100], 'milliseconds')]).verdict).toBe('no-go');
    expect(conversion('Percent', '%')).toEqual({ ok: true, factor: 1 });
    expect(conversion('min', 's')).toEqual({ ok: true, factor: 60 });
  });

  it('a unit that cannot be converted leaves the gate unverified, never passed', () => {
    const e = evaluateGate(gate('abort-if', [t('error rate', '>', 1, '%')]), [series('error rate', [5], 'ms')]);
    expect(e.verdict).toBe('unverified');
    expect(e.outcomes[0]?.detail).toContain('samples are in ms but the threshold is in %');
  });

  it('a series without a unit is taken in the threshold unit', () => {
    expect(evaluateGate(gate('abort-if', [t('error rate', '>', 1, '%')]), [series('error rate', [0.5])]).verdict).toBe('go');
  });

  it('formats values with their unit', () => {
    expect(formatValue(0.4, '%')).toBe('0.4%');
    expect(formatValue(1800, 'ms')).toBe('1800ms');
    expect(formatValue(2, 'min')).toBe('2 min');
    expect(formatValue(1 / 3, undefined)).toBe('0.333');
  });
});

describe('matching series to thresholds', () => {
  it('a threshold with no series is unverified', () => {
    const g = gate('abort-if', [t('error rate', '>', 1, '%'), t('p95 latency', '>', 2000, 'ms')]);
    const e = evaluateGate(g, [series('error rate', [0.1])]);
    expect(e.verdict).toBe('unverified');
    expect(e.outcomes[1]?.detail).toBe('p95 latency: no samples');
  });

  it('the only series of a one-metric gate is judged whatever it is called', () => {
    const g = gate('abort-if', [t('error rate', '>', 1, '%')]);
    expect(evaluateGate(g, [series('requests/failed', [3], '%')]).verdict).toBe('no-go');
  });

  it('an empty series is unverified', () => {
    expect(evaluateGate(gate('abort-if', [t('error rate', '>', 1)]), [series('error rate', [])]).verdict).toBe('unverified');
  });
});

describe('aggregation from the metric block', () => {
  it('judges the average instead of the worst sample', () => {
    const g = gate('abort-if', [t('error rate', '>', 1, '%')], { source: { kind: 'simulated', aggregation: 'avg' } });
    const e = evaluateGate(g, [series('error rate', [0.1, 2.5, 0.1, 0.1])]);
    expect(e.verdict).toBe('go');
    expect(e.outcomes[0]?.detail).toContain('avg 0.7%');
  });

  it('computes p95, max, min, last, sum and count', () => {
    const v = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(aggregate(v, 'p95')).toBe(19);
    expect(aggregate(v, 'max')).toBe(20);
    expect(aggregate(v, 'min')).toBe(1);
    expect(aggregate(v, 'last')).toBe(20);
    expect(aggregate(v, 'sum')).toBe(210);
    expect(aggregate(v, 'count')).toBe(20);
    expect(aggregate(v, 'median-ish')).toBeUndefined();
  });

  it('an unknown aggregation leaves the gate unverified', () => {
    const g = gate('abort-if', [t('error rate', '>', 1)], { source: { kind: 'simulated', aggregation: 'median-ish' } });
    expect(evaluateGate(g, [series('error rate', [0.1])]).verdict).toBe('unverified');
  });
});
