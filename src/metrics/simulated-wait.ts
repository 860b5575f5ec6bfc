// The simulated numbers of a monitored wait under --simulate: one value per sample, as a
// function of how far through the wait it is, so a wait resumed half-way goes on where it
// was. The runbook's scripted `values` (a ```metric block) are replayed across the wait;
// otherwise a series on the safe side of the thresholds. FLIGHTDECK_SIMULATE=breach makes the
// second half climb past the limit; =healthy keeps every series safe, scripts ignored.
import type { MetricSourceSpec, Threshold } from '../runbook/model.js';
import { boundsOf, guessUnit, hash, mulberry32, round, safeBand, type SimulatedSourceOptions } from './simulated-source.js';

export interface WaitSeriesSpec {
  metric: string;
  /** The metric block naming this metric, when the runbook has one. */
  spec?: MetricSourceSpec;
  /** The criteria judged on it, with their modes. */
  criteria: readonly { threshold: Threshold; mode: 'abort-if' | 'require' }[];
}

export class SimulatedWaitSeries {
  readonly unit: string | undefined;
  private readonly band: { lo: number; hi: number };
  private readonly upper: number | undefined;
  private readonly lower: number | undefined;
  private readonly seed: number;

  constructor(
    private readonly s: WaitSeriesSpec,
    private readonly opts: SimulatedSourceOptions = {},
  ) {
    const t = s.criteria.map((c) => c.threshold);
    this.unit = s.spec?.unit ?? t[0]?.unit ?? guessUnit(s.metric);
    // every criterion as a bound on the safe side, whichever way it is worded
    const up = boundsOf(s.metric, { thresholds: s.criteria.filter((c) => c.mode === 'abort-if').map((c) => ({ ...c.threshold, metric: s.metric })), mode: 'abort-if' }, this.unit);
    const req = boundsOf(s.metric, { thresholds: s.criteria.filter((c) => c.mode === 'require').map((c) => ({ ...c.threshold, metric: s.metric })), mode: 'require' }, this.unit);
    this.upper = min(up.upper, req.upper);
    this.lower = max(up.lower, req.lower);
    this.band = safeBand(s.metric, { ...(this.upper !== undefined ? { upper: this.upper } : {}), ...(this.lower !== undefined ? { lower: this.lower } : {}) });
    this.seed = hash(`${opts.seed ?? 'flightdeck'}|wait|${s.metric.toLowerCase()}`);
  }

  /** The value of sample `index` taken `fraction` (0..1) of the way through the wait. */
  valueAt(index: number, fraction: number): number {
    const f = Math.min(1, Math.max(0, fraction));
    const scripted = this.s.spec?.values;
    if (scripted && scripted.length > 0 && this.opts.healthy !== true && this.opts.breach !== true) {
      return scripted[Math.min(scripted.length - 1, Math.floor(f * scripted.length))] ?? 0;
    }
    const rand = mulberry32(this.seed + index)();
    const safe = round(this.band.lo + (this.band.hi - this.band.lo) * rand);
    if (this.opts.breach !== true || f < 0.5) return safe;
    // from half-way, a climb that crosses the limit before the end
    const k = (f - 0.5) * 2;
    if (this.upper !== undefined) return round(safe + (Math.max(this.upper, 0.01) * 1.6 - safe) * k);
    if (this.lower !== undefined) return round(safe - (safe - this.lower * 0.9) * k);
    return round(safe * (1 + 2 * k));
  }
}

function min(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function max(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
