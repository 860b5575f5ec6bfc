import { describe, expect, it } from 'vitest';
import { SimulatedSource, simulatedOptionsFromEnv } from '../../src/metrics/simulated-source.js';
import { SimulatedWaitSeries } from '../../src/metrics/simulated-wait.js';
import type { Gate, MetricSourceSpec, Threshold } from '../../src/runbook/model.js';
import { evaluateGate } from '../../src/steps/metric-gate.js';

const now = () => Date.parse('2026-11-23T10:00:00Z');
const errorRate: Threshold = { metric: 'error rate', comparator: '>', value: 1, unit: '%' };
const latency: Threshold = { metric: 'P95 latency', comparator: '>', value: 2000, unit: 'ms' };
const availability: Threshold = { metric: 'Availability', comparator: '>=', value: 99.9, unit: '%' };

async function sample(source: SimulatedSource, spec: MetricSourceSpec, thresholds: Threshold[], mode: Gate['mode'] = 'abort-if') {
  return source.sample(spec, { windowMs: spec.windowMs ?? 300_000, thresholds, mode });
}

describe('the simulated metric source', () => {
  it('gives the same series for the same metric and seed, and another for another seed', async () => {
    const spec: MetricSourceSpec = { kind: 'simulated', metric: 'error rate', windowMs: 120_000, intervalMs: 10_000 };
    const a = await sample(new SimulatedSource({ now }), spec, [errorRate]);
    const b = await sample(new SimulatedSource({ now }), spec, [errorRate]);
    const c = await sample(new SimulatedSource({ now, seed: 'other' }), spec, [errorRate]);
    expect(a).toEqual(b);
    expect(a.points).toHaveLength(12);
    expect(c.points.map((p) => p.value)).not.toEqual(a.points.map((p) => p.value));
    expect(a.points[a.points.length - 1]?.t).toBe(now());
    expect(a.points[0]?.t).toBe(now() - 120_000);
  });

  it('stays on the safe side of abort-if and require thresholds by default', async () => {
    const source = new SimulatedSource({ now });
    for (const [metric, thresholds, mode] of [
      ['error rate', [errorRate], 'abort-if'],
      ['P95 latency', [latency], 'abort-if'],
      ['Availability', [availability], 'require'],
      ['error rate', [{ ...errorRate, comparator: '<' }], 'require'],
    ] as const) {
      const g: Gate = { id: 'g', line: 1, text: metric, thresholds: [...thresholds], mode };
      const s = await sample(source, { kind: 'simulated', metric }, [...thresholds], mode);
      expect(evaluateGate(g, [s]).verdict, metric).toBe('go');
    }
  });

  it('crosses every threshold when asked to breach (FLIGHTDECK_SIMULATE=breach)', async () => {
    const opts = simulatedOptionsFromEnv({ FLIGHTDECK_SIMULATE: 'breach' });
    expect(opts.breach).toBe(true);
    const source = new SimulatedSource({ ...opts, now });
    for (const [metric, thresholds, mode] of [
      ['error rate', [errorRate], 'abort-if'],
      ['P95 latency', [latency], 'abort-if'],
      ['Availability', [availability], 'require'],
    ] as const) {
      const g: Gate = { id: 'g', line: 1, text: metric, thresholds: [...thresholds], mode };
      const s = await sample(source, { kind: 'simulated', metric }, [...thresholds], mode);
      expect(evaluateGate(g, [s]).verdict, metric).toBe('no-go');
      // the start of the window still looks healthy: the breach is a trend to spot
      expect(evaluateGate(g, [{ ...s, points: s.points.slice(0, 2) }]).verdict, metric).toBe('go');
    }
  });

  it('reads thresholds of one metric written in different units in the series unit ("> 2000ms" and "exceeds 3 seconds")', async () => {
    const seconds: Threshold = { metric: 'P95 latency', comparator: '>', value: 3, unit: 's' };
    const g: Gate = { id: 'g', line: 1, text: 'latency', thresholds: [latency, seconds], mode: 'abort-if' };
    const safe = await sample(new SimulatedSource({ now }), { kind: 'simulated', metric: 'P95 latency' }, [latency, seconds]);
    expect(safe.unit).toBe('ms');
    // on the safe side of the tighter limit, in milliseconds: hundreds, not "0.9ms"
    expect(Math.min(...safe.points.map((p) => p.value))).toBeGreaterThan(100);
    expect(evaluateGate(g, [safe]).verdict).toBe('go');
    const breach = await sample(new SimulatedSource({ now, breach: true }), { kind: 'simulated', metric: 'P95 latency' }, [latency, seconds]);
    expect(evaluateGate(g, [breach]).verdict).toBe('no-go');
  });

  it('a simulated wait series on mixed-unit criteria stays safe in the series unit, and its breach crosses them', () => {
    const criteria = [
      { threshold: latency, mode: 'abort-if' as const },
      { threshold: { metric: 'P95 latency', comparator: '>' as const, value: 3, unit: 's' }, mode: 'abort-if' as const },
    ];
    const safe = new SimulatedWaitSeries({ metric: 'P95 latency', criteria });
    expect(safe.unit).toBe('ms');
    const values = Array.from({ length: 20 }, (_, i) => safe.valueAt(i, i / 19));
    expect(Math.min(...values)).toBeGreaterThan(100);
    expect(Math.max(...values)).toBeLessThan(2000);
    const breach = new SimulatedWaitSeries({ metric: 'P95 latency', criteria }, { breach: true });
    expect(breach.valueAt(19, 1)).toBeGreaterThan(2000);
  });

  it('replays the values of a metric block, and breaches their tail on request', async () => {
    const spec: MetricSourceSpec = { kind: 'simulated', metric: 'error rate', unit: '%', values: [0.2, 0.3, 0.25, 0.4, 0.3] };
    const calm = await sample(new SimulatedSource({ now }), spec, [errorRate]);
    expect(calm.points.map((p) => p.value)).toEqual([0.2, 0.3, 0.25, 0.4, 0.3]);
    expect(calm.unit).toBe('%');
    const hot = await sample(new SimulatedSource({ now, breach: true }), spec, [errorRate]);
    expect(hot.points.slice(0, 3).map((p) => p.value)).toEqual([0.2, 0.3, 0.25]);
    expect(Math.max(...hot.points.map((p) => p.value))).toBeGreaterThan(1);
  });

  it('reads a seed from FLIGHTDECK_SIMULATE and ignores other words', () => {
    expect(simulatedOptionsFromEnv({ FLIGHTDECK_SIMULATE: 'seed=abc' })).toEqual({ breach: false, seed: 'abc' });
    expect(simulatedOptionsFromEnv({})).toEqual({ breach: false });
  });

  it('reports each point as it arrives and stops when cancelled', async () => {
    const seen: number[] = [];
    const source = new SimulatedSource({ now, paceMs: 5 });
    const s = await source.sample({ kind: 'simulated', metric: 'cpu' }, { windowMs: 60_000, onPoint: (x) => seen.push(x.points.length) });
    expect(seen).toEqual(s.points.map((_, i) => i + 1));
    const abort = new AbortController();
    const slow = new SimulatedSource({ now, paceMs: 1000 });
    const p = slow.sample({ kind: 'simulated', metric: 'cpu' }, { windowMs: 60_000, signal: abort.signal });
    abort.abort();
    await expect(p).rejects.toThrow(/cancelled/);
  });
});
