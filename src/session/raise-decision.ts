// Gates raise decisions: when a step goes wrong (a gate NO-GO, a failed check, a breach
// during a monitored wait) and the runbook ties a decision to that step, the decision is put
// to the operator at once, each question the data answers with a proposed answer and why.
// The operator still chooses; the raise (with its data), each proposal and each answer are
// events in the log.
import type { Decision, Runbook, Step } from '../runbook/model.js';
import { findThresholds } from '../runbook/thresholds.js';
import { breachLines, decisionConditions, failureReason, metricKey, proposeAnswer, type BreachEvidence } from './breach.js';
import { offerContingency } from './contingency-offer.js';
import { walkDecision, type DecisionWalkOptions } from './decision-step.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { RaisedBy, SessionState } from './types.js';
import { isFinished, nextOpenStep } from './walk-plan.js';
import type { Breach, ObservedSeries } from './breach.js';

export type { BreachEvidence, Breach, ObservedSeries } from './breach.js';

export type RaiseResult =
  | { raised: false }
  | {
      raised: true;
      decisionId: string;
      /** The decision's number in the session ("left by decision 2"). */
      n: number;
      /** Where the answers lead: the step the walk goes to next (absent: nowhere new). */
      jumpTo?: string;
      /** An answer said stop: the main path waits for the operator to say how it was resolved. */
      halted: boolean;
      /** The last answer only said go on ("No → continue"): the failed step is left behind for the next one. */
      onward: boolean;
    };

const FAILING = /\b(fail|fails|failed|failing|failure|failures|unhealthy|down|broken|crash(es|ed)?)\b/i;

function asksAboutFailing(decision: Decision): boolean {
  return decision.questions.some((q) => FAILING.test(q.question) || (q.conditions ?? []).some((c) => FAILING.test(c)));
}

/** How strongly a decision is tied to a step: 0 is not at all. */
function tieScore(runbook: Runbook, step: Step, home: Step, decision: Decision, evidence: BreachEvidence): number {
  if (decision.kind === 'choice') return 0;
  if (home.id === step.id) return 100;
  // a failed check ties a decision of its section only when that decision asks about failing
  const checksOnly = evidence.breaches.every((b) => b.kind === 'check');
  if (home.sectionId === step.sectionId) return !checksOnly || asksAboutFailing(decision) ? 90 : 0;
  // an "If X fails:" question elsewhere is another step's business
  if (decision.kind === 'branch') return 0;
  const metrics = new Set(evidence.breaches.flatMap((b) => (b.kind === 'metric' ? [metricKey(b.metric), metricKey(b.threshold.metric)] : [])));
  if (metrics.size === 0) return 0;
  const names = (text: string): boolean => {
    const key = metricKey(text);
    return [...metrics].some((m) => m.length > 0 && key.includes(m)) || findThresholds(text).some((t) => metrics.has(metricKey(t.metric)));
  };
  const texts = decision.questions.flatMap((q) => [q.question, ...(q.conditions ?? [])]);
  const hits = texts.filter(names).length;
  if (hits === 0) return 0;
  // a tree drawn for the purpose beats a list of conditions, which beats a table of alerts; a contingency beats the main path
  const kind = decision.kind === 'tree' ? 30 : decision.kind === 'list' ? 20 : 10;
  return kind + (home.path === 'branch' ? 5 : 0) + Math.min(hits, 4);
}

/**
 * The decision the runbook ties to `step` for this evidence, and the step it belongs to: a
 * decision of the step itself, else one in its section, else (for a metric breach) the
 * decision whose questions name the metric, a tree before a list of conditions before a
 * table. Undefined: nothing is tied; the step only fails.
 */
export function tiedDecision(runbook: Runbook, step: Step, evidence: BreachEvidence): { decision: Decision; home: Step } | undefined {
  let best: { decision: Decision; home: Step; score: number } | undefined;
  for (const home of runbook.steps) {
    for (const decision of home.decisions) {
      const score = tieScore(runbook, step, home, decision, evidence);
      if (score > 0 && (!best || score > best.score)) best = { decision, home, score };
    }
  }
  return best ? { decision: best.decision, home: best.home } : undefined;
}

/**
 * Raises the decision the runbook ties to the step being walked, because of an observed
 * breach or failure. Call it from any observer (a gate that went NO-GO, a failed check, a
 * monitored wait that saw a limit crossed) BEFORE ending the step:
 *
 *   const raised = await raiseTiedDecision(e, ctx, { source: 'wait', label, breaches, series });
 *   e.record('step.end', { stepId: ctx.step.id, status: 'failed', reason, ...(ctx.jumpTo ? { next: ctx.jumpTo } : {}) });
 *
 * (`failStep` below does both.) It records a `flow` `raise` event with the evidence and its
 * data lines, then walks the decision: every question the data answers is asked with that
 * answer proposed and why ("error rate 1.83% > 1% for 3 samples"); the operator chooses (a
 * choice against the proposal asks a one-line reason); each answer is a `decision` event with
 * the proposal. An answer leading to a section sets `ctx.jumpTo` (and enters a contingency
 * section), so the failed step's `step.end` must carry `next: ctx.jumpTo`. The decision's own
 * step, if it is only that decision, ends answered. When the runbook ties no decision to the
 * step, its nearest Troubleshooting / Rollback sections are offered (contingency-offer.ts);
 * `{ raised: false }` when none was opened.
 */
export async function raiseTiedDecision(e: EngineContext, ctx: StepContext, evidence: BreachEvidence, output?: string): Promise<RaiseResult> {
  const tied = tiedDecision(e.runbook, ctx.step, evidence);
  // the prompt's lines: why, the data (not the reason again), and a failed command's own last lines
  const reason = failureReason(evidence);
  const raisedBy: RaisedBy = { reason, data: breachLines(evidence).filter((line) => line !== reason), ...(output ? { output } : {}) };
  if (!tied) {
    // nothing tied: the runbook's Troubleshooting / Rollback is offered instead
    const n = await offerContingency(e, ctx, raisedBy);
    return n !== undefined && ctx.jumpTo ? { raised: true, decisionId: `flow:failed:${ctx.step.id}`, n, jumpTo: ctx.jumpTo, halted: false, onward: false } : { raised: false };
  }
  const { decision, home } = tied;
  const state = e.state();
  // resumed while the raised decision was being answered: go on with it, nothing raised twice
  const open = state.flow.raised;
  const resuming = open !== undefined && open.stepId === ctx.step.id && open.decisionId === decision.id;
  const n = resuming ? open.n : state.flow.decisions + 1;
  if (!resuming) {
    e.record('flow', {
      kind: 'raise',
      stepId: ctx.step.id,
      decisionId: decision.id,
      decisionStepId: home.id,
      title: decision.title,
      n,
      source: evidence.source,
      label: evidence.label,
      data: breachLines(evidence),
      evidence,
    });
  }
  const walked = await walkDecision(e, ctx, decision, { n, propose: (node) => proposeAnswer(node, evidence, ctx.step.title), raisedFrom: ctx.step.id, raisedBy,
    conditions: decisionConditions(decision, evidence),
  });
  const after = e.state();
  const halted = after.flow.halted !== undefined;
  return { raised: true, decisionId: decision.id, n, ...(ctx.jumpTo ? { jumpTo: ctx.jumpTo } : {}), halted, onward: walked.onward && !halted && ctx.jumpTo === undefined };
}

/** An undone raised decision asked again: raised anew (a new number) on the evidence the log kept; nothing is sampled or run again. */
export async function raiseAgain(e: EngineContext, step: Step, evidence: BreachEvidence): Promise<void> {
  await failStep(e, { step, deviations: [] }, evidence);
}

/**
 * A step that went wrong: the tied decision raised (if any), then the step ended failed
 * (`reason`, by default "gate NO-GO: ..." / "check failed: ..." / "limit crossed during the
 * wait: ..."), going where the answers lead. A step resumed while its raised decision was being
 * answered comes back here (step-walk.ts) with the evidence the log kept: nothing is sampled again.
 */
export async function failStep(e: EngineContext, ctx: StepContext, evidence: BreachEvidence, reason = failureReason(evidence)): Promise<RaiseResult> {
  const raised = await raiseTiedDecision(e, ctx, evidence);
  // no jump, but an answer asked for an action: the walk goes to the step it inserted; an
  // answer that only goes on leaves the failed step behind (still failed) for the next open one
  const state = e.state();
  const inserted = state.flow.inserted.find((s) => s.after === ctx.step.id && !isFinished(state.steps[s.id]?.status))?.id;
  const next = ctx.jumpTo ?? inserted ?? (raised.raised && raised.onward ? nextOpenStep(state, e.plan, ctx.step.id) : undefined);
  e.record('step.end', { stepId: ctx.step.id, status: 'failed', reason, ...(next ? { next } : {}) });
  return raised;
}

/** The metrics the session has sampled so far (the latest series of each), as evidence for proposals; undefined when none. */
export function sessionEvidence(state: SessionState): BreachEvidence | undefined {
  const series = new Map<string, ObservedSeries>();
  for (const st of Object.values(state.steps)) {
    for (const m of st.metrics ?? []) series.set(metricKey(m.name), { metric: m.name, values: m.values, ...(m.unit ? { unit: m.unit } : {}) });
  }
  return series.size > 0 ? { source: 'gate', label: 'metrics sampled in this session', breaches: [], series: [...series.values()] } : undefined;
}

/** Words of a command or step whose exit code is its verdict. */
const VERDICT = /\b(validat\w*|verif\w*|checks?|tests?|testing|health\w*|lint\w*|probe|smoke)\b/i;

/**
 * What the commands before a decision say: the last step up to `step` whose commands ran (the
 * latest run of each), its failed checks as breaches and its clean runs ("`tplctl check` exit 0,
 * 2 checks passed"). Undefined when nothing ran (a rehearsal, a decision before any command).
 */
export function commandEvidence(runbook: Runbook, state: SessionState, step: Step): BreachEvidence | undefined {
  const upTo = runbook.steps.findIndex((s) => s.id === step.id);
  for (let i = upTo; i >= 0; i--) {
    const at = runbook.steps[i];
    const runs = new Map((at ? (state.steps[at.id]?.runs ?? []) : []).filter((r) => r.status === 'exited').map((r) => [r.commandId, r]));
    if (!at || runs.size === 0) continue;
    const breaches: Breach[] = [];
    const clean: { text: string; why: string }[] = [];
    for (const run of runs.values()) {
      const failed = run.checks.filter((c) => c.result === 'fail');
      for (const c of failed) breaches.push({ kind: 'check', text: c.text, ...(c.actual !== undefined ? { actual: c.actual } : {}), commandId: run.commandId });
      if (failed.length > 0 || run.exitCode !== 0) continue;
      const code = at.commands.find((c) => c.id === run.commandId)?.code ?? '';
      const passed = run.checks.filter((c) => c.result === 'pass').length;
      const seen = run.checks.some((c) => c.result === 'pass' && !/^exit code\b/i.test(c.text));
      // a clean exit says something only of a command that judges (a validate, a test, a health
      // check) or one whose expected output was seen; a query exiting 0 says nothing of a canary
      if (!seen && !VERDICT.test(`${code} ${at.title}`)) continue;
      const first = code.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#'))?.trim() ?? run.commandId;
      clean.push({ text: `${code} ${at.title}`, why: `\`${first}\` exit 0${passed > 1 ? `, its ${passed} checks passed` : ''}` });
    }
    return { source: 'check', label: `the commands of ${at.title}`, breaches, clean };
  }
  return undefined;
}

/** How a decision reached in order is walked: proposals from what the step's commands and the session's metrics say, if anything. */
export function inOrderWalk(e: EngineContext, step: Step, decision: Decision): DecisionWalkOptions {
  const state = e.state();
  const metrics = sessionEvidence(state);
  const commands = commandEvidence(e.runbook, state, step);
  if (!metrics && !commands) return {};
  const evidence: BreachEvidence = { source: commands?.source ?? 'gate', label: commands?.label ?? metrics?.label ?? '', breaches: commands?.breaches ?? [], ...(metrics?.series ? { series: metrics.series } : {}), ...(commands?.clean ? { clean: commands.clean } : {}) };
  return { propose: (node) => proposeAnswer(node, evidence, step.title), conditions: decisionConditions(decision, evidence) };
}
