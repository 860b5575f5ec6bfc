// The pure reducer: audit events -> SessionState. The log is the source of truth; the
// engine applies each event it appends, and resume replays the whole log through here.
import { sessionEvent, type AuditEvent } from './audit-event.js';
import { principalInEvent } from '../azure/principal.js';
import type { CmdExitData, WaitData } from './event-data.js';
import { applyFlow, backToRaiser, flowAfterDecision, flowAfterStepEnd, raisedWith } from './reducer-flow.js';
import type { MetricEventData } from './metric-event.js';
import { planWithInserted } from './outcome-steps.js';
import type { CheckState, CommandRun, FlowState, MetricState, SessionState, StepState, WaitState } from './types.js';
import { branchOpenSteps, linearPlan, nextOpenStep, type WalkPlan } from './walk-plan.js';
import { appendNote, stepRecord, updateSteps } from './persistent.js';

export { nextOpenStep };

export function emptyStepState(): StepState {
  return { status: 'pending', items: {}, runs: [] };
}

function emptyFlow(): FlowState {
  return { answers: {}, chosen: {}, detours: [], decisions: 0, open: {}, jumps: [], inserted: [], raisedBy: {} };
}

function planOf(plan: WalkPlan | readonly string[]): WalkPlan {
  return 'lanes' in plan ? plan : linearPlan(plan);
}

/** The state before any event: every step pending, the cursor on the first step in play. */
export function initialState(plan: WalkPlan | readonly string[]): SessionState {
  const { order } = planOf(plan);
  const steps = stepRecord(order.map((id) => [id, emptyStepState()] as const));
  const state: SessionState = {
    id: '',
    mode: 'run',
    runbookFile: '',
    runbookSha256: '',
    actor: '',
    startedAt: '',
    status: 'active',
    currentStepId: order[0],
    steps,
    paramsSet: {},
    notes: [],
    flow: emptyFlow(),
    seq: 0,
  };
  return { ...state, currentStepId: nextOpenStep(state, planOf(plan), undefined) };
}

export function reduceSession(events: readonly AuditEvent[], plan: WalkPlan | readonly string[]): SessionState {
  const p = planOf(plan);
  let state = initialState(p);
  for (const ev of events) state = applyEvent(state, ev, p);
  return state;
}

function withStep(state: SessionState, stepId: string, update: (s: StepState) => StepState): SessionState {
  return { ...state, steps: updateSteps(state.steps, [stepId], update, emptyStepState) };
}

function updateRun(step: StepState, commandId: string, update: (r: CommandRun) => CommandRun): StepState {
  // the latest run of that command is the one an exit or check belongs to
  const idx = step.runs.map((r) => r.commandId).lastIndexOf(commandId);
  if (idx < 0) return step;
  const runs = step.runs.slice();
  runs[idx] = update(runs[idx] as CommandRun);
  return { ...step, runs };
}

function exitStatus(d: CmdExitData): CommandRun['status'] {
  if (d.interrupted) return 'interrupted';
  if (d.cancelled) return 'cancelled';
  return d.execution === 'manual' ? 'confirmed' : 'exited';
}

/** Whether the event sets the walk's cursor (a step starts or ends, a command is to run again). */
export function movesCursor(raw: AuditEvent): boolean {
  const ev = sessionEvent(raw);
  switch (ev.type) {
    case 'step.start':
    case 'step.end':
      return true;
    case 'recovery':
      return ev.data.reason === 'interrupted-command' && ev.data.action === 'rerun';
    case 'flow':
      return ev.data.kind === 'enter' || ev.data.kind === 'leave';
    default:
      return false;
  }
}

export function applyEvent(prev: SessionState, raw: AuditEvent, planned: WalkPlan | readonly string[]): SessionState {
  // steps decisions inserted are on the path like the runbook's own
  const plan = planWithInserted(planOf(planned), prev.flow.inserted);
  const ev = sessionEvent(raw);
  const azure = principalInEvent(ev.data);
  const state: SessionState = { ...prev, seq: ev.seq, ...(azure ? { azure } : {}) };
  switch (ev.type) {
    case 'session.start': {
      const d = ev.data;
      return {
        ...state,
        id: ev.session,
        mode: d.mode,
        runbookFile: d.runbook,
        runbookSha256: d.sha256,
        actor: ev.actor,
        startedAt: ev.ts,
      };
    }
    case 'param.set': {
      const d = ev.data;
      return { ...state, paramsSet: { ...state.paramsSet, [d.name]: { secret: d.secret, source: d.source } } };
    }
    case 'step.start': {
      const d = ev.data;
      const next = withStep(state, d.stepId, (s) => ({ ...s, status: 'running', startedAt: ev.ts }));
      // a step of the branch has run: the decision that led here can no longer be undone
      return { ...next, currentStepId: d.stepId, flow: { ...next.flow, undoable: undefined } };
    }
    case 'cmd.start': {
      const d = ev.data;
      const run: CommandRun = {
        commandId: d.commandId,
        status: d.execution === 'would-run' ? 'would-run' : 'running',
        checks: [],
        ...(d.resolved ? { resolved: d.resolved } : {}),
        ...(d.args ? { args: d.args } : {}),
      };
      return withStep(state, d.stepId, (s) => ({ ...s, runs: [...s.runs, run] }));
    }
    case 'cmd.exit': {
      const d = ev.data;
      return withStep(state, d.stepId, (s) =>
        updateRun(s, d.commandId, (r) => ({
          ...r,
          status: exitStatus(d),
          ...(d.interrupted !== undefined ? { interrupted: d.interrupted } : {}),
          ...(d.exitCode !== undefined ? { exitCode: d.exitCode } : {}),
          ...(d.signal !== undefined ? { signal: d.signal } : {}),
          ...(d.timedOut ? { timedOut: true, ...(d.timeoutMs !== undefined ? { timeoutMs: d.timeoutMs } : {}) } : {}),
          ...(d.durationMs !== undefined ? { durationMs: d.durationMs } : {}),
          ...(d.failed ? { failed: d.failed } : {}),
        })),
      );
    }
    case 'input': {
      const d = ev.data;
      return withStep(state, d.stepId, (s) => updateRun(s, d.commandId, (r) => ({ ...r, inputs: [...(r.inputs ?? []), d.text] })));
    }
    case 'check': {
      const d = ev.data;
      if (d.kind === 'item') {
        return withStep(state, d.stepId, (s) => ({ ...s, items: { ...s.items, [d.itemId]: d.checked } }));
      }
      const commandId = d.commandId;
      if (commandId === undefined) return state;
      const check: CheckState = {
        text: d.expected,
        result: d.result,
        ...(d.actual !== undefined ? { actual: d.actual } : {}),
        ...(d.confirmedBy !== undefined ? { confirmedBy: d.confirmedBy } : {}),
        ...(d.note !== undefined ? { note: d.note } : {}),
      };
      return withStep(state, d.stepId, (s) =>
        s.runs.some((r) => r.commandId === commandId) ? updateRun(s, commandId, (r) => ({ ...r, checks: [...r.checks, check] })) : { ...s, gateChecks: [...(s.gateChecks ?? []), check] },
      );
    }
    case 'note': {
      const d = ev.data;
      // a confirmation refused (Esc): the command did not run and the step waits, pending
      const declined = d.kind === 'declined' && d.stepId !== undefined && state.steps[d.stepId]?.status === 'running';
      const base = declined && d.stepId !== undefined ? withStep(state, d.stepId, (s) => ({ ...s, status: s.runs.length > 0 ? s.status : 'pending' })) : state;
      return {
        ...base,
        notes: appendNote(state.notes, { ts: ev.ts, actor: ev.actor, text: d.text, ...(d.stepId ? { stepId: d.stepId } : {}) }),
      };
    }
    case 'step.end': {
      const d = ev.data;
      // the reason is this end's: a step that failed and then passed on a retry is not "passed: check failed"
      const ended = withStep(state, d.stepId, ({ reason: _earlier, ...s }) => ({
        ...s,
        status: d.status,
        endedAt: ev.ts,
        ...(d.reason !== undefined ? { reason: d.reason } : {}),
      }));
      // a failed step stays under the cursor, unless a decision it raised leads elsewhere; the
      // last step of a block its answer entered ("If validation fails:") goes back to it
      const cursor = d.next ?? (d.status === 'failed' ? d.stepId : (backToRaiser(ended, plan, d.stepId) ?? nextOpenStep(ended, plan, d.stepId)));
      return { ...ended, currentStepId: cursor, flow: flowAfterStepEnd(ended.flow, d.stepId) };
    }
    case 'flow':
      return applyFlow(state, ev.data, plan, ev.ts);
    case 'wait': {
      const d = ev.data;
      return withStep(state, d.stepId, (s) => ({ ...s, waits: { ...s.waits, [d.waitId]: waitStateOf(s.waits?.[d.waitId], d) } }));
    }
    case 'decision': {
      const d = ev.data;
      const flow = flowAfterDecision(state.flow, d, ev.seq);
      const added = flow.inserted.slice(state.flow.inserted.length).map((s) => s.id);
      const listed = added.reduce((st, id) => withStep(st, id, (s) => s), state);
      const to = d.jumpTo ?? added[0];
      if (added.length === 0 || to === undefined || d.n === undefined) return { ...listed, flow };
      // the inserted steps can be undone with the answer until a step of the branch runs
      const same = state.flow.undoable?.n === d.n ? state.flow.undoable : undefined;
      const raised = raisedWith(state.flow, d.decisionId, d.stepId);
      const undoable = same
        ? { ...same, inserted: [...(same.inserted ?? []), ...added] }
        : { n: d.n, decisionId: d.decisionId, from: d.stepId, to, left: [], inserted: added, ...(raised ? { raisedWith: raised } : {}) };
      return { ...listed, flow: { ...flow, undoable } };
    }
    case 'session.end': {
      const d = ev.data;
      return { ...state, status: d.outcome, endedAt: ev.ts, ...(d.reason ? { endReason: d.reason } : {}) };
    }
    case 'metric': {
      const d = ev.data;
      const metric = metricStateOf(d);
      return withStep(state, d.stepId, (s) => ({ ...s, metrics: [...(s.metrics ?? []), metric] }));
    }
    case 'output': {
      const d = ev.data;
      return withStep(state, d.stepId, (s) => updateRun(s, d.commandId, (r) => ({ ...r, output: { file: d.file, bytes: d.bytes, lines: d.lines } })));
    }
    case 'recovery': {
      // "run it again" after a crash: the walk goes back to that step, whose command runs anew
      const d = ev.data;
      return d.reason === 'interrupted-command' && d.action === 'rerun' ? { ...state, currentStepId: d.stepId } : state;
    }
    case 'deviation': {
      const d = ev.data;
      // a failed command's checks overridden: its run counts as done, the step as waived
      if (d.kind !== 'override' || d.stepId === undefined || d.target === undefined) return state;
      const target = d.target;
      return withStep(state, d.stepId, (s) => updateRun(s, target, (r) => ({ ...r, overridden: d.reason })));
    }
    case 'evidence':
    case 'signoff':
    case 'shell.restore':
      // recorded for the evidence pack; they do not move the walk by themselves
      return state;
    default: {
      const never: never = ev;
      return never;
    }
  }
}

/** Whether the branch being walked has nothing left (the engine then records its leave). */
export function branchDone(state: SessionState, plan: WalkPlan): boolean {
  return state.flow.branch !== undefined && branchOpenSteps(state, plan).length === 0;
}

/** A wait after one of its events. */
function waitStateOf(prev: WaitState | undefined, d: WaitData): WaitState {
  const base: WaitState = prev ?? { seconds: 0, servedSeconds: 0, status: 'running' };
  switch (d.kind) {
    case 'start':
      return { seconds: d.seconds, servedSeconds: 0, status: 'running' };
    case 'progress':
    case 'resume':
      return { ...base, servedSeconds: d.servedSeconds };
    case 'extend':
      return { ...base, seconds: d.seconds };
    case 'end':
      return { ...base, servedSeconds: d.servedSeconds, status: d.outcome, ...(d.reason !== undefined ? { reason: d.reason } : {}), ...(d.judgedGates ? { judgedGates: d.judgedGates } : {}) };
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** The step detail's view of a `metric` event (src/session/metric-event.ts writes them). */
function metricStateOf(d: MetricEventData): MetricState {
  return {
    gateId: d.gateId,
    name: d.name,
    ...(d.unit !== undefined ? { unit: d.unit } : {}),
    result: d.result,
    verdict: d.verdict,
    values: d.samples.map((s) => s.v),
    thresholds: d.thresholds,
  };
}

/** The positional arguments the latest run of a command of step `stepId` was started with. */
export function lastRunArgs(state: SessionState, stepId: string, commandId: string): string[] | undefined {
  let found: string[] | undefined;
  for (const run of state.steps[stepId]?.runs ?? []) if (run.commandId === commandId && run.args) found = run.args;
  return found;
}
