// The `data` of each audit event type as this engine writes it. The log stores plain
// JSON; these types document the shapes for the reducer, export and verify.
import type { CheckResult } from './types.js';
import type { AuditEventType, SessionMode } from './audit-event.js';
import type { MetricEventData } from './metric-event.js';
import type { AppChangeData } from '../azure/app-watch.js';
import type { PrincipalFields } from '../azure/principal.js';
import type { BreachEvidence } from './breach.js';
import type { FailedCommand } from '../steps/shell-runner-script.js';

export type ActorSource = 'flag' | 'settings' | 'os';
export type ParamSource = 'set' | 'env' | 'prompt' | 'capture';

export interface SessionStartData {
  runbook: string;
  sha256: string;
  title: string;
  host: string;
  /** The OS user running flightdeck (the actor may be named differently). */
  user: string;
  mode: SessionMode;
  version: string;
  actorSource: ActorSource;
  /** --simulate: gates are judged on simulated metrics; a resumed session keeps doing so. */
  simulate?: boolean;
  /** The Azure principal a token proved before the session started (--tenant), with its object id and tenant. */
  azurePrincipal?: string;
  azureDisplayName?: string;
  azureObjectId?: string;
  azureTenantId?: string;
}

/** Secret values are never written: only that the parameter was set. */
export interface ParamSetData {
  name: string;
  secret: boolean;
  source: ParamSource;
  value?: string;
  /** A secret too short to mask: output shows it as typed. */
  unmasked?: true;
}

export interface StepStartData {
  stepId: string;
  title: string;
  line: number;
}

/** 'run': spawned by the runner; 'manual': done by hand, confirmed by the operator; 'would-run': rehearsal. */
export type Execution = 'run' | 'manual' | 'would-run';

export interface CmdStartData {
  stepId: string;
  commandId: string;
  /** The exact script as written in the runbook. */
  script: string;
  /** The script with parameters filled in for display (secrets masked). */
  resolved: string;
  cwd: string;
  /** Names of the parameters passed through the environment. */
  env: string[];
  execution: Execution;
  danger?: string[];
  /** Expectations the command is checked against, as the runbook words them. */
  expects?: string[];
  /** A script's positional arguments it was run with ($1, $2...). */
  args?: string[];
}

export interface OutputData {
  stepId: string;
  commandId: string;
  file: string;
  sha256: string;
  bytes: number;
  lines: number;
}

export interface CmdExitData {
  stepId: string;
  commandId: string;
  execution: Exclude<Execution, 'would-run'>;
  exitCode?: number;
  signal?: string;
  durationMs?: number;
  cancelled?: boolean;
  /** Stopped at its time limit, `timeoutMs` (exitCode/signal are then how it died). */
  timedOut?: boolean;
  timeoutMs?: number;
  /** Resume found the command without an exit: what the operator said happened. */
  interrupted?: 'done' | 'rerun' | 'skip';
  note?: string;
  /** sha256 of the shell state file written after this command: resume restores only that file. */
  shellState?: string;
  /** The command the block stopped on: it failed where `set -e` would have stopped (secrets masked). */
  failed?: FailedCommand;
}

/** A line the operator typed into a running command (typed-input.ts): as typed, or masked. */
export interface InputData {
  stepId: string;
  commandId: string;
  text: string;
  /** It looked secret (or answered a password prompt): `text` is "[masked]". */
  masked?: true;
}

export interface ExpectationCheckData {
  kind: 'expectation';
  stepId: string;
  commandId?: string;
  expected: string;
  actual?: string;
  result: CheckResult;
  /** For unverified checks: who confirmed it by eye. */
  confirmedBy?: string;
  note?: string;
  /** A container-app change watched around the command: the app before and after, the difference, the verdict. */
  containerApp?: AppChangeData;
}

export interface ItemCheckData {
  kind: 'item';
  stepId: string;
  itemId: string;
  text: string;
  checked: boolean;
}

export type CheckData = ExpectationCheckData | ItemCheckData;

export interface DecisionData {
  stepId: string;
  decisionId: string;
  question: string;
  answer: string;
  who: string;
  /** The decision's number in the session ("left by decision 2"): one number per walk of a decision. */
  n?: number;
  /** The first question of this walk of the decision (resume replays the answers after it). */
  first?: true;
  /** The answer the data proposed and why ("error rate 1.83% > 1% for 3 samples"); an answer against it carries a note. */
  suggested?: { answer: string; why: string };
  outcome?: string;
  /** The outcome is an action without a section: it becomes a step of its own after this one (src/session/outcome-steps.ts). */
  actionStep?: true;
  /** The action is done before the next question ("Investigate ──> Still Down?"): that question is asked when its step is done. */
  thenAsk?: { question: string; top: number };
  /** More actions after the section the outcome jumps to ("+ Restore Data"): steps of their own after `after`, the section's last step. */
  also?: { text: string[]; after: string };
  /** The step a section-naming outcome jumps to. */
  jumpTo?: string;
  note?: string;
}

export interface EvidenceData {
  stepId: string;
  requirementId: string;
  kind: 'output' | 'file' | 'screenshot' | 'note';
  value: string;
  sha256?: string;
}

export interface SignoffData {
  stepId: string;
  formId: string;
  role: string;
  name: string;
  identitySource: ActorSource | 'typed';
  /** The operator's Azure principal (from a token's claims), when the signer is the operator and is signed in. */
  azurePrincipal?: string;
  azureDisplayName?: string;
  azureObjectId?: string;
  azureTenantId?: string;
  approved: boolean;
  comment?: string;
  choice?: string;
  signedAt: string;
}

export type DeviationKind = 'skip' | 'waive' | 'override' | 'rerun' | 'runbook-changed' | 'out-of-order' | 'unset-variables';

export interface DeviationData {
  kind: DeviationKind;
  reason: string;
  stepId?: string;
  /** The evidence requirement or expectation waived or overridden. */
  target?: string;
  oldSha256?: string;
  newSha256?: string;
}

export type NoteKind = 'note' | 'suspend' | 'resume' | 'declined';

export interface NoteData extends Partial<PrincipalFields> {
  text: string;
  kind?: NoteKind;
  stepId?: string;
}

/** still-running: resume found a command of an earlier flightdeck still running (action: end, wait or leave). */
export type RecoveryReason = 'torn-tail' | 'crash-resumed' | 'stale-lock' | 'interrupted-command' | 'still-running';

/** An interrupted command's recovery: what the operator chose (done by hand, run it again, skip the step). */
export interface InterruptedRecoveryData {
  reason: 'interrupted-command';
  stepId: string;
  commandId: string;
  action: 'done' | 'rerun' | 'skip';
}

export type RecoveryData = InterruptedRecoveryData | { reason: Exclude<RecoveryReason, 'interrupted-command'>; [detail: string]: unknown };

/** On resume: what of the session's shell came back (names only, never values). */
export interface ShellRestoreData {
  /**
   * restored: from the state file; missing: blocks ran but none was saved; unreadable: the
   * file is damaged; mismatch: it is not the file the log recorded (changed outside flightdeck).
   */
  status: 'restored' | 'missing' | 'unreadable' | 'mismatch';
  cwd?: string;
  /** The saved working directory is gone; blocks start where flightdeck runs. */
  cwdGone?: boolean;
  variables?: string[];
  functions?: string[];
  /** Held back because they looked secret, with the step that set them. */
  withheld?: { name: string; stepId?: string }[];
  reason?: string;
}

/**
 * rehearsed: walked in a rehearsal (nothing ran, so nothing passed). not-needed: a guarded
 * step whose condition was answered the other way, an alternative not chosen, or a step left
 * by a decision's jump; not a deviation.
 */
export type StepEndStatus = 'passed' | 'failed' | 'skipped' | 'waived' | 'rehearsed' | 'not-needed';

export interface StepEndData {
  stepId: string;
  status: StepEndStatus;
  reason?: string;
  /** Where the walk goes next when a decision jumped (else: the next step in order). */
  next?: string;
  /** Completed by the headless runner without a person (rehearsal only). */
  auto?: boolean;
}

/**
 * The walk leaving or rejoining the main path (docs/flow.md):
 * enter: a contingency section (Rollback, Troubleshooting...) entered by a decision's
 * outcome, a failed step or the operator; leave: its steps are done (or the operator went
 * back), the walk rejoins the main path; choose: one option of a choice of alternatives;
 * halt: an answer said stop, the main path waits; resolved: how the operator resolved it.
 */
export type FlowData =
  | { kind: 'enter'; sectionId: string; title: string; stepId: string; from?: string; by: 'decision' | 'failure' | 'operator'; reason: string }
  | { kind: 'leave'; sectionId: string; title: string; reason: string }
  | { kind: 'choose'; choiceId: string; option: string; stepId: string }
  | { kind: 'halt'; stepId: string; question: string; answer: string }
  | { kind: 'resolved'; stepId: string; note: string }
  /** A step went wrong and raised the decision the runbook ties to it: the evidence and its data lines. */
  | {
      kind: 'raise';
      stepId: string;
      decisionId: string;
      decisionStepId: string;
      title: string;
      n: number;
      source: BreachEvidence['source'];
      label: string;
      data: string[];
      evidence: BreachEvidence;
    }
  /** Decision n's answer jumped from `from` to `to`: the open steps between are left by it; a branch entered is `sectionId`. */
  | { kind: 'jump'; n: number; decisionId: string; from: string; to: string; left: string[]; answered?: string; sectionId?: string }
  /** The operator undid decision n's branch before any of its steps ran: `reopen` are open again, the steps its answers inserted (`remove`) are gone, the walk is back at `back`. */
  | { kind: 'undo'; n: number; decisionId: string; reason: string; reopen: string[]; back: string; sectionId?: string; remove?: string[] };

/** What ended a monitored wait: its time served, the operator (with a reason), or a sample past an abort criterion. */
export type WaitOutcome = 'elapsed' | 'ended-early' | 'breach';

/** The sample that broke an abort criterion of a wait, and where the criterion comes from (a gate, a rollback list). */
export interface WaitBreach {
  metric: string;
  value: number;
  unit?: string;
  /** "error rate > 1%" (abort-if) or "error rate < 1%" (require). */
  criterion: string;
  mode: 'abort-if' | 'require';
  from: 'annotation' | 'step' | 'section' | 'rollback';
  gateId?: string;
  decisionId?: string;
  /** When the sample was taken (ISO). */
  at: string;
}

/**
 * A monitored wait (src/session/wait-step.ts). Seconds are the wait's own (in a compressed
 * rehearsal, `speed` of them pass each real second). start: it begins (or begins again after
 * a breach); progress: time served so far, so a resume goes on from there; extend: the
 * operator added time; end: served, ended early with a reason, or a breach.
 */
export type WaitData =
  | { kind: 'start'; stepId: string; waitId: string; text: string; seconds: number; metrics: string[]; criteria: string[]; speed?: number; simulated?: true }
  | { kind: 'progress'; stepId: string; waitId: string; servedSeconds: number }
  /** Walked on after a suspend or a stop: the wait goes on from the time it had served. */
  | { kind: 'resume'; stepId: string; waitId: string; servedSeconds: number }
  | { kind: 'extend'; stepId: string; waitId: string; addSeconds: number; seconds: number }
  | { kind: 'end'; stepId: string; waitId: string; outcome: WaitOutcome; servedSeconds: number; reason?: string; breach?: WaitBreach; judgedGates?: string[] };

/** How a session ended: walked through, aborted, or ended after a rollback walked to its end (src/session/branch-end.ts). */
export type SessionOutcome = 'completed' | 'aborted' | 'rolled-back';

export interface SessionEndData {
  outcome: SessionOutcome;
  /** Why it ended so, when it did not simply walk through: "Rollback Procedure walked to its end; ...". */
  reason?: string;
}

/** The data each event type carries: `record(type, data)` and the reducer are checked against it. */
export interface EventDataByType {
  'session.start': SessionStartData;
  'param.set': ParamSetData;
  'step.start': StepStartData;
  'cmd.start': CmdStartData;
  output: OutputData;
  'cmd.exit': CmdExitData;
  input: InputData;
  check: CheckData;
  metric: MetricEventData;
  decision: DecisionData;
  evidence: EvidenceData;
  signoff: SignoffData;
  deviation: DeviationData;
  note: NoteData;
  recovery: RecoveryData;
  'shell.restore': ShellRestoreData;
  'step.end': StepEndData;
  flow: FlowData;
  wait: WaitData;
  'session.end': SessionEndData;
}

// A new event type must get a data shape here (compile error otherwise).
export type EventDataCovers = AuditEventType extends keyof EventDataByType ? true : never;
