// Where a gate's numbers come from: one interface, three sources (simulated, command, azure).
// The engine picks a source per gate; the gate evaluation (src/steps/metric-gate.ts) only
// ever sees the series a source returns.
import type { Gate, MetricSourceSpec, Threshold } from '../runbook/model.js';

export interface MetricPoint {
  /** Epoch milliseconds. */
  t: number;
  value: number;
}

export interface MetricSeries {
  metric: string;
  /** Unit of every value, e.g. "%", "ms", "s"; absent when the source does not say. */
  unit?: string;
  points: MetricPoint[];
  /** Who read it and how, recorded with the metric event. */
  provenance?: Provenance;
}

/** azure: which API answered and the principal that asked. */
export interface Provenance {
  azureApi?: 'platform-metrics' | 'log-analytics';
  azurePrincipal?: string;
  azureDisplayName?: string;
  azureObjectId?: string;
  azureTenantId?: string;
}

export interface SampleOptions {
  /** How far back (or how long) to sample. */
  windowMs: number;
  signal?: AbortSignal;
  /** Called after each point arrives, with the series so far (for a live sparkline). */
  onPoint?: (series: MetricSeries) => void;
  /** The gate's thresholds on this metric: the simulator keeps to (or crosses) them; real sources ignore them. */
  thresholds?: readonly Threshold[];
  mode?: Gate['mode'];
}

export type MetricSourceKind = MetricSourceSpec['kind'];

export interface MetricSource {
  readonly kind: MetricSourceKind;
  sample(spec: MetricSourceSpec, opts: SampleOptions): Promise<MetricSeries>;
}

/** Defaults when a metric block gives no window or interval. */
export const DEFAULT_WINDOW_MS = 5 * 60_000;
export const DEFAULT_INTERVAL_MS = 60_000;

export function windowOf(spec: MetricSourceSpec): number {
  return spec.windowMs ?? DEFAULT_WINDOW_MS;
}

export function intervalOf(spec: MetricSourceSpec): number {
  return spec.intervalMs ?? DEFAULT_INTERVAL_MS;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class SamplingCancelled extends Error {
  override readonly name = 'SamplingCancelled';
}

function abortError(signal: AbortSignal | undefined): Error {
  const why = typeof signal?.reason === 'string' ? `: ${signal.reason}` : '';
  return new SamplingCancelled(`metric sampling cancelled${why}`);
}

/**
 * A source that kept failing. It may hand back the last series it read successfully and how
 * old that is: shown and recorded, but a gate judged on it is never passed.
 */
export class SourceFailed extends Error {
  override readonly name = 'SourceFailed';
  constructor(
    message: string,
    readonly lastGood?: MetricSeries,
    readonly ageMs?: number,
  ) {
    super(message);
  }
}

/** "42 s old", "3 min old". */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s old` : `${Math.round(s / 60)} min old`;
}
