// The session engine: walks a runbook step by step, records everything in the audit log,
// and asks questions as prompts (promises) that a UI, the headless runner or a test resolves.
// No React here. State is always the reducer's view of the events appended so far. This file
// is the lifecycle (open, walk, suspend, finish) and the SessionEngine surface; each part of
// a step lives in its own module and works through an EngineContext (engine-context.ts).
import { join } from 'node:path';
import type { Command, Runbook, Step } from '../runbook/model.js';
import type { Identity } from '../identity.js';
import type { AuditEvent, AuditEventType, SessionMode } from './audit-event.js';
import { recordSkip, underSession, type EngineContext, type EngineOptions, type StepOutcome } from './engine-context.js';
import { SessionParams } from './engine-params.js';
import type { EventDataByType, ParamSource } from './event-data.js';
import { LiveView } from './live-output.js';
import { PromptCancelled, PromptChannel } from './prompt-channel.js';
import { applyEvent, lastRunArgs, movesCursor, reduceSession } from './reducer.js';
import { openSession } from './session-opening.js';
import { ShellStateFile } from './shell-state-file.js';
import { Redactor, redactFields } from '../text/redact.js';
import { SpoolTails, type SpoolTail } from '../steps/spool-tail.js';
import { rewritePlaceholders } from '../steps/placeholders.js';
import { StepWalker } from './step-walk.js';
import { recordAzureSignIns } from './azure-login.js';
import { appTargetFromCommands, appTargetFromParams, type ContainerAppView } from '../azure/revisions-feed.js';
import { recordingReader } from '../azure/recorded-reads.js';
import { principalFields } from '../azure/principal.js';
import type { ContainerAppReader } from '../azure/container-apps.js';
import { walkInFlow } from './flow-walk.js';
import { undoBranch } from './decision-jump.js';
import { countedSteps, walkPlan, type WalkPlan } from './walk-plan.js';
import { planWithInserted, runbookWithInserted } from './outcome-steps.js';
import type { EngineSnapshot, SessionEngine, SessionState } from './types.js';

export { PromptCancelled } from './prompt-channel.js';
export { confirmationWord } from './command-step.js';
export type { EngineOptions } from './engine-context.js';

export type EngineClosed = 'suspended' | 'completed' | 'aborted';

export class Engine implements SessionEngine {
  /** The runbook as parsed; `runbook` is it with the steps decisions inserted (outcome-steps.ts). */
  private readonly parsed: Runbook;
  readonly sessionId: string;
  readonly mode: SessionMode;
  /** Resolves when the opening prompts (runbook changed, interrupted command, parameters) are answered. */
  readonly ready: Promise<void>;
  private state: SessionState;
  private readonly basePlan: WalkPlan;
  private readonly listeners = new Set<() => void>();
  private snap: EngineSnapshot | undefined;
  private notice: string | undefined;
  /** Which step the operator is looking at when it is not the walk's (never recorded; the next cursor-moving event resets it). */
  private viewing: string | undefined;
  private unattended = false;
  /** Aborted once the session starts closing: cancels the pending prompt and the running operation. */
  private readonly session = new AbortController();
  /** The running command or gate sampling (a child of `session`): Ctrl-C aborts only it. */
  private operation: AbortController | undefined;
  private busy: Promise<void> | undefined;
  private walking: Promise<StepOutcome> | undefined;
  private closing: Promise<void> | undefined;
  /** How the session ended, set once closing is complete (lock released, index written). */
  private closedAs: EngineClosed | undefined;
  private readonly prompts: PromptChannel;
  private readonly live: LiveView;
  private readonly params: SessionParams;
  private readonly walker: StepWalker;
  private readonly tails = new SpoolTails();
  /** The revisions panel's reader: each read whose answer changed is a note in the log. */
  private panelReader: ContainerAppReader | undefined;
  private readonly ctx: EngineContext;
  private readonly stopSignIns: () => void;

  constructor(private readonly opts: EngineOptions) {
    this.parsed = opts.runbook;
    this.mode = opts.mode;
    this.sessionId = opts.log.sessionId;
    this.basePlan = walkPlan(opts.runbook);
    this.state = reduceSession(opts.events, this.basePlan);
    this.notice = opts.notice;
    this.prompts = new PromptChannel(this.session.signal, () => this.emit());
    this.session.signal.addEventListener('abort', () => this.prompts.cancel(), { once: true });
    this.live = new LiveView(() => this.emit());
    this.params = new SessionParams({
      runbook: opts.runbook,
      values: opts.values ?? new Map<string, string>(),
      record: (type, data) => this.record(type, data),
      addNotice: (text) => this.addNotice(text),
      ask: (prompt) => this.prompts.ask(prompt),
      recordedArgs: (commandId) => lastRunArgs(this.state, commandId),
    });
    const ctx = (this.ctx = this.context());
    this.walker = new StepWalker(ctx, opts.shellFile ?? new ShellStateFile(opts.paths.shellState));
    this.stopSignIns = recordAzureSignIns(ctx, this.session.signal);
    this.ready = Promise.resolve()
      .then(async () => {
        if ((await openSession(ctx)) === 'declined') await this.suspend();
      })
      .catch(ignoreCancelled);
  }

  // ---- the SessionEngine surface ----

  /** The runbook being walked: the parsed steps and those the answers so far inserted. */
  get runbook(): Runbook {
    return runbookWithInserted(this.parsed, this.state.flow.inserted);
  }

  /** Which steps the walk may land on, inserted steps included. */
  private get plan(): WalkPlan {
    return planWithInserted(this.basePlan, this.state.flow.inserted);
  }

  snapshot(): EngineSnapshot {
    this.snap ??= {
      runbook: this.runbook,
      state: this.state,
      prompt: this.prompts.current,
      live: this.live.output,
      counted: countedSteps(this.state, this.plan),
      ...(this.viewing ? { selected: this.viewing } : {}),
      ...(this.live.metric ? { metric: this.live.metric } : {}),
      ...(this.live.wait ? { wait: this.live.wait } : {}),
      ...(this.closedAs ? { closed: this.closedAs } : {}),
      ...(this.notice ? { notice: this.notice } : {}),
    };
    return this.snap;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How the session was closed, once it is (suspended, completed, aborted). */
  get closed(): EngineClosed | undefined {
    return this.closedAs;
  }

  get identity(): Identity {
    return this.opts.identity;
  }

  get hasExecutor(): boolean {
    return this.opts.executor !== undefined;
  }

  /** A command's script as shown and recorded: values filled in, secrets masked, a parameter without a value as `${NAME}`. */
  displayScript(command: Command): string {
    return this.params.display(command);
  }

  /** Whether a block is run by the runner here (false in a rehearsal, without a runner, or pwsh without pwsh on PATH). */
  runsHere(command: Command): boolean {
    return this.walker.commands.runsHere(command);
  }

  /** The spooled output file an `output` event names, in this session's outputs/. */
  outputPath(file: string): string {
    return join(this.opts.paths.outputs, file);
  }

  /** The end of a finished run's spool, for the step's output pane (read once per file). */
  outputTail(file: string, lines: number): SpoolTail | undefined {
    return this.tails.read(this.outputPath(file), lines);
  }

  /** The container app the parameters name, read through the same reader as the blocks' before/after (simulated under --simulate). */
  containerApp(): ContainerAppView | undefined {
    const simulated = this.opts.simulate === true;
    const env = this.opts.env ?? process.env;
    const fallback = simulated ? 'simulated' : undefined;
    const target = appTargetFromParams(this.params.values, env, fallback) ?? appTargetFromCommands(this.scriptsNearCursor(), this.params.values, env, fallback);
    if (!target) return undefined;
    this.panelReader ??= recordingReader(this.walker.commands.containerApps, (read) => {
      if (this.closing || this.state.status !== 'active') return;
      const text = simulated ? `${read.text} (simulated)` : read.text;
      this.record('note', { kind: 'note', text, ...(read.principal ? principalFields(read.principal) : {}) });
    });
    return { target, apps: this.panelReader, simulated };
  }

  /** The runbook's blocks, those of the step the operator is on first: where the app the panel shows is looked for. */
  private *scriptsNearCursor(): Generator<string> {
    const id = this.viewing ?? this.state.currentStepId;
    const here = this.runbook.steps.find((s) => s.id === id);
    // `{env}`-style placeholders as the runner passes them: references to the parameter's value
    const code = (c: Command): string => rewritePlaceholders(c.code, this.runbook.params).script;
    if (here) for (const c of here.commands) yield code(c);
    for (const step of this.runbook.steps) if (step !== here) for (const c of step.commands) yield code(c);
  }

  /** Parameter names a command of this step needs that have no value yet. */
  missingParams(step: Step): string[] {
    return this.params.missingFor(step);
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
    const step = this.stepById(stepId);
    const item = step.items.find((i) => i.id === itemId);
    if (!item) throw new Error(`step ${stepId} has no item ${itemId}`);
    const checked = !(this.state.steps[stepId]?.items[itemId] ?? false);
    this.record('check', { kind: 'item', stepId, itemId, text: item.text, checked });
  }

  async skip(stepId: string, reason: string): Promise<void> {
    this.stepById(stepId);
    recordSkip(this.ctx, stepId, reason);
  }

  /** Undoes the last decision's branch (with the operator's reason) while none of its steps has run. */
  async undoDecision(reason: string): Promise<void> {
    await this.ready;
    if (this.busy) return;
    undoBranch(this.ctx, reason);
  }

  async note(text: string, stepId?: string): Promise<void> {
    this.record('note', { text, kind: 'note', ...(stepId ? { stepId } : {}) });
  }

  /** Looks at a step (the UI's cursor): not session state, nothing is recorded. */
  select(stepId: string): void {
    this.stepById(stepId);
    this.viewing = stepId === this.state.currentStepId ? undefined : stepId;
    this.emit();
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
    this.opts.executor?.write?.(data);
  }

  suspend(): Promise<void> {
    return this.close('suspended', () => this.record('note', { text: 'session suspended', kind: 'suspend' }));
  }

  finish(outcome: 'completed' | 'aborted'): Promise<void> {
    return this.close(outcome, () => this.record('session.end', { outcome }));
  }

  /** The headless runner walks without a person: step ends are marked `auto`. */
  markUnattended(): void {
    this.unattended = true;
  }

  // ---- lifecycle ----

  private async walk(step: Step): Promise<void> {
    await this.ready;
    if (this.session.signal.aborted) return;
    this.walking = walkInFlow(this.ctx, this.plan, step, (s) => this.walker.walk(s)).catch((err: unknown) => {
      ignoreCancelled(err);
      return 'stopped' as const;
    });
    let outcome: StepOutcome;
    try {
      outcome = await this.walking;
    } finally {
      this.walking = undefined;
    }
    // a failed check's "abort": the walk has unwound, so closing need not wait for it
    if (outcome === 'abort') await this.finish('aborted');
  }

  /** Closes once: cancels the prompt and the running operation, lets the walk unwind, records the last event, releases. */
  private close(as: EngineClosed, last: () => void): Promise<void> {
    this.closing ??= (async () => {
      this.session.abort();
      await this.walking?.catch(() => undefined);
      this.stopSignIns();
      // a log that can take no more (disk full) still closes, as suspended: runner, lock and index
      let closedAs = as;
      let failure: { err: unknown } | undefined;
      try {
        last();
      } catch (err) {
        closedAs = 'suspended';
        failure = { err };
      }
      // background jobs earlier blocks left running must not outlive the session
      await this.opts.executor?.killAll?.();
      try {
        this.opts.log.close();
      } finally {
        this.opts.lock.release();
      }
      // the index is a copy the session folders can rebuild: a failed write must not hide why the session closed
      await this.opts.store
        ?.upsert({
          id: this.sessionId,
          status: closedAs,
          chainHead: this.opts.log.chainHead,
          seq: this.opts.log.lastSeq,
          ...(this.state.currentStepId ? { lastStep: this.state.currentStepId } : {}),
        })
        .catch(() => undefined);
      this.closedAs = closedAs;
      this.emit();
      if (failure) throw failure.err;
    })();
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
      addNotice: (text) => this.addNotice(text),
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
    this.emit();
    return ev;
  }

  /** A line for the operator, kept with any notice already showing; the same line is said once. */
  private addNotice(text: string | undefined): void {
    if (!text || this.notice?.includes(text)) return;
    this.notice = this.notice ? `${text}; ${this.notice}` : text;
    this.emit();
  }

  private emit(): void {
    this.snap = undefined;
    for (const l of this.listeners) l();
  }

  private stepById(stepId: string): Step {
    const step = this.runbook.steps.find((s) => s.id === stepId);
    if (!step) throw new Error(`no step ${stepId} in ${this.runbook.file}`);
    return step;
  }
}

function ignoreCancelled(err: unknown): void {
  if (!(err instanceof PromptCancelled)) throw err;
}
