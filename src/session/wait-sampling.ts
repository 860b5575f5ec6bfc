// Where each metric of a monitored wait gets its numbers, one sample at a time:
// - --simulate: the simulated wait series (src/metrics/simulated-wait.ts), by how far through the wait;
// - a real run: the source of the step's (or section's) ```metric block naming the metric,
//   asked for its latest value over one interval;
// - otherwise none: the metric is drawn empty and never judged; the wait is a countdown.
import type { Gate, MonitoredWait, Runbook, Step } from '../runbook/model.js';
import type { MetricSourceSpec } from '../runbook/model.js';
import { SimulatedWaitSeries } from '../metrics/simulated-wait.js';
import { simulatedOptionsFromEnv } from '../metrics/simulated-source.js';
import type { GateChecker } from './metric-run.js';
import type { MetricSourceKind } from '../metrics/metric-source.js';
import { criteriaOn, sameWatched } from '../steps/wait-judge.js';

export interface WaitSampler {
  metric: string;
  unit?: string;
  /** The source that gives the numbers (absent: none here). */
  kind?: MetricSourceKind;
  /** Why this metric has no numbers here. */
  noSource?: string;
  /** The value of sample `index`, taken `fraction` of the way through the wait. */
  sample(index: number, fraction: number, intervalMs: number, signal: AbortSignal): Promise<number | undefined>;
}

/** The step's and its section's gates that read this metric from a metric block. */
function gateFor(runbook: Runbook, step: Step, metric: string): Gate | undefined {
  const near = [step, ...runbook.steps.filter((s) => s !== step && s.sectionId === step.sectionId)];
  for (const s of near) {
    for (const g of s.gates) {
      if (!g.source) continue;
      const named = g.source.metric ?? g.thresholds[0]?.metric;
      if ((named && sameWatched(named, metric)) || g.thresholds.some((t) => sameWatched(t.metric, metric))) return g;
    }
  }
  return undefined;
}

export function waitSamplers(
  runbook: Runbook,
  step: Step,
  wait: MonitoredWait,
  how: { simulate: boolean; env: NodeJS.ProcessEnv; checker: () => GateChecker },
): WaitSampler[] {
  return wait.metrics.map((metric): WaitSampler => {
    const gate = gateFor(runbook, step, metric);
    if (how.simulate) {
      const sim = new SimulatedWaitSeries({ metric, ...(gate?.source ? { spec: gate.source } : {}), criteria: criteriaOn(metric, wait.criteria) }, simulatedOptionsFromEnv(how.env));
      return { metric, kind: 'simulated', ...(sim.unit ? { unit: sim.unit } : {}), sample: async (index, fraction) => sim.valueAt(index, fraction) };
    }
    const plan = gate ? how.checker().plan(gate) : undefined;
    if (!gate || plan?.kind !== 'sample') {
      return { metric, noSource: gate ? 'its metric block has no source in this session' : 'no metric block names it', sample: async () => undefined };
    }
    const spec: MetricSourceSpec = plan.specs.find((s) => s.metric !== undefined && sameWatched(s.metric, metric)) ?? plan.specs[0] ?? { kind: 'simulated' };
    const sampler: WaitSampler = {
      metric,
      kind: plan.source.kind,
      ...(spec.unit ? { unit: spec.unit } : {}),
      sample: async (_index, _fraction, intervalMs, signal) => {
        const series = await plan.source.sample(spec, { windowMs: intervalMs, signal, thresholds: criteriaOn(metric, wait.criteria).map((c) => c.threshold) });
        if (series.unit) sampler.unit = series.unit;
        return series.points[series.points.length - 1]?.value;
      },
    };
    return sampler;
  });
}
