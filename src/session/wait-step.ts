// Monitored waits (docs/architecture.md): a countdown while the watched metrics are sampled
// and drawn, every sample judged against the abort criteria in scope. A breach interrupts
// the wait, records the metric events and raises the decision the runbook ties to the step (failStep); the operator can end it
// early (with a reason, a deviation of the step) or extend it. Time served is recorded as it
// goes (`wait` progress events), so a suspended or crashed session resumes the wait where it
// was. A rehearsal with --simulate runs it compressed (10 min in 10 s) so it can be practised.
import type { MonitoredWait, Step, Threshold } from '../runbook/model.js';
import type { WaitCriterion } from '../runbook/wait-model.js';
import { summarise } from './metric-event.js';
import type { GateChecker } from './metric-run.js';
import { breaks, criteriaOn, criterionText, sameWatched } from '../steps/wait-judge.js';
import { formatValue } from '../metrics/metric-units.js';
import { formatThreshold } from '../runbook/thresholds.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';
import type { Breach, BreachEvidence } from './breach.js';
import type { WaitBreach } from './event-data.js';
import { failStep } from './raise-decision.js';
import { PromptCancelled } from './prompt-channel.js';
import type { LiveWait, LiveWaitSeries } from './types.js';
import { waitSamplers, type WaitSampler } from './wait-sampling.js';

/** How long a compressed wait takes for real: a minute of wait per second, between 3 and 20 s. */
export function compressedSeconds(seconds: number): number {
  return Math.min(20, Math.max(3, seconds / 60));
}

type Wake = { kind: 'end'; reason: string } | { kind: 'extend'; seconds: number };

interface Running {
  wake(w: Wake): void;
}

export class WaitSteps {
  private running: Running | undefined;

  constructor(
    private readonly e: EngineContext,
    private readonly checker: () => GateChecker,
  ) {}

  /** The operator ends the wait counting down now (the reason is recorded). */
  end(reason: string): void {
    this.running?.wake({ kind: 'end', reason });
  }

  /** The operator adds time to the wait counting down now. */
  extend(seconds: number): void {
    if (seconds > 0) this.running?.wake({ kind: 'extend', seconds });
  }

  /** 'stopped': a breach ended the step, or the wait was interrupted (Ctrl-C: it goes on from where it was on Enter). */
  async run(ctx: StepContext, wait: MonitoredWait): Promise<StepOutcome> {
    const stepId = ctx.step.id;
    const before = this.e.state().steps[stepId]?.waits?.[wait.id];
    if (ctx.resumed && before && before.status !== 'running' && before.status !== 'breach') return 'done';
    const o = this.e.options;
    const simulate = o.simulate === true;
    if (wait.inBlock && this.e.mode === 'run') {
      this.e.record('note', { kind: 'note', stepId, text: `the block waited itself: ${wait.text} (a sleep inside it; a block of its own, or an annotation, makes it a monitored wait)` });
      return 'done';
    }
    if (this.e.mode === 'rehearsal' && !simulate) {
      this.e.record('note', { kind: 'note', stepId, text: `would wait: ${wait.text} (${wait.seconds} s, watching ${wait.metrics.join(', ') || 'no metric'}; --simulate practises it)` });
      return 'done';
    }
    const compressed = this.e.mode === 'rehearsal' && simulate;
    const realSeconds = o.metrics?.waitRealSeconds ?? compressedSeconds(wait.seconds);
    const speed = compressed ? wait.seconds / realSeconds : 1;
    const resuming = ctx.resumed === true && before?.status === 'running';
    let seconds = resuming ? before.seconds : wait.seconds;
    const served0 = resuming ? before.servedSeconds : 0;
    if (resuming) this.e.record('wait', { kind: 'resume', stepId, waitId: wait.id, servedSeconds: round(served0) });
    else {
      this.e.record('wait', {
        kind: 'start',
        stepId,
        waitId: wait.id,
        text: wait.text,
        seconds,
        metrics: wait.metrics,
        criteria: wait.criteria.map(criterionText),
        ...(compressed ? { speed } : {}),
        ...(simulate ? { simulated: true as const } : {}),
      });
    }
    const samplers = waitSamplers(this.e.runbook, ctx.step, wait, { simulate, env: o.env ?? process.env, checker: this.checker });
    const intervalSec = (wait.intervalMs ?? 0) / 1000 || Math.min(60, Math.max(1, wait.seconds / 60));
    const samples = samplers.map(() => ({ values: [] as number[], times: [] as number[] }));
    const live = (served: number): LiveWait => ({
      stepId,
      waitId: wait.id,
      text: wait.text,
      seconds,
      servedSeconds: served,
      resumedFrom: served0,
      speed,
      simulated: simulate,
      criteria: wait.criteria.map(criterionText),
      series: samplers.map((s, i): LiveWaitSeries => ({
        metric: s.metric,
        ...(s.unit ? { unit: s.unit } : {}),
        values: samples[i]?.values ?? [],
        count: samples[i]?.values.length ?? 0,
        thresholds: criteriaOn(s.metric, wait.criteria).map((c) => c.threshold),
        modes: criteriaOn(s.metric, wait.criteria).map((c) => c.mode),
        ...(s.noSource ? { noSource: s.noSource } : {}),
      })),
    });
    // time served is recorded at most ten times a wait and at most every 30 real seconds
    // (a suspend records it too): a compressed rehearsal's wait writes little to the log
    const checkpoint = Math.max(wait.seconds / 10, 30 * speed);
    let nextCheckpoint = served0 + checkpoint;
    let nextSample = Math.ceil(served0 / intervalSec) * intervalSec;
    let served = served0;
    const wakes: Wake[] = [];
    let poke: (() => void) | undefined;
    this.running = {
      wake: (w) => {
        wakes.push(w);
        poke?.();
      },
    };
    const t0 = Date.now();
    let ended: { outcome: 'elapsed' } | { outcome: 'ended-early'; reason: string } | { outcome: 'breach'; breach: WaitBreach; hits: BreachHit[] } | undefined;
    try {
      await this.e.operation(async (signal) => {
        while (!ended) {
          served = Math.min(seconds, served0 + ((Date.now() - t0) / 1000) * speed);
          for (const w of wakes.splice(0)) {
            if (w.kind === 'end') ended = { outcome: 'ended-early', reason: w.reason };
            else {
              seconds += w.seconds;
              this.e.record('wait', { kind: 'extend', stepId, waitId: wait.id, addSeconds: w.seconds, seconds });
            }
          }
          if (ended) break;
          while (served >= nextSample && nextSample < seconds && !ended) {
            const index = Math.round(nextSample / intervalSec);
            // every metric of the sample is judged: two limits crossed at once are both evidence
            const hits: BreachHit[] = [];
            for (const [i, s] of samplers.entries()) {
              const value = await s.sample(index, nextSample / seconds, intervalSec * 1000, signal);
              if (value === undefined) continue;
              const at = Date.now();
              samples[i]?.values.push(value);
              samples[i]?.times.push(at);
              const c = criteriaOn(s.metric, wait.criteria).find((x) => breaks(x, value, s.unit) === true);
              if (c) hits.push({ sampler: i, criterion: c, breach: breachData(s, c, value, at) });
            }
            const first = hits[0];
            if (first) ended = { outcome: 'breach', breach: first.breach, hits };
            nextSample += intervalSec;
          }
          if (ended) break;
          if (served >= seconds) {
            ended = { outcome: 'elapsed' };
            break;
          }
          if (served >= nextCheckpoint) {
            this.e.record('wait', { kind: 'progress', stepId, waitId: wait.id, servedSeconds: round(served) });
            nextCheckpoint += checkpoint;
          }
          this.e.live.setWait(live(served));
          const untilSample = ((nextSample - served) / speed) * 1000;
          const untilEnd = ((seconds - served) / speed) * 1000;
          await nap(Math.max(5, Math.min(1000, untilSample, untilEnd)), signal, (f) => (poke = f));
        }
      });
    } catch (err) {
      // Ctrl-C or the session closing: what was seen is kept (not judged: the wait did not end), and the time served
      this.recordSeries(stepId, wait, samplers, samples, 'interrupted');
      this.e.record('wait', { kind: 'progress', stepId, waitId: wait.id, servedSeconds: round(served) });
      if (signalled(err)) return 'stopped';
      throw err;
    } finally {
      this.running = undefined;
      this.e.live.setWait(undefined);
    }
    const outcome = ended ?? { outcome: 'elapsed' as const };
    const judged = judgedGates(ctx.step, wait, samplers, samples.map((x) => x.values.length));
    // taken before the series are recorded (recording empties them for a resumed wait)
    const evidence = outcome.outcome === 'breach' ? breachEvidence(wait, samplers, samples, outcome.hits, intervalSec) : undefined;
    this.recordSeries(stepId, wait, samplers, samples, outcome.outcome === 'breach' ? new Set(outcome.hits.map((h) => h.sampler)) : undefined);
    this.e.record('wait', {
      kind: 'end',
      stepId,
      waitId: wait.id,
      outcome: outcome.outcome,
      servedSeconds: round(served),
      ...(outcome.outcome === 'ended-early' ? { reason: outcome.reason } : {}),
      ...(outcome.outcome === 'breach' ? { breach: outcome.breach } : {}),
      ...(judged.length > 0 && outcome.outcome === 'elapsed' ? { judgedGates: judged } : {}),
    });
    if (outcome.outcome === 'ended-early') {
      ctx.deviations.push(`${wait.text} ended early after ${Math.round(served)} of ${seconds} s: ${outcome.reason}`);
      return 'done';
    }
    if (outcome.outcome === 'elapsed' || !evidence) return 'done';
    const b = outcome.breach;
    const reason = `wait breach: ${b.metric} ${formatValue(b.value, b.unit)} against ${b.criterion} (${wait.text})`;
    // the decision the runbook ties to this step (or the tree that names the metric) is raised with the data
    await failStep(this.e, ctx, evidence, reason);
    return 'stopped';
  }

  /**
   * One `metric` event per watched metric with samples: what the wait saw, and whether it
   * broke a criterion. A wait broken off by Ctrl-C or a quit is neither GO nor NO-GO: unverified.
   */
  private recordSeries(
    stepId: string,
    wait: MonitoredWait,
    samplers: WaitSampler[],
    samples: { values: number[]; times: number[] }[],
    breached: ReadonlySet<number> | 'interrupted' | undefined,
  ): void {
    for (const [i, s] of samplers.entries()) {
      const got = samples[i];
      if (!got || got.values.length === 0) continue;
      const points = got.values.map((value, k) => ({ t: got.times[k] ?? 0, value }));
      const summary = summarise({ metric: s.metric, points });
      this.e.record('metric', {
        stepId,
        gateId: wait.id,
        name: s.metric,
        ...(s.unit ? { unit: s.unit } : {}),
        source: s.kind ?? 'simulated',
        windowMs: wait.seconds * 1000,
        result: breached === 'interrupted' ? 'unverified' : breached?.has(i) ? 'fail' : 'pass',
        verdict: breached === 'interrupted' ? 'unverified' : breached === undefined ? 'go' : 'no-go',
        thresholds: criteriaOn(s.metric, wait.criteria).map((c) => c.threshold),
        ...(summary ? { summary } : {}),
        samples: points.map((p) => ({ t: new Date(p.t).toISOString(), v: p.value })),
      });
    }
    // the samples are recorded: a resumed wait starts a new series
    for (const got of samples) {
      got.values.length = 0;
      got.times.length = 0;
    }
  }
}

/** A limit one metric's sample crossed. */
interface BreachHit {
  sampler: number;
  criterion: WaitCriterion;
  breach: WaitBreach;
}

function breachData(s: WaitSampler, c: WaitCriterion, value: number, at: number): WaitBreach {
  return {
    metric: s.metric,
    value,
    ...(s.unit ? { unit: s.unit } : {}),
    criterion: formatThreshold(c.threshold),
    mode: c.mode,
    from: c.from,
    ...(c.gateId ? { gateId: c.gateId } : {}),
    ...(c.decisionId ? { decisionId: c.decisionId } : {}),
    at: new Date(at).toISOString(),
  };
}

function breachEvidence(wait: MonitoredWait, samplers: WaitSampler[], samples: { values: number[] }[], hits: readonly BreachHit[], intervalSec: number): BreachEvidence {
  const intervalMs = Math.round(intervalSec * 1000);
  const series = samplers.map((s, k) => ({ metric: s.metric, ...(s.unit ? { unit: s.unit } : {}), values: [...(samples[k]?.values ?? [])], intervalMs }));
  const breaches = hits.map(({ sampler, criterion: c }): Breach => {
    const own = series[sampler] ?? { metric: c.threshold.metric, values: [], intervalMs };
    let run = 0;
    for (let k = own.values.length - 1; k >= 0 && breaks(c, own.values[k] ?? 0, own.unit) === true; k--) run++;
    return { kind: 'metric', metric: own.metric, ...(own.unit ? { unit: own.unit } : {}), values: own.values, threshold: c.threshold, samples: Math.max(1, run), intervalMs, ...(c.mode === 'require' ? { required: true as const } : {}) };
  });
  return { source: 'wait', label: wait.text, breaches, series };
}

/** Gates of the step whose every threshold is a criterion of the wait judged on its samples (not asked again after it is served). */
function judgedGates(step: Step, wait: MonitoredWait, samplers: WaitSampler[], counts: number[]): string[] {
  const sampled = (t: Threshold): boolean =>
    samplers.some((s, i) => !s.noSource && (counts[i] ?? 0) > 0 && sameWatched(t.metric, s.metric)) &&
    wait.criteria.some((c) => sameWatched(c.threshold.metric, t.metric) && c.threshold.comparator === t.comparator && c.threshold.value === t.value);
  return step.gates.filter((g) => g.thresholds.length > 0 && g.thresholds.every(sampled)).map((g) => g.id);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function signalled(err: unknown): boolean {
  return err instanceof PromptCancelled || (err instanceof Error && (err.name === 'SamplingCancelled' || err.name === 'AbortError' || err.name === 'WaitInterrupted'));
}

class WaitInterrupted extends Error {
  override readonly name = 'WaitInterrupted';
}

/** Sleeps `ms`, or less when poked (the operator ended or extended the wait); rejects when the signal aborts. */
function nap(ms: number, signal: AbortSignal, setPoke: (poke: (() => void) | undefined) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new WaitInterrupted('wait interrupted'));
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      setPoke(undefined);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    const onAbort = (): void => {
      done();
      reject(new WaitInterrupted('wait interrupted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    setPoke(() => {
      done();
      resolve();
    });
  });
}
