// The session engine: walks a runbook step by step, records everything in the audit log,
// and asks questions as prompts (promises) that a UI, the headless runner or a test resolves.
// No React here. State is always the reducer's view of the events appended so far. This file
// is the lifecycle (open, walk, suspend, finish) and the SessionEngine surface; each part of
// a step lives in its own module and works through an EngineContext (engine-context.ts).
import { join } from 'node:path';
import type { Command, Runbook, Step } from '../runbook/model.js';
import type { AuditEvent, AuditEventType, SessionMode } from './audit-event.js';
import { recordSkip, underSession, type EngineContext, type EngineOptions } from './engine-context.js';
import { SessionParams } from './engine-params.js';
import type { EventDataByType, ParamSource, SessionOutcome } from './event-data.js';
import { LiveView } from './live-output.js';
import { typedInput } from './typed-input.js';
import { PromptCancelled, PromptChannel } from './prompt-channel.js';
import { applyEvent, lastRunArgs, movesCursor, reduceSession } from './reducer.js';
import { openSession } from './session-opening.js';
import { ShellStateFile } from './shell-state-file.js';
import { Redactor, redactFields } from '../text/redact.js';
import { SpoolTails, type SpoolTail } from '../steps/spool-tail.js';
import { StepWalker } from './step-walk.js';
import { recordAzureSignIns } from './azure-login.js';
import { walkInFlow, type FlowOutcome } from './flow-walk.js';
import { settleBranch } from './branch-end.js';
import type { ContainerAppView } from '../azure/revisions-feed.js';
import { closeSession, type EngineClosed } from './engine-close.js';
import { PanelSource } from './engine-panel.js';
import { SnapshotHub } from './engine-snapshot.js';
import { toggleItem } from './items-step.js';
import { undoBranch } from './decision-jump.js';
import { raiseAgain } from './raise-decision.js';
import { walkPlan, type WalkPlan } from './walk-plan.js';
import { CountedMemo } from './counted-memo.js';
import { stepOfCommand, stepWithId } from './positions.js';
import { planWithInserted, runbookWithInserted } from './outcome-steps.js';
import type { EngineSnapshot, SessionEngine, SessionState } from './types.js';

export { PromptCancelled } from './prompt-channel.js';
export { confirmationWord } from './command-step.js';
export type { EngineOptions } from './engine-context.js';
export type { EngineClosed } from './engine-close.js';

export class Engine implements SessionEngine {
  /** The runbook as parsed; `runbook` is it with the steps decisions inserted (outcome-steps.ts). */
  private readonly parsed: Runbook;
  readonly sessionId: string;
  readonly mode: SessionMode;
  /** Resolves when the opening prompts (runbook changed, interrupted command, parameters) are answered. */
  readonly ready: Promise<void>;
  private state: SessionState;
  private readonly basePlan: WalkPlan;
  private readonly hub: SnapshotHub;
  /** Which step the operator is looking at when it is not the walk's (never recorded; the next cursor-moving event resets it). */
  private viewing: string | undefined;
  private unattended = false;
  /** Aborted once the session starts closing: cancels the pending prompt and the running operation. */
  private readonly session = new AbortController();
  /** The running command or gate sampling (a child of `session`): Ctrl-C aborts only it. */
  private operation: AbortController | undefined;
  private busy: Promise<void> | undefined;
  private walking: Promise<FlowOutcome> | undefined;
  private closing: Promise<void> | undefined;
  /** How the session ended, set once closing is complete (lock released, index written). */
  private closedAs: EngineClosed | undefined;
  private readonly prompts: PromptChannel;
  private readonly live: LiveView;
  private readonly params: SessionParams;
  private readonly walker: StepWalker;
  private readonly tails = new SpoolTails();
  private readonly counted = new CountedMemo();
  private readonly panel: PanelSource;
  private readonly ctx: EngineContext;
  private readonly stopSignIns: () => void;

  constructor(private readonly opts: EngineOptions) {
    this.parsed = opts.runbook;
    this.mode = opts.mode;
    this.sessionId = opts.log.sessionId;
    this.basePlan = walkPlan(opts.runbook);
    this.state = reduceSession(opts.events, this.basePlan);
    this.hub = new SnapshotHub(() => this.buildSnapshot(), opts.notice);
    this.prompts = new PromptChannel(this.session.signal, () => this.hub.changed());
    this.session.signal.addEventListener('abort', () => this.prompts.cancel(), { once: true });
    this.live = new LiveView(() => this.hub.changed());
    this.params = new SessionParams({
      runbook: opts.runbook,
      values: opts.values ?? new Map<string, string>(),
      record: (type, data) => this.record(type, data),
      addNotice: (text) => this.hub.addNotice(text),
      ask: (prompt) => this.prompts.ask(prompt),
      recordedArgs: (commandId) => {
        const step = stepOfCommand(this.runbook.steps, commandId);
        return step ? lastRunArgs(this.state, step.id, commandId) : undefined;
      },
    });
    const ctx = (this.ctx = this.context());
    this.walker = new StepWalker(ctx, opts.shellFile ?? new ShellStateFile(opts.paths.shellState));
    this.stopSignIns = recordAzureSignIns(ctx, this.session.signal);
    this.panel = new PanelSource(ctx, this.walker.commands.containerApps, () => this.viewing ?? this.state.currentStepId, () => !this.closing && this.state.status === 'active');
    this.ready = Promise.resolve()
      .then(async () => {
        if ((await openSession(ctx)) === 'declined') return this.suspend();
        // left at the question a contingency's end asks: asked again before anything else
        const end = await settleBranch(ctx, this.plan, true);
        if (end) await this.finish(end.outcome, end.reason);
      })
      .catch(ignoreCancelled);
    // left at a question a failure raised (a breach, a NO-GO, a failed check): it is asked again
    // at once, from the evidence the log kept; nothing is sampled or run again to ask it
    // The same for a step left mid-way that runs nothing (a question after an inserted action,
    // an inserted "Monitor 5 min" wait): it goes on at once, so the screen never sits on
    // "▶ running" waiting for an Enter. A step with commands waits for the operator.
    void this.ready.then(() => {
      if (this.state.status !== 'active' || this.closing) return;
      const raised = this.state.flow.raised;
      if (raised && this.state.steps[raised.stepId]?.status === 'running') {
        void this.advance(raised.stepId);
        return;
      }
      const at = this.state.currentStepId;
      const step = at === undefined ? undefined : this.runbook.steps.find((s) => s.id === at);
      if (at !== undefined && step && this.state.steps[at]?.status === 'running' && runsNothing(step)) void this.advance(at);
    });
  }

  // ---- the SessionEngine surface (documented on the interface, src/session/types.ts) ----

  /** The runbook being walked: the parsed steps and those the answers so far inserted. */
  get runbook(): Runbook {
    return runbookWithInserted(this.parsed, this.state.flow.inserted);
  }

  /** Which steps the walk may land on, inserted steps included. */
  private get plan(): WalkPlan {
    return planWithInserted(this.basePlan, this.state.flow.inserted);
  }

  snapshot(): EngineSnapshot {
    return this.hub.get();
  }

  subscribe(listener: () => void): () => void {
    return this.hub.subscribe(listener);
  }

  get closed(): EngineClosed | undefined {
    return this.closedAs;
  }

  displayScript(command: Command): string {
    return this.params.display(command);
  }

  runsHere(command: Command): boolean {
    return this.walker.commands.runsHere(command);
  }

  outputPath(file: string): string {
    return join(this.opts.paths.outputs, file);
  }

  outputTail(file: string, lines: number): SpoolTail | undefined {
    return this.tails.read(this.outputPath(file), lines);
  }

  containerApp(): ContainerAppView | undefined {
    return this.panel.view();
  }

  /** Keeps a value in memory and records that it was set (the value itself only if not secret). */
  setParam(name: string, value: string, source: ParamSource): void {
    this.params.set(name, value, source);
  }

  advance(stepId: string): Promise<void> {
    if (this.busy) return this.busy;
    const step = this.stepById(stepId);
    this.busy = this.walk(step).finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  async toggleItem(stepId: string, itemId: string): Promise<void> {
    toggleItem(this.ctx, this.stepById(stepId), itemId);
  }

  async skip(stepId: string, reason: string): Promise<void> {
    this.stepById(stepId);
    recordSkip(this.ctx, stepId, reason);
    // the last open step of a contingency skipped: it was walked to its end all the same
    if (this.busy || !this.state.flow.branch) return;
    this.busy = this.follow(async () => (await settleBranch(this.ctx, this.plan)) ?? 'done').finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  async undoDecision(reason: string): Promise<void> {
    await this.ready;
    if (this.busy) return;
    const again = undoBranch(this.ctx, reason)?.again;
    // the question is asked again at once: an undone answer must not leave it unanswered
    if (again?.kind === 'step') return this.advance(again.stepId);
    if (again?.kind !== 'raise') return;
    const step = this.stepById(again.stepId);
    this.busy = this.follow(async () => {
      await raiseAgain(this.ctx, step, again.evidence);
      return 'done';
    }).finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  async note(text: string, stepId?: string): Promise<void> {
    this.record('note', { text, kind: 'note', ...(stepId ? { stepId } : {}) });
  }

  select(stepId: string): void {
    this.stepById(stepId);
    this.viewing = stepId === this.state.currentStepId ? undefined : stepId;
    this.hub.changed();
  }

  endWait(reason: string): void {
    this.walker.waits.end(reason);
  }

  extendWait(seconds: number): void {
    this.walker.waits.extend(seconds);
  }

  async cancelRunning(): Promise<void> {
    this.operation?.abort();
  }

  sendInput(data: string): void {
    // recorded before the command reads it; the prompt it answers says whether it is secret
    const live = this.live.output;
    if (live) this.record('input', typedInput(live.stepId, live.commandId, data, live.lines.at(-1) ?? '', this.params.secretValues()));
    this.opts.executor?.write?.(data);
  }

  suspend(): Promise<void> {
    return this.close('suspended', () => this.record('note', { text: 'session suspended', kind: 'suspend' }));
  }

  finish(outcome: SessionOutcome, reason?: string): Promise<void> {
    return this.close(outcome, () => this.record('session.end', { outcome, ...(reason ? { reason } : {}) }));
  }

  /** The headless runner walks without a person: step ends are marked `auto`. */
  markUnattended(): void {
    this.unattended = true;
  }

  private async walk(step: Step): Promise<void> {
    await this.ready;
    if (this.session.signal.aborted) return;
    await this.follow(() => walkInFlow(this.ctx, this.plan, step, (s) => this.walker.walk(s)));
  }

  /** Walks part of the flow; the session ends once it has unwound, if it came to an end. */
  private async follow(run: () => Promise<FlowOutcome>): Promise<void> {
    this.walking = run().catch((err: unknown) => {
      ignoreCancelled(err);
      return 'stopped' as const;
    });
    let outcome: FlowOutcome;
    try {
      outcome = await this.walking;
    } finally {
      this.walking = undefined;
    }
    // a failed check's "abort", a rollback's end: the walk has unwound, so closing need not wait for it
    if (outcome === 'abort') await this.finish('aborted');
    else if (typeof outcome === 'object') await this.finish(outcome.outcome, outcome.reason);
  }

  /** Closes once (engine-close.ts); how it closed is set before anyone hears of it. */
  private close(as: EngineClosed, last: () => void): Promise<void> {
    const closed = (c: EngineClosed): void => {
      this.closedAs = c;
      this.hub.changed();
    };
    this.closing ??= closeSession({ options: this.opts, sessionId: this.sessionId, session: this.session, walking: () => this.walking, stopSignIns: this.stopSignIns, state: () => this.state, closed }, as, last);
    return this.closing;
  }

  /** The view of the engine the step modules work through. */
  private context(): EngineContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter below reads the live field; its own `this` is the literal
    const engine = this;
    return {
      get runbook() {
        return engine.runbook;
      },
      get plan() {
        return engine.plan;
      },
      mode: this.mode,
      options: this.opts,
      params: this.params,
      live: this.live,
      get unattended() {
        return engine.unattended;
      },
      state: () => this.state,
      record: (type, data) => this.record(type, data),
      ask: (prompt) => this.prompts.ask(prompt),
      operation: (run) => underSession(this.session.signal, run, (op) => (this.operation = op)),
      addNotice: (text) => this.hub.addNotice(text),
      cwd: () => this.opts.cwd ?? process.cwd(),
      select: (stepId) => this.select(stepId),
    };
  }

  private record<T extends AuditEventType>(type: T, data: EventDataByType[T]): AuditEvent {
    // nothing secret reaches the log, whatever field it came in (a note, a reason, a check's actual value)
    const redacted = redactFields(data, new Redactor(this.params.secretValues()));
    const ev = this.opts.log.append(type, redacted, this.opts.identity.name);
    this.state = applyEvent(this.state, ev, this.basePlan);
    if (movesCursor(ev)) this.viewing = undefined;
    this.hub.changed();
    return ev;
  }

  private buildSnapshot(): EngineSnapshot {
    const notice = this.hub.notice;
    return {
      runbook: this.runbook,
      state: this.state,
      prompt: this.prompts.current,
      live: this.live.output,
      counted: this.counted.of(this.state, this.plan),
      ...(this.viewing ? { selected: this.viewing } : {}),
      ...(this.live.metric ? { metric: this.live.metric } : {}),
      ...(this.live.wait ? { wait: this.live.wait } : {}),
      ...(this.closedAs ? { closed: this.closedAs } : {}),
      ...(notice ? { notice } : {}),
    };
  }

  private stepById(stepId: string): Step {
    const step = stepWithId(this.runbook.steps, stepId);
    if (!step) throw new Error(`no step ${stepId} in ${this.runbook.file}`);
    return step;
  }
}

function ignoreCancelled(err: unknown): void {
  if (!(err instanceof PromptCancelled)) throw err;
}

/** A step that runs no command and changes no traffic: walking it again only asks, waits or samples. */
function runsNothing(step: Step): boolean {
  return step.commands.length === 0 && (step.traffic?.length ?? 0) === 0;
}
