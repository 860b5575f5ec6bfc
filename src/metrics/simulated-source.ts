// The offline metric source behind --simulate: a plausible, deterministic series per metric
// name and seed. By default it stays on the safe side of the runbook's thresholds; with
// FLIGHTDECK_SIMULATE=breach (or `breach: true`) the tail of the window crosses them, so a
// no-go can be practised in a rehearsal.
import type { MetricSourceSpec } from '../runbook/model.js';
import { normaliseMetric } from '../runbook/thresholds.js';
import { intervalOf, sleep, windowOf, type MetricPoint, type MetricSeries, type MetricSource, type SampleOptions } from './metric-source.js';
import { conversion } from './metric-units.js';

export interface SimulatedSourceOptions {
  seed?: string;
  /** Push the end of every series past its threshold. */
  breach?: boolean;
  /** Keep every series on the safe side, whatever values the runbook scripts. */
  healthy?: boolean;
  /** Wait between points, so a live view can show them arrive (default 0). */
  paceMs?: number;
  /** The end of the window (default: now). */
  now?: () => number;
}

/** Reads FLIGHTDECK_SIMULATE: `breach` makes gates fail, `healthy` keeps them safe (scripted values ignored); `seed=x` changes the series. */
export function simulatedOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatedSourceOptions {
  const raw = (env['FLIGHTDECK_SIMULATE'] ?? '').toLowerCase();
  const parts = raw.split(/[,\s]+/).filter(Boolean);
  const seed = parts.find((p) => p.startsWith('seed='))?.slice(5);
  return { breach: parts.includes('breach'), ...(parts.includes('healthy') ? { healthy: true } : {}), ...(seed ? { seed } : {}) };
}

/** The number of points a window holds at its interval (at least 5, at most 60). */
export function pointCount(spec: MetricSourceSpec): number {
  return Math.min(60, Math.max(5, Math.floor(windowOf(spec) / Math.max(1, intervalOf(spec)))));
}

export class SimulatedSource implements MetricSource {
  readonly kind = 'simulated' as const;

  constructor(private readonly opts: SimulatedSourceOptions = {}) {}

  async sample(spec: MetricSourceSpec, opts: SampleOptions): Promise<MetricSeries> {
    const metric = spec.metric ?? opts.thresholds?.[0]?.metric ?? 'metric';
    const unit = spec.unit ?? opts.thresholds?.find((t) => sameMetric(t.metric, metric))?.unit ?? guessUnit(metric);
    const values = this.values(spec, metric, unit, opts);
    const end = (this.opts.now ?? Date.now)();
    const step = values.length > 1 ? opts.windowMs / (values.length - 1) : 0;
    const series: MetricSeries = { metric, ...(unit ? { unit } : {}), points: [] };
    for (const [i, value] of values.entries()) {
      if (this.opts.paceMs && i > 0) await sleep(this.opts.paceMs, opts.signal);
      const point: MetricPoint = { t: Math.round(end - opts.windowMs + i * step), value };
      series.points = [...series.points, point];
      opts.onPoint?.(series);
    }
    return series;
  }

  private values(spec: MetricSourceSpec, metric: string, unit: string | undefined, hints: Pick<SampleOptions, 'thresholds' | 'mode'>): number[] {
    const limits = boundsOf(metric, hints, unit);
    const breach = this.opts.breach === true;
    if (spec.values && spec.values.length > 0 && this.opts.healthy !== true) {
      return breach ? breachTail(spec.values, limits) : [...spec.values];
    }
    const rand = mulberry32(hash(`${this.opts.seed ?? 'flightdeck'}|${metric.toLowerCase()}`));
    const n = pointCount(spec);
    const { lo, hi } = safeBand(metric, limits);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(round(lo + (hi - lo) * rand()));
    return breach ? breachTail(out, limits) : out;
  }
}

export interface Bounds {
  /** Values must stay below this to be safe. */
  upper?: number;
  /** Values must stay above this to be safe. */
  lower?: number;
}

/**
 * The safe side of each threshold on this metric, whatever the wording (abort-if or require),
 * in the series' `unit`: "p95 > 2000ms" and "p95 exceeds 3 seconds" on one series in ms
 * bound it at 2000, not at 3. A threshold in a unit that does not convert is left out.
 */
export function boundsOf(metric: string, hints: Pick<SampleOptions, 'thresholds' | 'mode'>, unit?: string): Bounds {
  const b: Bounds = {};
  for (const t of hints.thresholds ?? []) {
    if (!sameMetric(t.metric, metric)) continue;
    const up = t.comparator === '>' || t.comparator === '>=';
    const down = t.comparator === '<' || t.comparator === '<=';
    if (!up && !down) continue;
    const conv = conversion(t.unit, unit);
    if (!conv.ok) continue;
    const limit = t.value * conv.factor;
    // abort-if "x > L" and require "x < L" both mean: stay below L
    const staysBelow = hints.mode === 'require' ? down : up;
    if (staysBelow) b.upper = Math.min(b.upper ?? Infinity, limit);
    else b.lower = Math.max(b.lower ?? -Infinity, limit);
  }
  return b;
}

export function safeBand(metric: string, b: Bounds): { lo: number; hi: number } {
  if (b.upper !== undefined && b.lower !== undefined) {
    const gap = b.upper - b.lower;
    return { lo: b.lower + gap * 0.3, hi: b.lower + gap * 0.7 };
  }
  if (b.upper !== undefined) return { lo: b.upper * 0.2, hi: b.upper * 0.6 };
  if (b.lower !== undefined) {
    // "availability >= 99.9%": between the limit and 100
    if (b.lower > 0 && b.lower < 100 && b.lower >= 90) return { lo: b.lower + (100 - b.lower) * 0.4, hi: 100 };
    return { lo: b.lower * 1.3, hi: b.lower * 1.8 };
  }
  const m = metric.toLowerCase();
  if (/error|fail/.test(m)) return { lo: 0.1, hi: 0.5 };
  if (/latency|duration|response|p\d\d/.test(m)) return { lo: 150, hi: 400 };
  if (/availability|uptime|success/.test(m)) return { lo: 99.95, hi: 100 };
  if (/cpu|memory/.test(m)) return { lo: 30, hi: 60 };
  return { lo: 10, hi: 20 };
}

/** The last third of the series crosses the limit. */
function breachTail(values: readonly number[], b: Bounds): number[] {
  const out = [...values];
  const from = Math.max(1, Math.floor((out.length * 2) / 3));
  for (let i = from; i < out.length; i++) {
    const k = 1 + (i - from + 1) / (out.length - from + 1);
    if (b.upper !== undefined) out[i] = round(Math.max(b.upper, 0.01) * (1 + k * 0.5));
    else if (b.lower !== undefined) out[i] = round(b.lower >= 90 && b.lower < 100 ? b.lower - k * Math.max(1, 100 - b.lower) : b.lower * (1 - k * 0.3));
    else out[i] = round((out[i] ?? 1) * (2 + k));
  }
  return out;
}

function sameMetric(a: string, b: string): boolean {
  return normaliseMetric(a) === normaliseMetric(b);
}

export { normaliseMetric };

export function guessUnit(metric: string): string | undefined {
  const m = metric.toLowerCase();
  if (/error|fail|availability|uptime|success|cpu|memory/.test(m)) return '%';
  if (/latency|duration|response|p\d\d/.test(m)) return 'ms';
  return undefined;
}

export function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A small seeded PRNG: the same seed gives the same series on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
