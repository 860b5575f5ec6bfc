// Outcomes that are actions without a section ("Fix Forward if Possible", "IMMEDIATE
// ROLLBACK + Restore Data") become steps of their own, inserted into the path right after the
// step where the decision was answered: a thing to do and tick. They come from the recorded
// `decision` event (its `actionStep` mark), never from changing the parsed runbook, so the
// reducer, resume and the evidence pack all derive the same steps from the same log.
import { blankStep } from '../runbook/blank-step.js';
import type { Runbook, Step } from '../runbook/model.js';
import { criteriaAfter, outcomeWait, watchedMetrics, type MonitoredWait } from '../runbook/waits.js';
import type { TakenAnswer } from '../runbook/decision-rows.js';
import type { DecisionData } from './event-data.js';
import type { WalkPlan } from './walk-plan.js';

/** A step a decision's answer inserted: what to do, and the answer that asked for it. */
export interface InsertedStep {
  id: string;
  /** The outcome as written: the step's title. */
  text: string;
  /** The step it comes after (and after any inserted there before it): the step the decision was answered in, or the last step of the section the answer went to. */
  after: string;
  decisionId: string;
  n?: number;
  question: string;
  answer: string;
  /** The question asked once this is done ("Investigate ──> Still Down?"), where it is in the tree and the answers before it. */
  then?: { question: string; top: number; taken: TakenAnswer[] };
}

/**
 * The steps a decision event inserts: its answer's action when it names no section (with the
 * question to ask after it, if any), and the actions after a section it jumps to ("+ Restore
 * Data"). `seq` makes the ids; `taken` is the walk's answers so far, this one included.
 */
export function insertedBy(d: DecisionData, seq: number, taken: readonly TakenAnswer[] = []): InsertedStep[] {
  const base = { decisionId: d.decisionId, ...(d.n !== undefined ? { n: d.n } : {}), question: d.question, answer: d.answer };
  const steps: InsertedStep[] = [];
  if (d.actionStep && d.outcome !== undefined) {
    steps.push({ id: `outcome-${seq}`, text: d.outcome, after: d.stepId, ...base, ...(d.thenAsk ? { then: { ...d.thenAsk, taken: [...taken] } } : {}) });
  }
  (d.also?.text ?? []).forEach((text, i) => steps.push({ id: `outcome-${seq}-${i + 1}`, text, after: d.also?.after ?? d.stepId, ...base }));
  return steps;
}

/** `order` with each inserted id placed after its step (after the ones inserted there before it); ids already present stay where they are. */
export function insertIds(order: readonly string[], inserted: readonly InsertedStep[]): string[] {
  const out = [...order];
  for (const s of inserted) {
    if (out.includes(s.id)) continue;
    let at = out.indexOf(s.after);
    if (at < 0) {
      out.push(s.id);
      continue;
    }
    const hosted = new Set(inserted.filter((x) => x.after === s.after).map((x) => x.id));
    while (at + 1 < out.length && hosted.has(out[at + 1] as string)) at++;
    out.splice(at + 1, 0, s.id);
  }
  return out;
}

const plans = new WeakMap<WalkPlan, { inserted: readonly InsertedStep[]; plan: WalkPlan }>();

/** The walk plan with the inserted steps in it, each in the lane of the step it follows. */
export function planWithInserted(plan: WalkPlan, inserted: readonly InsertedStep[]): WalkPlan {
  if (inserted.length === 0) return plan;
  const cached = plans.get(plan);
  if (cached?.inserted === inserted) return cached.plan;
  const lanes = new Map(plan.lanes);
  for (const s of inserted) {
    const lane = plan.lanes.get(s.after);
    if (lane && !lanes.has(s.id)) lanes.set(s.id, lane);
  }
  const extended: WalkPlan = { order: insertIds(plan.order, inserted), lanes, guards: plan.guards };
  plans.set(plan, { inserted, plan: extended });
  return extended;
}

function byWhat(s: InsertedStep): string {
  return s.n !== undefined ? `decision ${s.n}` : 'a decision';
}

/** The inserted step's title: the outcome and the decision that asked for it. */
export function insertedTitle(s: InsertedStep): string {
  return `${s.text} (${byWhat(s)})`;
}

/**
 * An outcome that says to watch for a while ("Monitor 5 min" before "Improving?") is a
 * monitored wait on the runbook's rollback criteria (criteriaAfter), counted down with the
 * metrics drawn, like the runbook's own waits.
 */
function waitOf(s: InsertedStep, host: Step | undefined, runbook: Runbook): MonitoredWait[] {
  const phrase = outcomeWait(s.text);
  if (!phrase) return [];
  const criteria = criteriaAfter(runbook, host);
  return [{ id: `${s.id}-wait`, line: host?.line ?? 0, text: phrase.text, seconds: phrase.seconds, source: 'prose', metrics: watchedMetrics(criteria), criteria }];
}

/** What the operator does with the step, said in its body. */
function todo(s: InsertedStep, wait: MonitoredWait | undefined): string {
  const what = wait ? `Press Enter to start the wait (${wait.metrics.length > 0 ? `watching ${wait.metrics.join(', ')}` : 'no metrics to watch'})` : 'Do it, then press Enter';
  return s.then ? `${what}; then the next question, “${s.then.question}”, is asked.` : wait ? `${what}.` : `${what} to record it done.`;
}

function stepOf(s: InsertedStep, host: Step | undefined, runbook: Runbook): Step {
  const waits = waitOf(s, host, runbook);
  return blankStep({
    ...(waits.length > 0 ? { waits } : {}),
    id: s.id,
    kind: 'check',
    title: insertedTitle(s),
    line: host?.line ?? 0,
    sectionId: host?.sectionId ?? '',
    body: `${s.text}\n\nAsked for by ${byWhat(s)}: ${s.question} → ${s.answer}. ${todo(s, waits[0])}`,
    trail: host?.trail ?? [],
    path: host?.path ?? 'main',
    ...(host?.contingency ? { contingency: host.contingency } : {}),
    ...(host?.alternative ? { alternative: host.alternative } : {}),
  });
}

const runbooks = new WeakMap<Runbook, { inserted: readonly InsertedStep[]; runbook: Runbook }>();

/** The runbook as the session walks it: the parsed steps with the inserted ones in place (the parsed runbook is untouched). */
export function runbookWithInserted(runbook: Runbook, inserted: readonly InsertedStep[]): Runbook {
  if (inserted.length === 0) return runbook;
  const cached = runbooks.get(runbook);
  if (cached?.inserted === inserted) return cached.runbook;
  const byId = new Map(runbook.steps.map((s) => [s.id, s]));
  for (const s of inserted) byId.set(s.id, stepOf(s, byId.get(s.after), runbook));
  const order = insertIds(
    runbook.steps.map((s) => s.id),
    inserted,
  );
  const derived: Runbook = { ...runbook, steps: order.map((id) => byId.get(id) as Step) };
  runbooks.set(runbook, { inserted, runbook: derived });
  return derived;
}
