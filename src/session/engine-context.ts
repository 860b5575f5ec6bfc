// What the engine's parts share: the options a session is opened with, and the narrow view
// of the engine each step module works through (state, record, ask, one operation at a time).
// The modules never hold session state of their own: state is the reducer's, read by state().
import { join } from 'node:path';
import type { Identity } from '../identity.js';
import type { Runbook, Step } from '../runbook/model.js';
import type { MetricOptions } from './metric-run.js';
import type { AuditEvent, AuditEventType, SessionMode } from './audit-event.js';
import type { AuditLog } from './audit-log.js';
import type { EventDataByType } from './event-data.js';
import type { LiveView } from './live-output.js';
import type { SessionLock } from './lock.js';
import type { SessionParams } from './engine-params.js';
import type { SessionPaths } from './session-dir.js';
import type { ShellStateFile } from './shell-state-file.js';
import type { WalkPlan } from './walk-plan.js';
import type { SessionStore } from './store.js';
import type { CommandExecutor, Prompt, PromptAnswers, PromptKind, SessionState } from './types.js';

export interface EngineOptions {
  runbook: Runbook;
  log: AuditLog;
  /** Events already in the log (replayed on resume). */
  events: AuditEvent[];
  identity: Identity;
  mode: SessionMode;
  paths: SessionPaths;
  lock: SessionLock;
  store?: SessionStore;
  executor?: CommandExecutor;
  /** Parameter values known in memory (secrets included; never written). */
  values?: Map<string, string>;
  fourEyes?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Set on resume when the runbook on disk differs from the copy the session started with. */
  runbookChange?: { oldSha256: string; newSha256: string; oldSource: string; newBytes: Uint8Array };
  /** Ask for every parameter nobody supplied as soon as the session opens. */
  askParamsAtStart?: boolean;
  /** --simulate: gates are judged on simulated metrics, in a run and in a rehearsal. */
  simulate?: boolean;
  /** Metric sources instead of the defaults (tests) and the simulator's pace (TUI). */
  metrics?: MetricOptions;
  /** The session's shell state file (resume passes the one it restored from). */
  shellFile?: ShellStateFile;
  /** Said to the operator once the session opens (what came back of the shell on resume). */
  notice?: string;
}

/** One step being walked: what its parts add up to for its step.end. */
export interface StepContext {
  step: Step;
  deviations: string[];
  /** Walked again after an interruption (step.start without step.end): what was recorded stands. */
  resumed?: boolean;
  jumpTo?: string;
  output?: { file: string; sha256: string };
  /** The last lines the step's latest block printed: a gate the operator judges by eye shows them, and the values it names. */
  outputTail?: string;
}

/** Why a part of a step returned early: the step ended (failed or skipped), or the session is to be aborted. */
export type StepOutcome = 'done' | 'stopped' | 'abort';

export interface EngineContext {
  readonly runbook: Runbook;
  /** Which steps the walk may land on (main path, branches, alternatives). */
  readonly plan: WalkPlan;
  readonly mode: SessionMode;
  readonly options: EngineOptions;
  readonly params: SessionParams;
  readonly live: LiveView;
  /** The headless runner walks without a person. */
  readonly unattended: boolean;
  /** The reducer's state after every event recorded so far. */
  state(): SessionState;
  /** Appends an event (its data checked against its type) and applies it to the state. */
  record<T extends AuditEventType>(type: T, data: EventDataByType[T]): AuditEvent;
  /** Puts a question to whoever drives the engine; rejects with PromptCancelled when the session closes. */
  ask<K extends PromptKind>(prompt: Extract<Prompt, { kind: K }>): Promise<PromptAnswers[K]>;
  /** Runs one cancellable operation under a child of the session's AbortController (Ctrl-C aborts only it). */
  operation<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** A line for the operator, kept with any notice already showing. */
  addNotice(text: string): void;
  /** Where blocks run when no block has changed directory. */
  cwd(): string;
  /** Shows the operator a step (the view's selection; nothing is recorded). */
  select(stepId: string): void;
}

/** A command's spooled output file: `<outputs>/<step>-<command>-<attempt>.log` (attempt counts from 1). */
export function spoolPathFor(e: Pick<EngineContext, 'options'>, stepId: string, commandId: string, attempt: number): string {
  return join(e.options.paths.outputs, `${stepId}-${commandId}-${attempt}.log`);
}

/** A step skipped (by the operator, or by a recovery choice): the deviation and the step's end. */
export function recordSkip(e: Pick<EngineContext, 'record'>, stepId: string, reason: string): void {
  e.record('deviation', { kind: 'skip', stepId, reason });
  e.record('step.end', { stepId, status: 'skipped', reason });
}

/**
 * Runs one operation under its own AbortController, a child of the session's: closing the
 * session aborts it, and `track` holds it (then undefined) so Ctrl-C can abort it alone.
 */
export async function underSession<T>(
  session: AbortSignal,
  run: (signal: AbortSignal) => Promise<T>,
  track: (op: AbortController | undefined) => void,
): Promise<T> {
  const op = new AbortController();
  const closed = (): void => op.abort();
  session.addEventListener('abort', closed, { once: true });
  if (session.aborted) op.abort();
  track(op);
  try {
    return await run(op.signal);
  } finally {
    track(undefined);
    session.removeEventListener('abort', closed);
  }
}
