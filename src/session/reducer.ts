// The pure reducer: audit events -> SessionState. The log is the source of truth; the
// engine applies each event it appends, and resume replays the whole log through here.
import type { AuditEvent } from './audit-event.js';
import type {
  CheckData,
  CmdExitData,
  CmdStartData,
  NoteData,
  OutputData,
  ParamSetData,
  SessionEndData,
  SessionStartData,
  StepEndData,
  StepStartData,
} from './event-data.js';
import type { Threshold } from '../runbook/model.js';
import type { CommandRun, MetricState, SessionState, StepState } from './types.js';

export function emptyStepState(): StepState {
  return { status: 'pending', items: {}, runs: [] };
}

/** The state before any event: every step pending, the cursor on the first. */
export function initialState(stepOrder: readonly string[]): SessionState {
  const steps: Record<string, StepState> = {};
  for (const id of stepOrder) steps[id] = emptyStepState();
  return {
    id: '',
    mode: 'run',
    runbookFile: '',
    runbookSha256: '',
    actor: '',
    startedAt: '',
    status: 'active',
    currentStepId: stepOrder[0],
    steps,
    paramsSet: {},
    notes: [],
    seq: 0,
  };
}

export function reduceSession(events: readonly AuditEvent[], stepOrder: readonly string[]): SessionState {
  let state = initialState(stepOrder);
  for (const ev of events) state = applyEvent(state, ev, stepOrder);
  return state;
}

function isOpen(step: StepState | undefined): boolean {
  return step === undefined || step.status === 'pending' || step.status === 'running' || step.status === 'failed';
}

/**
 * The next step still open after `stepId`; past the end, the first one still open before it
 * (steps a decision jumped over), so the walk never lands on a finished step while work remains.
 */
export function nextOpenStep(state: SessionState, stepOrder: readonly string[], stepId: string): string | undefined {
  const at = stepOrder.indexOf(stepId);
  for (let k = 1; k < stepOrder.length; k++) {
    const id = stepOrder[(at + k) % stepOrder.length] as string;
    if (isOpen(state.steps[id])) return id;
  }
  return undefined;
}

function withStep(state: SessionState, stepId: string, update: (s: StepState) => StepState): SessionState {
  const current = state.steps[stepId] ?? emptyStepState();
  return { ...state, steps: { ...state.steps, [stepId]: update(current) } };
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

export function applyEvent(prev: SessionState, ev: AuditEvent, stepOrder: readonly string[]): SessionState {
  const state: SessionState = { ...prev, seq: ev.seq };
  switch (ev.type) {
    case 'session.start': {
      const d = ev.data as unknown as SessionStartData;
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
      const d = ev.data as unknown as ParamSetData;
      return { ...state, paramsSet: { ...state.paramsSet, [d.name]: { secret: d.secret, source: d.source } } };
    }
    case 'step.start': {
      const d = ev.data as unknown as StepStartData;
      const next = withStep(state, d.stepId, (s) => ({ ...s, status: 'running', startedAt: ev.ts }));
      return { ...next, currentStepId: d.stepId };
    }
    case 'cmd.start': {
      const d = ev.data as unknown as CmdStartData;
      const run: CommandRun = {
        commandId: d.commandId,
        status: d.execution === 'would-run' ? 'would-run' : 'running',
        checks: [],
        ...(d.resolved ? { resolved: d.resolved } : {}),
      };
      return withStep(state, d.stepId, (s) => ({ ...s, runs: [...s.runs, run] }));
    }
    case 'cmd.exit': {
      const d = ev.data as unknown as CmdExitData;
      return withStep(state, d.stepId, (s) =>
        updateRun(s, d.commandId, (r) => ({
          ...r,
          status: exitStatus(d),
          ...(d.exitCode !== undefined ? { exitCode: d.exitCode } : {}),
          ...(d.signal !== undefined ? { signal: d.signal } : {}),
          ...(d.durationMs !== undefined ? { durationMs: d.durationMs } : {}),
        })),
      );
    }
    case 'check': {
      const d = ev.data as unknown as CheckData;
      if (d.kind === 'item') {
        return withStep(state, d.stepId, (s) => ({ ...s, items: { ...s.items, [d.itemId]: d.checked } }));
      }
      const commandId = d.commandId;
      if (commandId === undefined) return state;
      return withStep(state, d.stepId, (s) =>
        updateRun(s, commandId, (r) => ({
          ...r,
          checks: [...r.checks, { text: d.expected, result: d.result, ...(d.actual !== undefined ? { actual: d.actual } : {}) }],
        })),
      );
    }
    case 'note': {
      const d = ev.data as unknown as NoteData;
      return {
        ...state,
        notes: [...state.notes, { ts: ev.ts, actor: ev.actor, text: d.text, ...(d.stepId ? { stepId: d.stepId } : {}) }],
      };
    }
    case 'step.end': {
      const d = ev.data as unknown as StepEndData;
      const ended = withStep(state, d.stepId, (s) => ({
        ...s,
        status: d.status,
        endedAt: ev.ts,
        ...(d.reason !== undefined ? { reason: d.reason } : {}),
      }));
      const cursor = d.status === 'failed' ? d.stepId : (d.next ?? nextOpenStep(ended, stepOrder, d.stepId));
      return { ...ended, currentStepId: cursor };
    }
    case 'session.end': {
      const d = ev.data as unknown as SessionEndData;
      return { ...state, status: d.outcome, endedAt: ev.ts };
    }
    case 'metric': {
      const metric = metricStateOf(ev.data);
      if (!metric) return state;
      return withStep(state, String(ev.data['stepId']), (s) => ({ ...s, metrics: [...(s.metrics ?? []), metric] }));
    }
    case 'output': {
      const d = ev.data as unknown as OutputData;
      return withStep(state, d.stepId, (s) => updateRun(s, d.commandId, (r) => ({ ...r, output: { file: d.file, bytes: d.bytes, lines: d.lines } })));
    }
    case 'decision':
    case 'evidence':
    case 'signoff':
    case 'deviation':
    case 'recovery':
    case 'shell.restore':
      // recorded for the evidence pack; they do not move the walk by themselves
      return state;
    default: {
      const never: never = ev.type;
      return never;
    }
  }
}

/** The step detail's view of a `metric` event (src/steps/metric-event.ts writes them). */
function metricStateOf(d: Record<string, unknown>): MetricState | undefined {
  if (typeof d['stepId'] !== 'string' || typeof d['gateId'] !== 'string') return undefined;
  const result = d['result'] === 'pass' || d['result'] === 'fail' ? d['result'] : 'unverified';
  const verdict = d['verdict'] === 'go' || d['verdict'] === 'no-go' ? d['verdict'] : 'unverified';
  const samples = Array.isArray(d['samples']) ? d['samples'] : [];
  const values = samples.flatMap((s: unknown) => {
    const v = s !== null && typeof s === 'object' ? (s as Record<string, unknown>)['v'] : undefined;
    return typeof v === 'number' ? [v] : [];
  });
  const thresholds = Array.isArray(d['thresholds']) ? (d['thresholds'] as Threshold[]) : [];
  return {
    gateId: d['gateId'],
    name: typeof d['name'] === 'string' ? d['name'] : 'metric',
    ...(typeof d['unit'] === 'string' ? { unit: d['unit'] } : {}),
    result,
    verdict,
    values,
    thresholds,
  };
}
