// The session engine: walks a runbook step by step, records everything in the audit log,
// and asks questions as prompts (promises) that a UI, the headless runner or a test resolves.
// No React here. State is always the reducer's view of the events appended so far.
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command, Decision, Expectation, Gate, Param, Runbook, SignoffForm, Step } from '../runbook/model.js';
import type { Identity } from '../identity.js';
import type { AuditEvent, AuditEventType, SessionMode } from './audit-event.js';
import type { AuditLog } from './audit-log.js';
import { sha256Hex } from './canonical.js';
import type {
  CmdExitData,
  CmdStartData,
  DecisionData,
  DeviationData,
  EvidenceData,
  ExpectationCheckData,
  ItemCheckData,
  NoteData,
  OutputData,
  ParamSource,
  RecoveryData,
  SessionEndData,
  SignoffData,
  StepEndData,
  StepStartData,
} from './event-data.js';
import type { SessionLock } from './lock.js';
import { gateCheckData, metricEventData } from '../steps/metric-event.js';
import { createGateChecker, type GateChecker, type GatePlan, type MetricOptions } from '../steps/metric-run.js';
import { capturedNames, withExpandedExpectations } from './expect-params.js';
import { lineDiff } from './line-diff.js';
import { applyEvent, reduceSession } from './reducer.js';
import { resolveScript } from './resolve-script.js';
import type { SessionPaths } from './session-dir.js';
import { paramSetData, unmaskedNotice } from './param-set.js';
import { ShellStateFile } from './shell-state-file.js';
import type { SessionStore } from './store.js';
import type {
  CheckResult,
  CommandExecutor,
  CommandResult,
  EngineSnapshot,
  LiveMetric,
  LiveOutput,
  PendingPrompt,
  Prompt,
  PromptAnswers,
  PromptKind,
  SessionEngine,
  SessionState,
} from './types.js';

/** Thrown into a pending prompt when the session is suspended or ended under it. */
export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
}

export type EngineClosed = 'suspended' | 'completed' | 'aborted';

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

const LIVE_LINES = 500;
/** The live view is republished at most this often while a command prints (the TUI draws ~30 fps). */
const LIVE_FRAME_MS = 33;

type CommandOutcome = 'ok' | 'skip' | 'abort' | 'declined';
type StepOutcome = 'done' | 'stopped';

interface StepContext {
  step: Step;
  deviations: string[];
  jumpTo?: string;
  output?: { file: string; sha256: string };
}

export class Engine implements SessionEngine {
  readonly runbook: Runbook;
  readonly sessionId: string;
  readonly mode: SessionMode;
  private state: SessionState;
  private prompt: PendingPrompt | undefined;
  private rejectPrompt: ((err: Error) => void) | undefined;
  private promptSeq = 0;
  private live: LiveOutput | undefined;
  private liveMetric: LiveMetric | undefined;
  private gateChecker: GateChecker | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly stepOrder: string[];
  private readonly values: Map<string, string>;
  private busy: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private closedAs: EngineClosed | undefined;
  private snap: EngineSnapshot | undefined;
  private closing: Promise<void> | undefined;
  private finishingFromStep = false;
  private notice: string | undefined;
  private readonly shellFile: ShellStateFile;
  private unattended = false;
  /** Rehearsal: parameters the operator left empty when asked; shown as `${NAME}` and not asked again. */
  private readonly unresolved = new Set<string>();
  /** Resolves when the opening prompts (runbook changed, interrupted command, parameters) are answered. */
  readonly ready: Promise<void>;

  constructor(private readonly opts: EngineOptions) {
    this.runbook = opts.runbook;
    this.mode = opts.mode;
    this.sessionId = opts.log.sessionId;
    this.stepOrder = opts.runbook.steps.map((s) => s.id);
    this.state = reduceSession(opts.events, this.stepOrder);
    this.values = opts.values ?? new Map();
    this.notice = opts.notice;
    this.shellFile = opts.shellFile ?? new ShellStateFile(opts.paths.shellState);
    this.ready = Promise.resolve().then(() => this.begin()).catch((err: unknown) => {
      if (!(err instanceof PromptCancelled)) throw err;
    });
  }

  // ---- the SessionEngine surface ----

  snapshot(): EngineSnapshot {
    this.snap ??= {
      runbook: this.runbook,
      state: this.state,
      prompt: this.prompt,
      live: this.live,
      ...(this.liveMetric ? { metric: this.liveMetric } : {}),
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
    const missing = command.params.filter((n) => !this.values.has(n));
    return markUnresolved(resolveScript(command, this.runbook.params, this.values), this.paramsNamed(missing));
  }

  /** Whether a block is run by the runner here (false in a rehearsal, without a runner, or pwsh without pwsh on PATH). */
  runsHere(command: Command): boolean {
    const executor = this.opts.executor;
    return this.mode === 'run' && executor !== undefined && (executor.runsHere?.(command) ?? command.runnable);
  }

  /** The spooled output file an `output` event names, in this session's outputs/. */
  outputPath(file: string): string {
    return join(this.opts.paths.outputs, file);
  }

  /** Parameter names a command of this step needs that have no value yet. */
  missingParams(step: Step): string[] {
    const names = new Set(step.commands.flatMap((c) => c.params));
    return [...names].filter((n) => !this.values.has(n));
  }

  advance(stepId: string): Promise<void> {
    if (this.busy) return this.busy;
    const step = this.stepById(stepId);
    this.busy = (async () => {
      await this.ready;
      if (this.closedAs) return;
      await this.walkStep(step);
    })()
      .catch((err: unknown) => {
        if (!(err instanceof PromptCancelled)) throw err;
      })
      .finally(() => {
        this.busy = undefined;
      });
    return this.busy;
  }

  async toggleItem(stepId: string, itemId: string): Promise<void> {
    const step = this.stepById(stepId);
    const item = step.items.find((i) => i.id === itemId);
    if (!item) throw new Error(`step ${stepId} has no item ${itemId}`);
    const checked = !(this.state.steps[stepId]?.items[itemId] ?? false);
    this.record('check', { kind: 'item', stepId, itemId, text: item.text, checked } satisfies ItemCheckData);
  }

  async skip(stepId: string, reason: string): Promise<void> {
    this.stepById(stepId);
    this.record('deviation', { kind: 'skip', stepId, reason } satisfies DeviationData);
    this.record('step.end', { stepId, status: 'skipped', reason } satisfies StepEndData);
  }

  async note(text: string, stepId?: string): Promise<void> {
    this.record('note', { text, kind: 'note', ...(stepId ? { stepId } : {}) } satisfies NoteData);
  }

  select(stepId: string): void {
    this.stepById(stepId);
    this.state = { ...this.state, currentStepId: stepId };
    this.emit();
  }

  async cancelRunning(): Promise<void> {
    this.abort?.abort();
  }

  sendInput(data: string): void {
    this.opts.executor?.write?.(data);
  }

  suspend(): Promise<void> {
    this.closing ??= (async () => {
      this.cancelPrompt();
      this.abort?.abort();
      await this.settle();
      // a log that can take no more (disk full) still closes: runner, lock and index
      try {
        this.record('note', { text: 'session suspended', kind: 'suspend' } satisfies NoteData);
      } finally {
        await this.close('suspended');
      }
    })();
    return this.closing;
  }

  finish(outcome: 'completed' | 'aborted'): Promise<void> {
    this.closing ??= (async () => {
      this.cancelPrompt();
      this.abort?.abort();
      // finish('aborted') may come from inside a step (check-failed -> abort): do not wait on it
      if (!this.finishingFromStep) await this.settle();
      try {
        this.record('session.end', { outcome } satisfies SessionEndData);
      } catch (err) {
        await this.close('suspended');
        throw err;
      }
      await this.close(outcome);
    })();
    return this.closing;
  }

  /** The headless runner walks without a person: step ends are marked `auto`. */
  markUnattended(): void {
    this.unattended = true;
  }

  // ---- opening ----

  private async begin(): Promise<void> {
    const change = this.opts.runbookChange;
    if (change) {
      const diff = lineDiff(change.oldSource, Buffer.from(change.newBytes).toString('utf8'));
      const answer = await this.ask({ kind: 'runbook-changed', oldSha256: change.oldSha256, newSha256: change.newSha256, diff });
      if (!answer.proceed) {
        await this.suspend();
        return;
      }
      this.record('deviation', {
        kind: 'runbook-changed',
        reason: 'the runbook changed since the session started; continued with the new version',
        oldSha256: change.oldSha256,
        newSha256: change.newSha256,
      } satisfies DeviationData);
    }
    await this.settleInterruptedCommands();
    if (this.opts.askParamsAtStart) {
      const missing = this.runbook.params.filter((p) => !this.values.has(p.name));
      if (missing.length > 0) await this.askParams(missing);
    }
  }

  /** A command that started but never exited (the session ended under it): ask what happened. */
  private async settleInterruptedCommands(): Promise<void> {
    for (const step of this.runbook.steps) {
      const st = this.state.steps[step.id];
      for (const run of st?.runs ?? []) {
        if (run.status !== 'running') continue;
        const command = step.commands.find((c) => c.id === run.commandId);
        if (!command) continue;
        const answer = await this.ask({ kind: 'interrupted-command', step, command });
        const exit: CmdExitData = {
          stepId: step.id,
          commandId: command.id,
          execution: this.opts.executor ? 'run' : 'manual',
          interrupted: answer.action,
          ...(answer.action === 'done' ? { note: answer.note } : {}),
        };
        this.record('cmd.exit', exit);
        this.record('recovery', { reason: 'interrupted-command', stepId: step.id, commandId: command.id, action: answer.action } satisfies RecoveryData);
        if (answer.action === 'skip') {
          await this.skip(step.id, answer.reason);
        } else if (answer.action === 'rerun') {
          this.select(step.id);
        }
      }
    }
  }

  // ---- walking a step ----

  private async walkStep(step: Step): Promise<void> {
    const st = this.state.steps[step.id];
    if (st && (st.status === 'passed' || st.status === 'skipped' || st.status === 'waived')) return;
    const resumedMidStep = st?.status === 'running';
    if (!resumedMidStep) {
      this.record('step.start', { stepId: step.id, title: step.title, line: step.line } satisfies StepStartData);
    }
    const ctx: StepContext = { step, deviations: [] };
    for (const command of step.commands) {
      if (resumedMidStep && this.commandDone(step.id, command.id)) continue;
      const outcome = await this.runCommand(ctx, command);
      if (outcome === 'declined') return;
      if (outcome === 'skip') return;
      if (outcome === 'abort') {
        this.finishingFromStep = true;
        await this.finish('aborted');
        return;
      }
    }
    if ((await this.confirmGates(ctx)) === 'stopped') return;
    for (const decision of step.decisions) {
      await this.walkDecision(ctx, decision);
      if (ctx.jumpTo) break;
    }
    if ((await this.collectSignoffs(ctx)) === 'stopped') return;
    await this.collectEvidence(ctx);
    const end: StepEndData = {
      stepId: step.id,
      status: ctx.deviations.length > 0 ? 'waived' : 'passed',
      ...(ctx.deviations.length > 0 ? { reason: ctx.deviations.join('; ') } : {}),
      ...(ctx.jumpTo ? { next: ctx.jumpTo } : {}),
      ...(this.unattended ? { auto: true } : {}),
    };
    this.record('step.end', end);
  }

  private commandDone(stepId: string, commandId: string): boolean {
    const runs = this.state.steps[stepId]?.runs.filter((r) => r.commandId === commandId) ?? [];
    const last = runs[runs.length - 1];
    return last !== undefined && (last.status === 'exited' || last.status === 'confirmed' || last.status === 'would-run' || last.status === 'interrupted');
  }

  private async runCommand(ctx: StepContext, command: Command): Promise<CommandOutcome> {
    const { step } = ctx;
    const rehearsal = this.mode === 'rehearsal';
    let missing = command.params.filter((n) => !this.values.has(n));
    // A rehearsal asks once per parameter (never when unattended) and goes on without a value.
    const toAsk = rehearsal ? missing.filter((n) => !this.unresolved.has(n) && !this.unattended) : missing;
    if (toAsk.length > 0) {
      await this.askParams(this.paramsNamed(toAsk));
      missing = command.params.filter((n) => !this.values.has(n));
    }
    if (missing.length > 0 && !rehearsal) {
      this.record('note', { kind: 'declined', stepId: step.id, text: `not run: no value for ${missing.join(', ')}` } satisfies NoteData);
      return 'declined';
    }
    for (const name of missing) this.unresolved.add(name);
    const start: CmdStartData = {
      stepId: step.id,
      commandId: command.id,
      script: command.code,
      resolved: this.displayScript(command),
      // where the block runs: the session shell's directory once a block has cd'd (or resume restored it)
      cwd: this.opts.executor?.shellState?.()?.cwd ?? this.cwd(),
      env: [...command.params],
      execution: 'would-run',
      ...(command.danger.length > 0 ? { danger: command.danger.map((d) => d.reason) } : {}),
      ...(command.expectations.length > 0 ? { expects: command.expectations.map((e) => e.text) } : {}),
    };
    if (this.mode === 'rehearsal') {
      // nothing runs in a rehearsal, so there is nothing to confirm or check
      this.record('cmd.start', start);
      return 'ok';
    }
    const reasons = [...command.danger, ...step.danger].map((d) => d.reason);
    if (reasons.length > 0) {
      const word = confirmationWord(reasons);
      const answer = await this.ask({ kind: 'danger', step, command, reasons: [...new Set(reasons)], word });
      if (!answer.confirmed) {
        this.record('note', { kind: 'declined', stepId: step.id, text: `dangerous command ${command.id} not confirmed; not run` } satisfies NoteData);
        return 'declined';
      }
    }
    const executor = this.runsHere(command) ? this.opts.executor : undefined;
    for (;;) {
      const failures = executor
        ? await this.execute(ctx, command, { ...start, execution: 'run' }, executor)
        : await this.confirmManual(ctx, command, { ...start, execution: 'manual' });
      if (failures.length === 0) return 'ok';
      const answer = await this.ask({ kind: 'check-failed', step, command, failures });
      switch (answer.action) {
        case 'retry':
          continue;
        case 'pass':
          this.record('deviation', { kind: 'override', stepId: step.id, target: command.id, reason: answer.reason } satisfies DeviationData);
          ctx.deviations.push(`checks overridden: ${answer.reason}`);
          return 'ok';
        case 'skip':
          await this.skip(step.id, answer.reason);
          return 'skip';
        case 'abort':
          return 'abort';
        default: {
          const never: never = answer;
          return never;
        }
      }
    }
  }

  /** Run mode, no runner (or not runnable here): the operator did it by hand; Enter is the confirmation. */
  private async confirmManual(ctx: StepContext, command: Command, start: CmdStartData): Promise<string[]> {
    this.record('cmd.start', start);
    this.record('cmd.exit', { stepId: ctx.step.id, commandId: command.id, execution: 'manual' } satisfies CmdExitData);
    const failures: string[] = [];
    for (const exp of command.expectations) {
      if (!(await this.confirmUnverified(ctx, exp, command.id))) failures.push(`not confirmed: ${exp.text}`);
    }
    return failures;
  }

  private async execute(ctx: StepContext, command: Command, start: CmdStartData, executor: CommandExecutor): Promise<string[]> {
    const { step } = ctx;
    const attempt = (this.state.steps[step.id]?.runs.filter((r) => r.commandId === command.id).length ?? 0) + 1;
    const spoolPath = join(this.opts.paths.outputs, `${step.id}-${command.id}-${attempt}.log`);
    this.record('cmd.start', start); // fsynced before the process exists
    const abort = new AbortController();
    this.abort = abort;
    const live: LiveOutput = { stepId: step.id, commandId: command.id, lines: [], totalLines: 0, totalBytes: 0, startedAt: Date.now() };
    this.setLive(live);
    // Of a chunk only the lines that can still be in view are split off, and the view is
    // published at most once a frame (first chunk at once), not once per chunk.
    let held: string[] = [];
    let partial = '';
    let frame: NodeJS.Timeout | undefined;
    let shownAt = 0;
    const publish = (): void => {
      frame = undefined;
      shownAt = Date.now();
      live.lines = held.length > LIVE_LINES ? held.slice(-LIVE_LINES) : held.slice();
      this.setLive({ ...live, lines: partial ? [...live.lines, partial].slice(-LIVE_LINES) : live.lines });
    };
    const onOutput = (chunk: string): void => {
      live.totalBytes += Buffer.byteLength(chunk);
      let count = 0;
      for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) count++;
      if (count === 0) partial += chunk;
      else {
        live.totalLines += count;
        let body = partial + chunk;
        if (count > LIVE_LINES) {
          let at = chunk.length;
          for (let k = 0; k <= LIVE_LINES; k++) at = chunk.lastIndexOf('\n', at - 1);
          body = chunk.slice(at + 1);
          held = [];
        }
        const parts = body.split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) held.push(line);
        if (held.length > 2 * LIVE_LINES) held = held.slice(-LIVE_LINES);
      }
      if (frame) return;
      const wait = LIVE_FRAME_MS - (Date.now() - shownAt);
      if (wait <= 0) publish();
      else frame = setTimeout(publish, wait);
    };
    const env: Record<string, string> = {};
    // values earlier blocks captured (capture=NAME) reach the blocks that read them
    for (const name of [...command.params, ...capturedNames(this.runbook)]) {
      const v = this.values.get(name);
      if (v !== undefined) env[name] = v;
    }
    const secretValues = this.runbook.params.filter((p) => p.secret).flatMap((p) => this.values.get(p.name) ?? []);
    let result: CommandResult;
    try {
      result = await executor.run(withExpandedExpectations(command, this.values), env, this.cwd(), onOutput, abort.signal, { spoolPath, secretValues });
    } finally {
      this.abort = undefined;
      clearTimeout(frame);
      live.lines = held.slice(-LIVE_LINES);
    }
    const shellState = this.saveShell(step.id, executor, secretValues);
    const output: OutputData = {
      stepId: step.id,
      commandId: command.id,
      file: basename(result.spoolPath),
      sha256: result.sha256,
      bytes: result.bytes,
      lines: result.lines,
    };
    this.record('output', output);
    ctx.output = { file: output.file, sha256: output.sha256 };
    this.record('cmd.exit', {
      stepId: step.id,
      commandId: command.id,
      execution: 'run',
      ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
      ...(result.signal !== null ? { signal: result.signal } : {}),
      durationMs: result.durationMs,
      ...(abort.signal.aborted ? { cancelled: true } : {}),
      ...(shellState ? { shellState } : {}),
    } satisfies CmdExitData);
    this.setLive(undefined);
    if (command.capture && result.captured !== undefined && result.exitCode === 0) {
      this.setParam(command.capture, result.captured, 'capture');
    }
    const failures: string[] = [];
    if (abort.signal.aborted) failures.push('cancelled by the operator');
    const checks = this.checksOf(command, result);
    for (const check of checks) {
      if (check.result === 'unverified') continue;
      this.record('check', {
        kind: 'expectation',
        stepId: step.id,
        commandId: command.id,
        expected: check.text,
        ...(check.actual !== undefined ? { actual: check.actual } : {}),
        result: check.result,
      } satisfies ExpectationCheckData);
      if (check.result === 'fail') failures.push(`${check.text}${check.actual !== undefined ? ` (got ${check.actual})` : ''}`);
    }
    // what the tool cannot decide is put to the operator, unless the command already failed
    if (failures.length > 0) return failures;
    for (const check of checks) {
      if (check.result !== 'unverified') continue;
      const exp = command.expectations.find((e) => e.text === check.text) ?? manualExpectation(check.text, command.line);
      if (!(await this.confirmUnverified(ctx, exp, command.id, live.lines.join('\n')))) failures.push(`not confirmed: ${check.text}`);
    }
    return failures;
  }

  /** The executor's checks, or: exit code against an exit-code expectation (else 0), the rest for the operator. */
  private checksOf(command: Command, result: CommandResult): { text: string; result: CheckResult; actual?: string }[] {
    if (result.checks) return result.checks;
    const actual = result.exitCode === null ? `signal ${result.signal ?? '?'}` : String(result.exitCode);
    const exitExp = command.expectations.find((e) => e.check.kind === 'exit-code');
    const want = exitExp?.check.kind === 'exit-code' ? exitExp.check.code : 0;
    const checks: { text: string; result: CheckResult; actual?: string }[] = [
      { text: exitExp?.text ?? 'exit code 0', result: result.exitCode === want ? 'pass' : 'fail', actual },
    ];
    for (const exp of command.expectations) {
      if (exp !== exitExp) checks.push({ text: exp.text, result: 'unverified' });
    }
    return checks;
  }

  private async confirmUnverified(ctx: StepContext, expectation: Expectation, commandId: string, output?: string): Promise<boolean> {
    const answer = await this.ask({ kind: 'unverified', step: ctx.step, expectation, ...(output !== undefined ? { output } : {}) });
    this.record('check', {
      kind: 'expectation',
      stepId: ctx.step.id,
      commandId,
      expected: expectation.text,
      result: answer.confirmed ? 'unverified' : 'fail',
      ...(answer.confirmed ? { confirmedBy: this.opts.identity.name } : {}),
      ...(answer.note ? { note: answer.note } : {}),
    } satisfies ExpectationCheckData);
    return answer.confirmed;
  }

  /**
   * Metric gates (src/steps/metric-run.ts decides how): sampled and judged go / no-go, shown as
   * "would check" in a rehearsal without --simulate, or confirmed by the operator (unverified).
   */
  private async confirmGates(ctx: StepContext): Promise<StepOutcome> {
    for (const gate of ctx.step.gates) {
      const plan = this.gates().plan(gate);
      switch (plan.kind) {
        case 'would-check':
          this.record('note', { kind: 'note', stepId: ctx.step.id, text: `would check gate: ${gate.text} (${plan.via}; --simulate samples simulated metrics)` } satisfies NoteData);
          break;
        case 'confirm':
          if (this.mode === 'rehearsal') break;
          if (!(await this.confirmGate(ctx, gate))) return this.gateStopped(ctx, `gate not confirmed: ${gate.text}`);
          break;
        case 'sample': {
          const verdict = await this.sampleGate(ctx, gate, plan);
          if (verdict === 'no-go') return this.gateStopped(ctx, `gate NO-GO: ${gate.text}`);
          if (verdict === 'unconfirmed') return this.gateStopped(ctx, `gate not confirmed: ${gate.text}`);
          break;
        }
        default: {
          const never: never = plan;
          return never;
        }
      }
    }
    return 'done';
  }

  private confirmGate(ctx: StepContext, gate: Gate, output?: string): Promise<boolean> {
    const exp: Expectation = { line: gate.line, text: gate.text, source: 'threshold', check: { kind: 'manual' } };
    return this.confirmUnverified(ctx, exp, gate.id, output);
  }

  private gateStopped(ctx: StepContext, reason: string): StepOutcome {
    this.record('step.end', { stepId: ctx.step.id, status: 'failed', reason } satisfies StepEndData);
    return 'stopped';
  }

  /** Samples a gate's metrics (live on screen), records them and the verdict; an undecidable gate goes to the operator. */
  private async sampleGate(ctx: StepContext, gate: Gate, plan: Extract<GatePlan, { kind: 'sample' }>): Promise<'go' | 'no-go' | 'confirmed' | 'unconfirmed'> {
    const abort = new AbortController();
    this.abort = abort;
    const base: LiveMetric = {
      stepId: ctx.step.id,
      gateId: gate.id,
      title: gate.text,
      mode: gate.mode,
      thresholds: gate.thresholds,
      source: plan.source.kind,
      series: [],
      startedAt: Date.now(),
      windowMs: plan.windowMs,
      realTime: plan.source.kind === 'command',
    };
    this.setLiveMetric(base);
    let run;
    try {
      run = await this.gates().run(gate, plan, abort.signal, (all) =>
        this.setLiveMetric({ ...base, series: all.map((s) => ({ metric: s.metric, ...(s.unit ? { unit: s.unit } : {}), values: s.points.map((p) => p.value) })) }),
      );
    } finally {
      this.abort = undefined;
      this.setLiveMetric(undefined);
    }
    const { series, evaluation, error } = run;
    for (const s of series) {
      this.record('metric', metricEventData(ctx.step.id, gate, s, series, evaluation, plan.source.kind, plan.windowMs, error));
    }
    if (evaluation.verdict === 'unverified') {
      const why = error ?? evaluation.outcomes.filter((o) => o.result === 'unverified').map((o) => o.detail).join('; ');
      return (await this.confirmGate(ctx, gate, `the metrics could not decide this gate: ${why}`)) ? 'confirmed' : 'unconfirmed';
    }
    this.record('check', gateCheckData(ctx.step.id, gate, evaluation));
    return evaluation.verdict;
  }

  private gates(): GateChecker {
    this.gateChecker ??= createGateChecker({
      mode: this.mode,
      simulate: this.opts.simulate === true,
      ...(this.opts.executor ? { executor: this.opts.executor } : {}),
      outputsDir: this.opts.paths.outputs,
      cwd: this.cwd(),
      env: this.opts.env ?? process.env,
      values: () => this.values,
      secretValues: () => this.runbook.params.filter((p) => p.secret).flatMap((p) => this.values.get(p.name) ?? []),
      ...(this.opts.metrics ? { metrics: this.opts.metrics } : {}),
    });
    return this.gateChecker;
  }

  private setLiveMetric(metric: LiveMetric | undefined): void {
    this.liveMetric = metric;
    this.emit();
  }

  private async walkDecision(ctx: StepContext, decision: Decision): Promise<void> {
    for (const top of decision.questions) {
      let node: typeof top | undefined = top;
      while (node) {
        const current: typeof top = node;
        node = undefined;
        const answer = await this.ask({ kind: 'decision', decision, node: current });
        const chosen = current.answers.find((a) => a.label === answer.answer);
        const outcome = chosen?.outcome;
        const jumpTo = outcome?.kind === 'action' && outcome.target ? this.firstStepOfSection(outcome.target.sectionId) : undefined;
        const data: DecisionData = {
          stepId: ctx.step.id,
          decisionId: decision.id,
          question: current.question,
          answer: answer.answer,
          who: this.opts.identity.name,
          ...(outcome?.kind === 'action' ? { outcome: outcome.text } : {}),
          ...(jumpTo ? { jumpTo } : {}),
          ...(answer.note ? { note: answer.note } : {}),
        };
        this.record('decision', data);
        if (!outcome) return;
        switch (outcome.kind) {
          case 'question':
            node = outcome.node;
            break;
          case 'action':
            if (jumpTo) ctx.jumpTo = jumpTo;
            return;
          case 'continue':
            break;
          default: {
            const never: never = outcome;
            return never;
          }
        }
      }
    }
  }

  private async collectSignoffs(ctx: StepContext): Promise<StepOutcome> {
    for (const form of ctx.step.signoffs) {
      const roles = form.roles.length > 0 ? form.roles : ['Approver'];
      const signers: string[] = [];
      for (const [i, role] of roles.entries()) {
        let error: string | undefined;
        for (;;) {
          const answer = await this.ask({
            kind: 'signoff',
            step: ctx.step,
            form,
            role,
            suggestedName: this.opts.identity.name,
            ...(this.opts.identity.azurePrincipal ? { azurePrincipal: this.opts.identity.azurePrincipal } : {}),
            ...(error ? { error } : {}),
          });
          error = this.fourEyesProblem(form, role, answer.name.trim(), signers, i === roles.length - 1 && roles.length > 1);
          if (answer.name.trim() === '') error = `${role}: a name is required`;
          if (!error) {
            signers.push(answer.name.trim());
            this.recordSignoff(ctx, form, role, answer);
            break;
          }
        }
        if (!this.lastSignoffApproved) {
          this.record('step.end', { stepId: ctx.step.id, status: 'failed', reason: `sign-off refused (${role})` } satisfies StepEndData);
          return 'stopped';
        }
      }
    }
    return 'done';
  }

  private lastSignoffApproved = true;

  private recordSignoff(ctx: StepContext, form: SignoffForm, role: string, answer: PromptAnswers['signoff']): void {
    const name = answer.name.trim();
    const data: SignoffData = {
      stepId: ctx.step.id,
      formId: form.id,
      role,
      name,
      identitySource: name === this.opts.identity.name ? this.opts.identity.source : 'typed',
      ...(name === this.opts.identity.name && this.opts.identity.azurePrincipal ? { azurePrincipal: this.opts.identity.azurePrincipal } : {}),
      approved: answer.approved,
      ...(answer.comment ? { comment: answer.comment } : {}),
      ...(answer.choice ? { choice: answer.choice } : {}),
      signedAt: new Date().toISOString(),
    };
    this.lastSignoffApproved = answer.approved;
    this.record('signoff', data);
  }

  private fourEyesProblem(form: SignoffForm, role: string, name: string, earlier: string[], last: boolean): string | undefined {
    if (!(form.fourEyes || this.opts.fourEyes)) return undefined;
    if (name === this.opts.identity.name) {
      return `four-eyes: ${role} must be signed by someone other than the operator (${name})`;
    }
    if (last && earlier.length > 0 && earlier.every((n) => n === name)) {
      return `four-eyes: all roles of "${form.title}" cannot be signed by ${name} alone`;
    }
    return undefined;
  }

  private async collectEvidence(ctx: StepContext): Promise<void> {
    if (this.mode === 'rehearsal') return; // nothing ran, so there is nothing to show
    for (const req of ctx.step.evidence) {
      if (req.kind === 'output' && ctx.output) {
        this.record('evidence', { stepId: ctx.step.id, requirementId: req.id, kind: 'output', value: ctx.output.file, sha256: ctx.output.sha256 } satisfies EvidenceData);
        continue;
      }
      const answer = await this.ask({ kind: 'evidence', step: ctx.step, requirement: req });
      if ('waived' in answer) {
        this.record('deviation', { kind: 'waive', stepId: ctx.step.id, target: req.id, reason: answer.waived } satisfies DeviationData);
        ctx.deviations.push(`evidence waived: ${answer.waived}`);
        continue;
      }
      const data: EvidenceData = { stepId: ctx.step.id, requirementId: req.id, kind: answer.kind, value: answer.value };
      if (answer.kind === 'file' || answer.kind === 'screenshot') {
        const attached = this.attach(answer.value);
        if (attached) Object.assign(data, attached);
      }
      this.record('evidence', data);
    }
  }

  /** Copies an evidence file into the session (outputs/) and returns its name and sha256. */
  private attach(path: string): { value: string; sha256: string } | undefined {
    try {
      const bytes = readFileSync(path);
      const name = `evidence-${this.state.seq + 1}-${basename(path)}`;
      copyFileSync(path, join(this.opts.paths.outputs, name));
      return { value: name, sha256: sha256Hex(bytes) };
    } catch {
      return undefined; // the path is recorded as given; the pack shows it was not attached
    }
  }

  // ---- parameters ----

  private paramsNamed(names: string[]): Param[] {
    return names.map(
      (name) => this.runbook.params.find((p) => p.name === name) ?? { name, secret: false, forms: [], line: 0 },
    );
  }

  private async askParams(params: Param[]): Promise<void> {
    const answer = await this.ask({ kind: 'params', params });
    for (const p of params) {
      const v = answer[p.name];
      if (v !== undefined && v !== '') this.setParam(p.name, v, 'prompt');
    }
  }

  /** Keeps a value in memory and records that it was set (the value itself only if not secret). */
  setParam(name: string, value: string, source: ParamSource): void {
    this.values.set(name, value);
    const secret = this.runbook.params.find((p) => p.name === name)?.secret ?? false;
    const data = paramSetData(name, value, secret, source);
    this.record('param.set', data);
    if (data.unmasked) this.addNotice(unmaskedNotice([name]));
  }

  /** A line for the operator, kept with any notice already showing. */
  private addNotice(text: string | undefined): void {
    if (!text || this.notice?.includes(text)) return;
    this.notice = this.notice ? `${text}; ${this.notice}` : text;
    this.emit();
  }

  // ---- plumbing ----

  /**
   * After every block: the shell it left goes to the state file, secrets held back. Returns
   * the file's sha256 for the cmd.exit event, which makes the file tamper-evident: resume
   * sources it into the next block, so it must be the file this session wrote.
   */
  private saveShell(stepId: string, executor: CommandExecutor, secretValues: string[]): string | undefined {
    const snap = executor.shellState?.();
    if (!snap) return undefined;
    const secretParams = this.runbook.params.filter((p) => p.secret).map((p) => p.name);
    try {
      return this.shellFile.save(snap, stepId, secretValues, secretParams);
    } catch (err) {
      this.addNotice(`could not save the shell state (${(err as Error).message}): a resume would start in a fresh shell`);
      return undefined;
    }
  }

  private record(type: AuditEventType, data: object): AuditEvent {
    if (this.closedAs) throw new Error(`session ${this.sessionId} is closed`);
    const ev = this.opts.log.append(type, data as Record<string, unknown>, this.opts.identity.name);
    this.state = applyEvent(this.state, ev, this.stepOrder);
    this.emit();
    return ev;
  }

  private ask<K extends PromptKind>(prompt: Extract<Prompt, { kind: K }>): Promise<PromptAnswers[K]> {
    // Closing (quit with a command running): the cancelled command must not raise a prompt nobody will answer.
    if (this.closedAs || this.closing) return Promise.reject(new PromptCancelled('session closed'));
    return new Promise<PromptAnswers[K]>((resolve, reject) => {
      const id = ++this.promptSeq;
      const pending: PendingPrompt<K> = {
        id,
        prompt,
        resolve: (answer) => {
          if (this.prompt?.id !== id) return; // answered twice, or cancelled
          this.prompt = undefined;
          this.rejectPrompt = undefined;
          this.emit();
          resolve(answer);
        },
      };
      this.prompt = pending as unknown as PendingPrompt;
      this.rejectPrompt = reject;
      this.emit();
    });
  }

  private cancelPrompt(): void {
    const reject = this.rejectPrompt;
    this.prompt = undefined;
    this.rejectPrompt = undefined;
    if (reject) {
      reject(new PromptCancelled('session suspended'));
      this.emit();
    }
  }

  /** Waits for an advance in flight to unwind (its prompt was cancelled). */
  private async settle(): Promise<void> {
    if (this.busy) await this.busy.catch(() => undefined);
  }

  private async close(as: EngineClosed): Promise<void> {
    this.closedAs = as;
    // background jobs earlier blocks left running must not outlive the session
    await this.opts.executor?.killAll?.();
    try {
      this.opts.log.close();
    } finally {
      this.opts.lock.release();
    }
    // the index is a copy the session folders can rebuild: a failed write must not hide why the session closed
    await this.opts.store?.upsert({
      id: this.sessionId,
      status: as,
      chainHead: this.opts.log.chainHead,
      seq: this.opts.log.lastSeq,
      ...(this.state.currentStepId ? { lastStep: this.state.currentStepId } : {}),
    }).catch(() => undefined);
    this.emit();
  }

  private setLive(live: LiveOutput | undefined): void {
    this.live = live;
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

  private firstStepOfSection(sectionId: string): string | undefined {
    const within = (id: string | undefined): boolean => {
      for (let cur = id; cur; cur = this.runbook.sections.find((s) => s.id === cur)?.parentId) {
        if (cur === sectionId) return true;
      }
      return false;
    };
    return this.runbook.steps.find((s) => within(s.sectionId))?.id;
  }

  private cwd(): string {
    return this.opts.cwd ?? process.cwd();
  }
}

function manualExpectation(text: string, line: number): Expectation {
  return { line, text, source: 'prose', check: { kind: 'manual' } };
}

/** The word to type before a dangerous command: named for what it does. */
export function confirmationWord(reasons: readonly string[]): string {
  const all = reasons.join(' ').toLowerCase();
  if (/delet|purg|remov|destroy|drop/.test(all)) return 'DELETE';
  if (/rollback|roll back/.test(all)) return 'ROLLBACK';
  if (/restor/.test(all)) return 'RESTORE';
  if (/traffic/.test(all)) return 'SHIFT';
  if (/force/.test(all)) return 'FORCE';
  return 'CONFIRM';
}

/** Rehearsal display: a parameter without a value shows as `${NAME}` whatever form the runbook wrote it in. */
function markUnresolved(script: string, params: readonly Param[]): string {
  let text = script;
  for (const p of params) {
    const plain = new Set([`\${${p.name}}`, `$${p.name}`]);
    for (const form of [...p.forms].sort((x, y) => y.length - x.length)) {
      if (!plain.has(form)) text = text.split(form).join(`\${${p.name}}`);
    }
  }
  return text;
}
