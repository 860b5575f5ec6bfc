// A metric read by a shell command (```metric kind: command). The command runs through the
// session's CommandExecutor, i.e. the shell runner: this module never starts a process.
//
// What the command may print (stdout, trimmed):
//   0.42            one sample (a trailing unit is read: "0.42%", "1800ms")
//   [0.2, 0.3]      a series spread over the window
//   [[t, v], ...] / [{"t": ..., "value": ...}, ...]   a series with timestamps (ISO or epoch ms)
//   {"value": 0.42, "unit": "%"} / {"values": [...]} / {"samples": [...]}
// A command printing one sample is run again every interval until the window has passed.
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Command, MetricSourceSpec } from '../runbook/model.js';
import { intervalOf, sleep, type MetricPoint, type MetricSeries, type MetricSource, type SampleOptions } from './metric-source.js';

/**
 * The part of the session's CommandExecutor (src/steps/executor.ts) this source uses; declared
 * here because metrics sit beside steps, not above them.
 */
export interface MetricCommandRunner {
  run(
    command: Command,
    env: Record<string, string>,
    cwd: string,
    onOutput: (chunk: string) => void,
    signal: AbortSignal,
    opts: { spoolPath: string; secretValues: string[] },
  ): Promise<{ exitCode: number | null; signal: string | null; captured?: string }>;
}

export interface CommandSourceOptions {
  executor: MetricCommandRunner;
  /** Where each run's output is spooled (the session's outputs/ folder). */
  outputsDir: string;
  cwd: string;
  /** Parameter values by name: those the command names reach it through the environment. */
  values?: () => ReadonlyMap<string, string>;
  secretValues?: () => string[];
  /** Prefix of the spool files, e.g. the gate id. */
  name?: string;
  now?: () => number;
}

/** The variable capture= puts the output in; it never becomes a session parameter. */
const CAPTURE = 'FLIGHTDECK_METRIC_OUTPUT';
const MAX_RUNS = 60;

export class CommandSource implements MetricSource {
  readonly kind = 'command' as const;
  private runs = 0;

  constructor(private readonly opts: CommandSourceOptions) {}

  async sample(spec: MetricSourceSpec, opts: SampleOptions): Promise<MetricSeries> {
    const code = spec.command;
    if (!code) throw new UserError('a metric block of kind command has no command', 'add "command: <shell that prints a number>" to the block');
    const now = this.opts.now ?? Date.now;
    const started = now();
    const metric = spec.metric ?? 'metric';
    let series: MetricSeries = { metric, ...(spec.unit ? { unit: spec.unit } : {}), points: [] };
    for (let i = 0; i < MAX_RUNS; i++) {
      const out = await this.runOnce(code, opts.signal);
      const parsed = parseMetricOutput(out, { end: now(), windowMs: opts.windowMs });
      if (!parsed) {
        throw new UserError(`the metric command printed no number: ${JSON.stringify(out.slice(0, 80))}`, 'make it print a number, a JSON number or a JSON array of numbers');
      }
      const unit = series.unit ?? parsed.unit;
      series = { metric, ...(unit ? { unit } : {}), points: [...series.points, ...parsed.points] };
      opts.onPoint?.(series);
      // a printed series is the whole window; a single number is sampled again
      if (parsed.series) break;
      const interval = intervalOf(spec);
      if (now() - started + interval > opts.windowMs) break;
      await sleep(interval, opts.signal);
    }
    return series;
  }

  private async runOnce(code: string, signal: AbortSignal | undefined): Promise<string> {
    this.runs++;
    const id = `${this.opts.name ?? 'metric'}-${(this.opts.now ?? Date.now)().toString(36)}-${this.runs}`;
    const command: Command = {
      id,
      line: 0,
      lang: 'bash',
      code,
      runnable: true,
      capture: CAPTURE,
      expectations: [],
      danger: [],
      params: [],
    };
    const env: Record<string, string> = {};
    for (const [name, value] of this.opts.values?.() ?? []) {
      if (new RegExp(String.raw`\$\{?${name}\b`).test(code)) env[name] = value;
    }
    const result = await this.opts.executor.run(command, env, this.opts.cwd, () => undefined, signal ?? new AbortController().signal, {
      spoolPath: join(this.opts.outputsDir, `${id}.log`),
      secretValues: this.opts.secretValues?.() ?? [],
    });
    if (result.exitCode !== 0) {
      const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited ${result.exitCode}`;
      throw new UserError(`the metric command ${how}`, `see outputs/${id}.log in the session folder`);
    }
    return result.captured ?? '';
  }
}

export interface ParsedMetric {
  points: MetricPoint[];
  unit?: string;
  /** true when the output was a series (the whole window at once). */
  series: boolean;
}

const NUMBER_WITH_UNIT = /(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(%|ms|s|sec|seconds|min|h)?\s*$/i;

/** Reads a command's stdout as one sample or a series; undefined when it holds no number. */
export function parseMetricOutput(text: string, at: { end: number; windowMs: number }): ParsedMetric | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    json = undefined;
  }
  if (json !== undefined) {
    const fromJson = fromJsonValue(json, at);
    if (fromJson) return fromJson;
  }
  const lastLine = trimmed.split('\n').pop() ?? '';
  const m = NUMBER_WITH_UNIT.exec(lastLine.trim());
  if (!m || !m[1]) return undefined;
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return undefined;
  return { points: [{ t: at.end, value }], ...(m[2] ? { unit: m[2] } : {}), series: false };
}

function fromJsonValue(json: unknown, at: { end: number; windowMs: number }): ParsedMetric | undefined {
  if (typeof json === 'number' && Number.isFinite(json)) return { points: [{ t: at.end, value: json }], series: false };
  if (Array.isArray(json)) {
    const points = seriesPoints(json, at);
    return points && points.length > 0 ? { points, series: true } : undefined;
  }
  if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const unit = typeof o['unit'] === 'string' ? o['unit'] : undefined;
    const withUnit = (p: ParsedMetric | undefined): ParsedMetric | undefined => (p && unit ? { ...p, unit } : p);
    if (typeof o['value'] === 'number') return withUnit(fromJsonValue(o['value'], at));
    for (const key of ['values', 'samples', 'points', 'series']) {
      if (Array.isArray(o[key])) return withUnit(fromJsonValue(o[key], at));
    }
  }
  return undefined;
}

function seriesPoints(items: readonly unknown[], at: { end: number; windowMs: number }): MetricPoint[] | undefined {
  const step = items.length > 1 ? at.windowMs / (items.length - 1) : 0;
  const out: MetricPoint[] = [];
  for (const [i, item] of items.entries()) {
    const spread = Math.round(at.end - at.windowMs + i * step);
    if (typeof item === 'number' && Number.isFinite(item)) {
      out.push({ t: items.length > 1 ? spread : at.end, value: item });
    } else if (Array.isArray(item) && typeof item[1] === 'number') {
      out.push({ t: timeOf(item[0]) ?? spread, value: item[1] });
    } else if (item !== null && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const v = o['value'] ?? o['v'];
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      out.push({ t: timeOf(o['t'] ?? o['time'] ?? o['timestamp'] ?? o['timeStamp']) ?? spread, value: v });
    } else {
      return undefined;
    }
  }
  return out;
}

function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
