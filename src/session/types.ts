// The session engine's public surface: the state a UI renders, the prompts it resolves,
// and the methods it calls. No React here; the TUI, the headless runner and tests all
// drive an engine through this interface.
import type { InsertedStep } from './outcome-steps.js';
import type { Command, Gate, MetricSourceSpec, Runbook, Threshold } from '../runbook/model.js';
import type { CheckResult } from '../steps/executor.js';
import type { SpoolTail } from '../steps/spool-tail.js';
import type { SessionMode } from './audit-event.js';
// The executor is the steps layer's; the engine's surface names it from here too.
export type { CheckResult, CommandExecutor, CommandResult, ExecOptions } from '../steps/executor.js';
import type { SignedInAs } from '../azure/principal.js';
import type { ContainerAppView } from '../azure/revisions-feed.js';
import type { BreachEvidence } from './breach.js';
import type { FailedCommand } from '../steps/shell-runner-script.js';
import type { SessionOutcome } from './event-data.js';

/** What raised a decision: why, the data lines, and the failing command's last lines when a check failed. */
export interface RaisedBy {
  reason: string;
  data: string[];
  output?: string;
}

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'skipped' | 'waived' | 'rehearsed' | 'not-needed';

export interface CommandRun {
  commandId: string;
  /** 'would-run' in rehearsal; 'confirmed' when the operator did it by hand. */
  status: 'running' | 'exited' | 'would-run' | 'confirmed' | 'cancelled' | 'interrupted';
  /** Interrupted (resume found no exit): what the operator chose; 'rerun' leaves the command to run again. */
  interrupted?: 'done' | 'rerun' | 'skip';
  exitCode?: number;
  signal?: string;
  /** Stopped at its time limit of `timeoutMs` (the signal is then the runner's own). */
  timedOut?: boolean;
  timeoutMs?: number;
  durationMs?: number;
  /** The command the block stopped on (failed where `set -e` would have stopped). */
  failed?: FailedCommand;
  /** Lines the operator typed into it, secret-looking ones masked. */
  inputs?: string[];
  checks: CheckState[];
  /** The script as recorded in the log (values filled in, secrets masked). */
  resolved?: string;
  /** Its full output, spooled in the session's outputs/ (from the `output` event). */
  output?: { file: string; bytes: number; lines: number };
  /** A script's positional arguments it was started with (from cmd.start): a rerun, also after a resume, uses the same. */
  args?: string[];
  /** Its failed checks were overridden by the operator, for this reason (a `deviation` of kind override). */
  overridden?: string;
}

/** A check as the step detail shows it; `confirmedBy` and `note` when the operator confirmed it by eye. */
export interface CheckState { text: string; result: CheckResult; actual?: string; confirmedBy?: string; note?: string }

export interface StepState {
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  /** Sub-checklist items ticked, by item id. */
  items: Record<string, boolean>;
  runs: CommandRun[];
  /** Metric series sampled for the step's gates (from `metric` events). */
  metrics?: MetricState[];
  /** Checks of no command run: a gate's verdict, or the operator's word on it. */
  gateChecks?: CheckState[];
  /** Reason given for a skip or waiver. */
  reason?: string;
  /** Monitored waits of the step, by wait id (from `wait` events). */
  waits?: Record<string, WaitState>;
}

/** A monitored wait as the log has it: its length (extensions included) and the time served. */
export interface WaitState {
  seconds: number;
  servedSeconds: number;
  status: 'running' | 'elapsed' | 'ended-early' | 'breach';
  reason?: string;
  /** Gates of the step judged on every sample of the wait (served in full): not asked again. */
  judgedGates?: string[];
}

/** One sampled series of a gate, as the step detail shows it. */
export interface MetricState {
  gateId: string;
  name: string;
  unit?: string;
  /** This series against its thresholds. */
  result: CheckResult;
  /** The whole gate. */
  verdict: 'go' | 'no-go' | 'unverified';
  values: number[];
  thresholds: Threshold[];
}

export interface SessionNote {
  ts: string;
  actor: string;
  stepId?: string;
  text: string;
}

export type SessionStatus = 'active' | SessionOutcome | 'interrupted';

export interface SessionState {
  id: string;
  mode: SessionMode;
  runbookFile: string;
  runbookSha256: string;
  actor: string;
  startedAt: string;
  endedAt?: string;
  status: SessionStatus;
  /** Why the session ended as it did, when it said (a rollback walked to its end). */
  endReason?: string;
  currentStepId: string | undefined;
  /** By step id; read-only (the reducer's persistent table, src/session/persistent.ts). */
  steps: Readonly<Record<string, StepState>>;
  /** Parameter names that have a value (values themselves are never in state). */
  paramsSet: Record<string, { secret: boolean; source: 'set' | 'env' | 'prompt' | 'capture' }>;
  /** Read-only, like `steps`. */
  notes: readonly SessionNote[];
  /** Where the walk is in the runbook's flow chart (flow events and decisions). */
  flow: FlowState;
  /** Who the session is signed in to Azure as: the last event naming the principal (session.start, a sign-in note, an Azure call). */
  azure?: SignedInAs;
  /** Sequence number of the last event applied. */
  seq: number;
}

/** The last decision's branch while it can be undone: where it went, what it left and added, and the evidence it was raised with. */
export interface Undoable {
  n: number;
  decisionId: string;
  from: string;
  to: string;
  left: string[];
  answered?: string;
  sectionId?: string;
  /** The steps its answers inserted. */
  inserted?: string[];
  /** Raised by a step that went wrong: undone, the decision is raised again on the same evidence. */
  raisedWith?: BreachEvidence;
}

/** The walk's position in the flow: off the main path or not, what was answered and chosen. */
export interface FlowState {
  /** The contingency section being walked, entered from `from` (the main path resumes after it). */
  /** `at`: the step it was entered at; steps of the section before it (its "when to roll back") are not owed. */
  branch?: { sectionId: string; title: string; from?: string; at?: string };
  /** The last answer to each decision, by decision id: guards read it. */
  answers: Record<string, string>;
  /** The option chosen of each choice of alternatives, by choice id. */
  chosen: Record<string, string>;
  /** An answer said stop: the main path waits until the operator records how it was resolved. */
  halted?: { stepId: string; question: string; answer: string };
  /** Every time the walk left the main path and came back, in order (for the summary). */
  detours: { sectionId: string; title: string; by: string; reason: string; left?: string }[];
  /** How many decisions have been walked (each walk of one is numbered: "decision 2"). */
  decisions: number;
  /** The answers given so far in each decision's current walk, by decision id (resume replays them). */
  open: Record<string, { n: number; stepId: string; taken: { question: string; answer: string }[] }>;
  /** The step that last raised each decision, by decision id: the walk comes back to it after the block the answer entered. */
  raisedBy: Record<string, string>;
  /** A decision raised by a step that went wrong, until that step ends. */
  raised?: { stepId: string; decisionId: string; n: number; evidence: BreachEvidence };
  /** The decisions (by number) whose jump is recorded. */
  jumps: number[];
  /** The last decision's branch, while none of its steps has started: it can be undone (`inserted`: the steps its answers inserted). */
  undoable?: Undoable;
  /** Steps that answers which are actions without a section inserted into the path, in the order answered. */
  inserted: InsertedStep[];
}

import type { PendingPrompt } from './prompts.js';
export type { PendingPrompt, Prompt, PromptAnswers, PromptKind, UnsetVariable } from './prompts.js';

/** Live output of a running command, for the screen (bounded; the full output is spooled). */
export interface LiveOutput {
  stepId: string;
  commandId: string;
  /** The last lines, ANSI colour kept, other escapes neutralised. */
  lines: string[];
  totalLines: number;
  totalBytes: number;
  startedAt: number;
}

/** A gate being sampled now, for a live sparkline and a countdown. */
export interface LiveMetric {
  stepId: string;
  gateId: string;
  title: string;
  mode: Gate['mode'];
  thresholds: Threshold[];
  source: MetricSourceSpec['kind'];
  series: { metric: string; unit?: string; values: number[] }[];
  startedAt: number;
  windowMs: number;
  /** true when the samples are taken over the window from now (a countdown makes sense); false for a query of the past window. */
  realTime: boolean;
}

/** One metric drawn during a wait. `values` grows in place; the first `count` are this snapshot's. */
export interface LiveWaitSeries {
  metric: string;
  unit?: string;
  values: readonly number[];
  count: number;
  /** The criteria judged on it, drawn with the sparkline, each with its mode. */
  thresholds: Threshold[];
  modes: ('abort-if' | 'require')[];
  /** No source gives this metric here: drawn empty, never judged. */
  noSource?: string;
}

/** A monitored wait counting down now, for its pane. */
export interface LiveWait {
  stepId: string;
  waitId: string;
  text: string;
  /** The wait's length (extensions included) and the time served, in the wait's own seconds. */
  seconds: number;
  servedSeconds: number;
  /** Served before this countdown began (a resumed wait); 0 for a new one. */
  resumedFrom: number;
  /** Wait seconds per real second (1 in real time; 60 in a compressed rehearsal). */
  speed: number;
  simulated: boolean;
  series: LiveWaitSeries[];
  /** Every abort criterion in scope, as text ("error rate > 1% (rollback list)"). */
  criteria: string[];
}

export interface EngineSnapshot {
  runbook: Runbook;
  state: SessionState;
  prompt: PendingPrompt | undefined;
  live: LiveOutput | undefined;
  /** The steps that count toward "n/m done", in walk order: the main path, the branches entered, the options chosen. */
  counted: readonly string[];
  /** The step the operator is looking at, when not the walk's (`state.currentStepId`); a view, never recorded. */
  selected?: string;
  /** A gate being sampled. */
  metric?: LiveMetric;
  /** A monitored wait counting down. */
  wait?: LiveWait;
  /** Something to tell the operator once (what came back of the shell on resume). */
  notice?: string;
  /** Set once the engine has closed the session (e.g. it suspended itself after "do not proceed"); the TUI then leaves. */
  closed?: 'suspended' | SessionOutcome;
}

export interface SessionEngine {
  readonly runbook: Runbook;
  snapshot(): EngineSnapshot;
  /** Called after every change; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Enter: run or complete the step (prompts as needed). */
  advance(stepId: string): Promise<void>;
  toggleItem(stepId: string, itemId: string): Promise<void>;
  skip(stepId: string, reason: string): Promise<void>;
  note(text: string, stepId?: string): Promise<void>;
  /** Undoes the last decision's branch (state.flow.undoable) with a reason; nothing once a step of it has run. Optional. */
  undoDecision?(reason: string): Promise<void>;
  /** Looks at a step (up/down, jump): the snapshot's `selected`; moves no session state and records nothing. */
  select(stepId: string): void;
  /** A command's script for display: values filled in, secrets masked, missing ones as `${NAME}`. Optional: without it the UI shows the script as written. */
  displayScript?(command: Command): string;
  /** Whether Enter runs this block here; false: it is shown, done by hand and confirmed. Optional: without it, the parser's `runnable`. */
  runsHere?(command: Command): boolean;
  /** Where a run's spooled output file is (the `output` event names it). Optional: without it the UI shows the name alone. */
  outputPath?(file: string): string;
  /** The last lines of a finished run's spooled output (`file` as its `output` event names it, `lines` its line count). Optional: without it the step shows where the output is. */
  outputTail?(file: string, lines: number): SpoolTail | undefined;
  /** Text the operator typed for the running command's stdin (answering a `read -p`). Optional: the UI offers typing only when the engine has it. */
  sendInput?(data: string): void;
  /** The container app the runbook's parameters name (app, resource group, subscription), for the revisions panel; undefined when they name none. Optional. */
  containerApp?(): ContainerAppView | undefined;
  /** Ends the monitored wait counting down now, with the operator's reason (recorded). Optional: without it the wait runs to its end. */
  endWait?(reason: string): void;
  /** Adds time to the monitored wait counting down now (recorded). Optional. */
  extendWait?(seconds: number): void;
  /** Ctrl-C on a running command. */
  cancelRunning(): Promise<void>;
  /** q: leave the session resumable. */
  suspend(): Promise<void>;
  /** End the session (completed, aborted, or rolled back with why), fsynced. */
  finish(outcome: SessionOutcome, reason?: string): Promise<void>;
}
