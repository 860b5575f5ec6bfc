// Which source decides a gate, and sampling it. The engine asks plan() for every gate:
// - --simulate (run or rehearsal): the simulated source, one series per metric the gate names;
// - a real run, a ```metric block of kind command or azure: that source;
// - a rehearsal without --simulate: nothing is sampled (nothing may be spawned), "would check";
// - otherwise (prose-only gate, or a simulated block in a real run): the operator confirms,
//   recorded as unverified. A gate is never silently passed.
import type { Gate, MetricSourceSpec, Threshold } from '../runbook/model.js';
import type { SessionMode } from './audit-event.js';
import type { CommandExecutor } from './types.js';
import type { AzureAuth } from '../azure/auth.js';
import type { ContainerAppReader } from '../azure/container-apps.js';
import { AzureSource } from '../azure/azure-source.js';
import { CommandSource } from '../metrics/command-source.js';
import { SourceFailed, windowOf, type MetricSeries, type MetricSource, type MetricSourceKind } from '../metrics/metric-source.js';
import { normaliseMetric, SimulatedSource, simulatedOptionsFromEnv } from '../metrics/simulated-source.js';
import { evaluateGate, type GateEvaluation } from '../steps/metric-gate.js';
import { sourceSpecs } from '../metrics/log-analytics.js';
import { withShellValues } from '../azure/fill-params.js';
import type { ShellSnapshot } from '../steps/shell-state.js';
import { isUserError, messageOf } from '../errors.js';

export type GatePlan =
  | { kind: 'sample'; source: MetricSource; specs: MetricSourceSpec[]; windowMs: number }
  | { kind: 'would-check'; via: string }
  | { kind: 'confirm'; why: string };

export interface GateCheckerOptions {
  mode: SessionMode;
  simulate: boolean;
  /** The sources on hand; command needs the session's executor, so it is absent in rehearsal. */
  sources: Partial<Record<MetricSourceKind, MetricSource>>;
}

export interface GateRun {
  series: MetricSeries[];
  evaluation: GateEvaluation;
  /** Why sampling failed (the evaluation is then unverified). */
  error?: string;
}

export class GateChecker {
  constructor(private readonly opts: GateCheckerOptions) {}

  plan(gate: Gate): GatePlan {
    const { mode, simulate, sources } = this.opts;
    if (simulate) {
      const source = sources.simulated;
      if (source) return { kind: 'sample', source, specs: simulatedSpecs(gate), windowMs: windowOf(gate.source ?? { kind: 'simulated' }) };
    }
    const kind = gate.source?.kind;
    if (mode === 'rehearsal') {
      return { kind: 'would-check', via: kind ? `${kind} source` : 'no metric source: the operator confirms' };
    }
    if (gate.source && (kind === 'command' || kind === 'azure')) {
      const source = sources[kind];
      if (source) return { kind: 'sample', source, specs: sourceSpecs(gate), windowMs: windowOf(gate.source) };
      return { kind: 'confirm', why: `no ${kind} metric source in this session` };
    }
    return { kind: 'confirm', why: kind === 'simulated' ? 'simulated metrics are used only with --simulate' : 'no metric source for this gate' };
  }

  /** Samples every series of the plan and judges the gate; a failing source makes it unverified, never passed. */
  async run(gate: Gate, plan: Extract<GatePlan, { kind: 'sample' }>, signal: AbortSignal, onSeries?: (all: MetricSeries[]) => void): Promise<GateRun> {
    const series: MetricSeries[] = [];
    try {
      for (const spec of plan.specs) {
        const thresholds = thresholdsOn(gate, spec);
        const s = await plan.source.sample(spec, {
          windowMs: windowOf(spec),
          signal,
          thresholds,
          mode: gate.mode,
          onPoint: (partial) => onSeries?.([...series, partial]),
        });
        series.push(s);
        onSeries?.([...series]);
      }
    } catch (err) {
      // a UserError keeps its next step: the gate's reason is the line the operator acts on
      const error = isUserError(err) && err.next ? `${err.message}; ${err.next}` : messageOf(err);
      // the last good samples of a source that kept failing are shown, never judged a pass
      if (err instanceof SourceFailed && err.lastGood) {
        series.push(err.lastGood);
        onSeries?.([...series]);
      }
      const evaluation = evaluateGate(gate, series);
      return {
        series,
        evaluation: { ...evaluation, verdict: evaluation.verdict === 'no-go' ? 'no-go' : 'unverified' },
        error,
      };
    }
    return { series, evaluation: evaluateGate(gate, series) };
  }
}

/** The gate's metric block (as simulated) plus one series per other metric its thresholds name. */
export function simulatedSpecs(gate: Gate): MetricSourceSpec[] {
  const specs: MetricSourceSpec[] = [];
  const seen = new Set<string>();
  if (gate.source) {
    const { command: _command, resource: _resource, ...rest } = gate.source;
    const metric = gate.source.metric ?? gate.thresholds[0]?.metric;
    specs.push({ ...rest, kind: 'simulated', ...(metric ? { metric } : {}) });
    if (metric) seen.add(normaliseMetric(metric));
    // one metric watched: the block's series is the one judged, whatever it is called
    if (new Set(gate.thresholds.map((t) => normaliseMetric(t.metric))).size <= 1) return specs;
  }
  for (const t of gate.thresholds) {
    const key = normaliseMetric(t.metric);
    if (seen.has(key)) continue;
    seen.add(key);
    specs.push({
      kind: 'simulated',
      metric: t.metric,
      ...(t.unit ? { unit: t.unit } : {}),
      ...(gate.source?.windowMs ? { windowMs: gate.source.windowMs } : {}),
      ...(gate.source?.intervalMs ? { intervalMs: gate.source.intervalMs } : {}),
    });
  }
  return specs;
}

/** The thresholds judged on this spec's series (all of them when the gate watches one metric). */
export function thresholdsOn(gate: Pick<Gate, 'thresholds'>, spec: MetricSourceSpec): Threshold[] {
  const metrics = new Set(gate.thresholds.map((t) => normaliseMetric(t.metric)));
  if (!spec.metric || metrics.size === 1) return [...gate.thresholds];
  const name = normaliseMetric(spec.metric);
  return gate.thresholds.filter((t) => normaliseMetric(t.metric) === name);
}

export interface MetricOptions {
  /** Sources to use instead of the defaults (tests: an AzureSource pointed at an emulator). */
  sources?: Partial<Record<MetricSourceKind, MetricSource>>;
  /** Wait between simulated points so the sparkline can be watched filling (TUI; default 0). */
  simulatePaceMs?: number;
  /** How many real seconds a compressed monitored wait takes (tests; default a second per minute of wait, 3 to 20 s). */
  waitRealSeconds?: number;
  /** --tenant, and the session's Azure login when the caller made one (shared with container apps). */
  azure?: { tenantId?: string; auth?: AzureAuth };
  /** Container apps to watch around changing blocks instead of Azure or the simulation (tests). */
  containerApps?: ContainerAppReader;
}

export interface GateCheckerContext {
  mode: SessionMode;
  simulate: boolean;
  executor?: CommandExecutor;
  outputsDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  values: () => ReadonlyMap<string, string>;
  secretValues: () => string[];
  metrics?: MetricOptions;
  /** The session shell's variables: an azure query may name one a block set. */
  shellState?: () => ShellSnapshot | undefined;
}

/** The sources of a session: simulated always; command only with a runner (never in rehearsal); azure on demand. */
export function createGateChecker(ctx: GateCheckerContext): GateChecker {
  const given = ctx.metrics?.sources ?? {};
  const sources: Partial<Record<MetricSourceKind, MetricSource>> = {
    simulated: given.simulated ?? new SimulatedSource({ ...simulatedOptionsFromEnv(ctx.env), paceMs: ctx.metrics?.simulatePaceMs ?? 0 }),
    azure:
      given.azure ??
      new AzureSource({
        values: () => withShellValues(ctx.values(), ctx.shellState?.(), ctx.env),
        ...(ctx.metrics?.azure?.auth ? { auth: ctx.metrics.azure.auth } : {}),
        ...(ctx.metrics?.azure?.tenantId ? { tenantId: ctx.metrics.azure.tenantId } : {}),
      }),
  };
  const command =
    given.command ??
    (ctx.executor && ctx.mode === 'run'
      ? new CommandSource({ executor: ctx.executor, outputsDir: ctx.outputsDir, cwd: ctx.cwd, values: ctx.values, secretValues: ctx.secretValues })
      : undefined);
  if (command) sources.command = command;
  return new GateChecker({ mode: ctx.mode, simulate: ctx.simulate, sources });
}
