// Timing helpers for the benchmarks: medians over repeated runs, child processes timed
// with process.hrtime from spawn to exit.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface TimedRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and times it (spawn to exit, wall clock). */
export function timeRun(file: string, args: string[], opts: SpawnSyncOptions = {}): TimedRun {
  const start = nowMs();
  const r = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  const ms = nowMs() - start;
  return { ms, status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/**
 * Times two commands alternately (a, b, a, b, ...) after one warm-up each, so that
 * noise from other work on the machine lands on both sides; returns the medians.
 */
export function timePair(
  a: () => number,
  b: () => number,
  runs: number,
): { a: number; b: number; aRuns: number[]; bRuns: number[] } {
  a();
  b();
  const aRuns: number[] = [];
  const bRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    aRuns.push(a());
    bRuns.push(b());
  }
  return { a: median(aRuns), b: median(bRuns), aRuns, bRuns };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
