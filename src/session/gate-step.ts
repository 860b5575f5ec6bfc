// Metric gates of a step (src/session/metric-run.ts decides how): sampled and judged go / no-go
// with a live sparkline, shown as "would check" in a rehearsal without --simulate, or put to
// the operator to confirm (unverified).
import type { Expectation, Gate } from '../runbook/model.js';
import { formatThreshold } from '../runbook/thresholds.js';
import { gateCheckData, metricEventData } from './metric-event.js';
import { createGateChecker, type GateChecker, type GatePlan } from './metric-run.js';
import { failedCallNote } from './azure-events.js';
import type { CommandSteps } from './command-step.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';
import type { LiveMetric } from './types.js';
import type { MetricSeries } from '../metrics/metric-source.js';
import type { GateEvaluation } from '../steps/metric-gate.js';
import { compare, conversion } from '../metrics/metric-units.js';
import type { Breach, BreachEvidence } from './breach.js';
import { failStep } from './raise-decision.js';
import { metricValues } from '../steps/checks.js';

type SampleVerdict = { verdict: 'go' | 'confirmed' | 'unconfirmed' } | { verdict: 'no-go'; evidence: BreachEvidence };

export class GateSteps {
  private sources: GateChecker | undefined;

  constructor(
    private readonly e: EngineContext,
    private readonly commands: Pick<CommandSteps, 'confirmUnverified'>,
  ) {}

  /** 'stopped': a gate said no (or was not confirmed) and the step ended failed. */
  async confirm(ctx: StepContext): Promise<StepOutcome> {
    const waits = Object.values(this.e.state().steps[ctx.step.id]?.waits ?? {});
    for (const gate of ctx.step.gates) {
      if (waits.some((w) => w.status === 'elapsed' && w.judgedGates?.includes(gate.id))) {
        this.e.record('note', { kind: 'note', stepId: ctx.step.id, text: `gate judged on every sample of the monitored wait: ${gate.text}` });
        continue;
      }
      const plan = this.checker().plan(gate);
      switch (plan.kind) {
        case 'would-check':
          this.e.record('note', { kind: 'note', stepId: ctx.step.id, text: `would check gate: ${gate.text} (${plan.via}; --simulate samples simulated metrics)` });
          break;
        case 'confirm':
          if (this.e.mode === 'rehearsal') break;
          if (!(await this.confirmGate(ctx, gate, ctx.outputTail, seenInOutput(gate, ctx.outputTail)))) return this.failed(ctx, gate);
          break;
        case 'sample': {
          const sampled = await this.sample(ctx, gate, plan);
          if (sampled.verdict === 'no-go') {
            // the decision the runbook ties to this step is raised at once, with the data
            await failStep(this.e, ctx, sampled.evidence);
            return 'stopped';
          }
          if (sampled.verdict === 'unconfirmed') return this.failed(ctx, gate);
          break;
        }
        default: {
          const never: never = plan;
          return never;
        }
      }
    }
    return 'done';
  }

  /** The session's metric sources (monitored waits sample through them too). */
  checker(): GateChecker {
    const o = this.e.options;
    this.sources ??= createGateChecker({
      mode: this.e.mode,
      simulate: o.simulate === true,
      ...(o.executor ? { executor: o.executor } : {}),
      outputsDir: o.paths.outputs,
      cwd: this.e.cwd(),
      env: o.env ?? process.env,
      values: () => this.e.params.values,
      secretValues: () => this.e.params.secretValues(),
      shellState: () => o.executor?.shellState?.(),
      ...(o.metrics ? { metrics: o.metrics } : {}),
    });
    return this.sources;
  }

  /** The operator judges the gate; the prompt lists its thresholds with what was measured (`seen`, by threshold). */
  private confirmGate(ctx: StepContext, gate: Gate, output?: string, seen: (string | undefined)[] = []): Promise<boolean> {
    const exp: Expectation = { line: gate.line, text: gate.text, source: 'threshold', check: { kind: 'manual' } };
    const thresholds = gate.thresholds.map((t, i) => ({ text: formatThreshold(t), ...(seen[i] !== undefined ? { seen: seen[i] } : {}) }));
    return this.commands.confirmUnverified(ctx, exp, gate.id, output, thresholds);
  }

  /**
   * The operator judged that the gate does not hold: a failure like a NO-GO, so the decision
   * the runbook ties to the step is raised ("Canary fails criteria?"), or its Troubleshooting /
   * Rollback offered, before the step ends failed.
   */
  private async failed(ctx: StepContext, gate: Gate): Promise<StepOutcome> {
    const evidence: BreachEvidence = { source: 'gate', label: gate.text, breaches: [{ kind: 'check', text: `${gate.text}: does not hold (judged by eye)` }] };
    await failStep(this.e, ctx, evidence, `gate not confirmed: ${gate.text}`);
    return 'stopped';
  }

  /** Samples a gate's metrics (live on screen), records them and the verdict; an undecidable gate goes to the operator. */
  private async sample(ctx: StepContext, gate: Gate, plan: Extract<GatePlan, { kind: 'sample' }>): Promise<SampleVerdict> {
    const base: LiveMetric = {
      stepId: ctx.step.id,
      gateId: gate.id,
      title: gate.text,
      mode: gate.mode,
      thresholds: gate.thresholds,
      source: plan.source.kind,
      series: [],
      startedAt: Date.now(),
      windowMs: plan.windowMs,
      realTime: plan.source.kind === 'command',
    };
    this.e.live.setMetric(base);
    let run;
    try {
      run = await this.e.operation((signal) =>
        this.checker().run(gate, plan, signal, (all) =>
          this.e.live.setMetric({ ...base, series: all.map((s) => ({ metric: s.metric, ...(s.unit ? { unit: s.unit } : {}), values: s.points.map((p) => p.value) })) }),
        ),
      );
    } finally {
      this.e.live.setMetric(undefined);
    }
    const { series, evaluation, error } = run;
    for (const s of series) {
      this.e.record('metric', metricEventData(ctx.step.id, gate, s, series, evaluation, plan.source.kind, plan.windowMs, error));
    }
    const failed = failedCallNote(plan.source, ctx.step.id, gate.text, error, series.length);
    if (failed) this.e.record('note', failed);
    if (evaluation.verdict === 'unverified') {
      const why = error ?? evaluation.outcomes.filter((o) => o.result === 'unverified').map((o) => o.detail).join('; ');
      const seen = evaluation.outcomes.map((o) => o.detail);
      return { verdict: (await this.confirmGate(ctx, gate, `the metrics could not decide this gate: ${why}`, seen)) ? 'confirmed' : 'unconfirmed' };
    }
    this.e.record('check', gateCheckData(ctx.step.id, gate, evaluation));
    return evaluation.verdict === 'no-go' ? { verdict: 'no-go', evidence: gateEvidence(gate, series, evaluation, plan.windowMs) } : { verdict: evaluation.verdict };
  }
}

/**
 * What the step's output says about each threshold of a gate judged by eye ("10 values
 * 0.281s–0.312s, none crossing the limit"), or nothing for a metric it does not name.
 */
export function seenInOutput(gate: Gate, output: string | undefined): (string | undefined)[] {
  return gate.thresholds.map((t) => {
    const values = output === undefined ? [] : metricValues(t.metric, output, t.unit);
    if (values.length === 0) return undefined;
    const unit = t.unit ?? '';
    if (values.length === 1) return `${values[0]}${unit}`;
    const crossing = values.filter((v) => compare(v, t.comparator, t.value) === (gate.mode === 'abort-if')).length;
    const range = `${values.length} values ${Math.min(...values)}${unit}–${Math.max(...values)}${unit}`;
    return `${range}, ${crossing === 0 ? 'none' : `${crossing} of ${values.length}`} crossing the limit`;
  });
}

/** A NO-GO gate as evidence: each threshold crossed with its series and how many of the last samples crossed it. */
export function gateEvidence(gate: Gate, series: readonly MetricSeries[], evaluation: GateEvaluation, windowMs: number): BreachEvidence {
  const observed = series.map((s) => {
    const values = s.points.map((p) => p.value);
    const intervalMs = values.length > 1 ? Math.round(windowMs / (values.length - 1)) : undefined;
    return { metric: s.metric, values, ...(s.unit ? { unit: s.unit } : {}), ...(intervalMs ? { intervalMs } : {}) };
  });
  const breaches: Breach[] = [];
  for (const o of evaluation.outcomes) {
    if (o.result !== 'fail') continue;
    const s = observed.find((x) => x.metric === o.metric);
    if (!s) continue;
    const conv = conversion(s.unit, o.threshold.unit);
    const factor = conv.ok ? conv.factor : 1;
    const crosses = (v: number): boolean => (gate.mode === 'abort-if' ? compare(v * factor, o.threshold.comparator, o.threshold.value) : !compare(v * factor, o.threshold.comparator, o.threshold.value));
    let samples = 0;
    for (let i = s.values.length - 1; i >= 0 && crosses(s.values[i] as number); i--) samples++;
    breaches.push({ kind: 'metric', metric: s.metric, values: s.values, threshold: o.threshold, samples: Math.max(1, samples), ...(gate.mode === 'require' ? { required: true as const } : {}), ...(s.unit ? { unit: s.unit } : {}), ...(s.intervalMs ? { intervalMs: s.intervalMs } : {}) });
  }
  return { source: 'gate', label: gate.text, breaches, series: observed };
}
