// The questions the engine puts to a person (the UI, the headless runner or a test resolves
// them): each prompt's kind, what it carries, and the answer it takes.
import type { Command, Decision, DecisionNode, EvidenceRequirement, Expectation, Param, SignoffForm, Step } from '../runbook/model.js';
import type { StillRunning } from '../steps/still-running.js';
import type { RaisedBy } from './types.js';

/** A question the engine is waiting on. The UI (or headless runner, or a test) resolves it. */
export type Prompt =
  | { kind: 'params'; params: Param[] }
  | {
      kind: 'danger';
      step: Step;
      command: Command;
      /** What makes it dangerous; empty for a command that only changes something. */
      reasons: string[];
      /** The word to type (destructive); absent: Enter confirms a change. */
      word?: string;
      /** The exact block to run, parameters filled in (secrets masked). */
      resolved: string;
      effect: 'change' | 'destructive';
      /** A rehearsal asks too, so the confirmation can be practised; nothing runs. */
      rehearsal?: boolean;
      /** Values the block reads from the session's shell (`$NEW_REVISION`, set by an earlier block), secrets masked. */
      shellValues?: { name: string; value: string }[];
    }
  | { kind: 'halted'; step: Step; question: string; answer: string }
  | {
      kind: 'decision';
      decision: Decision;
      node: DecisionNode;
      suggested?: { answer: string; why: string };
      /** The answer the operator already pointed at (the option whose step they opened out of order): highlighted, nothing suggested. */
      pointed?: string;
      /** The answers given so far in this decision, in order (the tree view marks the path). */
      taken?: { question: string; answer: string }[];
      /** Raised by a step that went wrong (a gate NO-GO, a failed check, a breach), asked at once: why, and the data lines. */
      raised?: RaisedBy;
      /** What the data says about the tree's list conditions, by condition text (✓ holds, ✗ does not, with the data); absent ones have no data. */
      conditions?: Record<string, { holds: boolean; why: string }>;
    }
  | {
      kind: 'signoff';
      step: Step;
      form: SignoffForm;
      /** The role being signed now (one prompt per role). */
      role?: string;
      /** Name to prefill: the operator's identity, unless four-eyes refuses the operator for this role. */
      suggestedName?: string;
      /** Names four-eyes refuses for this role, with why (the form says so at the name). After a refusal: what was typed. */
      refused?: { name: string; why: string }[];
      earlier?: { choice?: string; comment?: string };
      /** The operator's Azure principal when signed in; recorded when the operator signs. */
      azurePrincipal?: string;
      /** Why the last answer was refused (e.g. four-eyes), shown above the form. */
      error?: string;
      /** Steps that failed and have not passed since (titles): the signer sees them before approving. */
      failed?: string[];
    }
  | { kind: 'evidence'; step: Step; requirement: EvidenceRequirement }
  | {
      kind: 'unverified';
      step: Step;
      expectation: Expectation;
      /** The last lines of the command's output (or why the metrics could not decide). */
      output?: string;
      /** A gate confirmed by eye: each threshold with the value seen, when one was measured. */
      thresholds?: { text: string; seen?: string }[];
    }
  /** `output`: the last lines of what the command printed (stdout and stderr share one pipe, in order). */
  | { kind: 'check-failed'; step: Step; command: Command; failures: string[]; output?: string }
  | {
      kind: 'interrupted-command';
      step: Step;
      command: Command;
      /** The command is still running (an earlier flightdeck's process): its oldest pid and how many processes. */
      running?: StillRunning;
      /** The last lines it spooled before flightdeck stopped (what it got to). */
      output?: string;
    }
  | { kind: 'runbook-changed'; oldSha256: string; newSha256: string; diff: string }
  /** Pre-flight: variables the block reads that another step sets are not set now. */
  | {
      kind: 'preflight';
      step: Step;
      command: Command;
      unset: UnsetVariable[];
      /** Asked again after "set now" was left empty: another way out is offered first. */
      leftEmpty?: true;
      /** A rehearsal: nothing runs, so "run anyway" is offered first after an empty "set now". */
      rehearsal?: true;
    };

/** A variable a block reads with no value now, and the step that sets it ("18. Get New Revision Name"). */
export interface UnsetVariable {
  name: string;
  /** The nearest step before the block that sets it. */
  stepId: string;
  stepLabel: string;
  /** Other steps that set it too (the other options of a choice, an earlier step). */
  alsoSetBy?: { stepId: string; stepLabel: string }[];
}

export type PromptKind = Prompt['kind'];

/** What each prompt kind resolves to. */
export interface PromptAnswers {
  params: Record<string, string>;
  danger: { confirmed: boolean };
  halted: { resolved: true; note: string } | { resolved: false };
  decision: { answer: string; note?: string };
  signoff: { name: string; comment?: string; approved: boolean; choice?: string };
  evidence: { kind: 'output' | 'file' | 'screenshot' | 'note'; value: string } | { waived: string };
  unverified: { confirmed: boolean; note?: string };
  'check-failed': { action: 'retry' } | { action: 'pass'; reason: string } | { action: 'skip'; reason: string } | { action: 'abort' };
  'interrupted-command':
    | { action: 'done'; note: string }
    | { action: 'rerun' }
    | { action: 'skip'; reason: string }
    // while it is still running: end it (SIGINT, SIGTERM, SIGKILL), wait for it, or leave it running
    | { action: 'end' }
    | { action: 'wait' }
    | { action: 'leave' };
  'runbook-changed': { proceed: boolean };
  /** set: values for them (recorded like parameters); goto: not run, the operator goes to the step that sets it; run: anyway, with a reason (a deviation); cancel: not run. */
  preflight: { action: 'set'; values: Record<string, string> } | { action: 'goto'; stepId: string } | { action: 'run'; reason: string } | { action: 'cancel' };
}

export interface PendingPrompt<K extends PromptKind = PromptKind> {
  id: number;
  prompt: Extract<Prompt, { kind: K }>;
  resolve(answer: PromptAnswers[K]): void;
}
