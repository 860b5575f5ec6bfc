// A command block of a step: parameters, the danger confirmation, running it (or the
// operator doing it by hand), its checks, and what to do when they fail. Every outcome is an
// event; what the step does next is returned to the walk.
import { basename } from 'node:path';
import type { AppChangeData } from '../azure/app-watch.js';
import { AppWatcher } from '../azure/app-watcher.js';
import { appChangeCheck } from './azure-events.js';
import type { ContainerAppReader } from '../azure/container-apps.js';
import type { Command, Expectation } from '../runbook/model.js';
import { recordSkip, spoolPathFor, type EngineContext, type StepContext } from './engine-context.js';
import { withExpandedExpectations } from './expect-params.js';
import type { CmdStartData } from './event-data.js';
import { preflight, shellValues } from './preflight.js';
import { raiseTiedDecision } from './raise-decision.js';
import { failureReason, type BreachEvidence } from './breach.js';
import type { ShellStateFile } from './shell-state-file.js';
import type { CheckResult, CommandExecutor, CommandResult } from './types.js';

/** ok: go on with the step; declined: not run (the step stays open); skip: the step was skipped; abort: end the session. */
export type CommandOutcome = 'ok' | 'skip' | 'abort' | 'declined';

const CANCELLED = 'cancelled by the operator';

type CheckRow = { text: string; result: CheckResult; actual?: string };

export class CommandSteps {
  private appWatcher: AppWatcher | undefined;

  constructor(
    private readonly e: EngineContext,
    private readonly shellFile: ShellStateFile,
  ) {}

  /** Whether a block is run by the runner here (false in a rehearsal, without a runner, or pwsh without pwsh on PATH). */
  runsHere(command: Command): boolean {
    const executor = this.e.options.executor;
    return this.e.mode === 'run' && executor !== undefined && (executor.runsHere?.(command) ?? command.runnable);
  }

  async run(ctx: StepContext, command: Command): Promise<CommandOutcome> {
    const { step } = ctx;
    const rehearsal = this.e.mode === 'rehearsal';
    const missing = await this.e.params.forCommand(command, rehearsal, this.e.unattended);
    if (missing.length > 0 && !rehearsal) {
      this.e.record('note', { kind: 'declined', stepId: step.id, text: `not run: no value for ${missing.join(', ')}` });
      return 'declined';
    }
    if ((await preflight(this.e, ctx, command, this.runsHere(command))) === 'declined') return 'declined';
    const args = await this.e.params.argsFor(command, rehearsal, this.e.unattended);
    const start: CmdStartData = {
      stepId: step.id,
      commandId: command.id,
      script: command.code,
      resolved: this.e.params.display(command),
      // where the block runs: the session shell's directory once a block has cd'd (or resume restored it)
      cwd: this.e.options.executor?.shellState?.()?.cwd ?? this.e.cwd(),
      env: [...command.params],
      execution: 'would-run',
      ...(command.danger.length > 0 ? { danger: command.danger.map((d) => d.reason) } : {}),
      ...(command.expectations.length > 0 ? { expects: command.expectations.map((e) => e.text) } : {}),
      ...(args.length > 0 ? { args } : {}),
    };
    if (!(await this.confirmEffect(ctx, command, start.resolved))) {
      this.e.record('note', { kind: 'declined', stepId: step.id, text: `${command.name ?? command.id} not confirmed; not run` });
      return 'declined';
    }
    if (rehearsal) {
      // nothing runs in a rehearsal, so there is nothing to check
      this.e.record('cmd.start', start);
      // --simulate: a block that changes a container app changes the simulated one (noted)
      if (this.e.options.simulate) {
        for (const text of await this.apps().rehearse(command.code, this.e.params.values)) this.e.record('note', { kind: 'note', stepId: step.id, text });
      }
      return 'ok';
    }
    const executor = this.runsHere(command) ? this.e.options.executor : undefined;
    let raised = false;
    for (;;) {
      const seen: { output?: string } = {};
      const failures = executor
        ? await this.execute(ctx, command, { ...start, execution: 'run' }, executor, seen)
        : await this.confirmManual(ctx, command, { ...start, execution: 'manual' });
      if (failures.length === 0) return 'ok';
      // a failed check raises the decision the runbook ties to this step (once per command): it may lead away
      if (!raised && (await this.raiseOnFailure(ctx, command, failures, seen.output)) === 'left') return 'skip';
      raised = true;
      // the command's own last lines say why it failed: the dialog shows them
      const answer = await this.e.ask({ kind: 'check-failed', step, command, failures, ...(seen.output ? { output: seen.output } : {}) });
      switch (answer.action) {
        case 'retry':
          continue;
        case 'pass':
          this.e.record('deviation', { kind: 'override', stepId: step.id, target: command.id, reason: answer.reason });
          ctx.deviations.push(`checks overridden: ${answer.reason}`);
          return 'ok';
        case 'skip':
          recordSkip(this.e, step.id, answer.reason);
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

  /** 'left': the decision the failure raised led elsewhere (or stopped the walk); the step ended failed. */
  private async raiseOnFailure(ctx: StepContext, command: Command, failures: readonly string[], output: string | undefined): Promise<'left' | 'stay'> {
    // the operator stopped it: nothing was observed to go wrong
    if (failures.includes(CANCELLED)) return 'stay';
    const failed = [...failures];
    const breaches = failed.map((text) => ({ kind: 'check' as const, text, commandId: command.id }));
    const evidence: BreachEvidence = { source: 'check', label: failed.join('; '), breaches };
    const raised = await raiseTiedDecision(this.e, ctx, evidence, output);
    if (!raised.raised || (raised.jumpTo === undefined && !raised.halted)) return 'stay';
    this.e.record('step.end', { stepId: ctx.step.id, status: 'failed', reason: failureReason(evidence), ...(ctx.jumpTo ? { next: ctx.jumpTo } : {}) });
    return 'left';
  }

  /**
   * A destructive command (or one the runbook marks dangerous) runs only after its word is
   * typed, always, with the exact block shown; a rehearsal asks the same so it can be
   * practised. A change is shown in the step (its effect beside the block) before the Enter
   * that runs it. Unattended, a destructive command stops for a person (headless exit 4).
   */
  private async confirmEffect(ctx: StepContext, command: Command, resolved: string): Promise<boolean> {
    // the command's own flags: the parser puts a step's prose marks onto each of its commands,
    // and step.danger is only their union (another block's "100% traffic" is not this one's)
    const reasons = [...new Set(command.danger.map((d) => d.reason))];
    if (reasons.length === 0 && command.effect !== 'destructive') return true;
    const rehearsal = this.e.mode === 'rehearsal';
    if (rehearsal && this.e.unattended) return true;
    const values = shellValues(this.e, command);
    const answer = await this.e.ask({
      kind: 'danger',
      step: ctx.step,
      command,
      reasons,
      resolved,
      effect: 'destructive',
      word: confirmationWord(reasons),
      ...(rehearsal ? { rehearsal: true } : {}),
      ...(values.length > 0 ? { shellValues: values } : {}),
    });
    return answer.confirmed;
  }

  /** The operator's word on an expectation the tool cannot check; recorded as a check. */
  async confirmUnverified(ctx: StepContext, expectation: Expectation, commandId: string, output?: string, thresholds?: { text: string; seen?: string }[]): Promise<boolean> {
    const answer = await this.e.ask({
      kind: 'unverified',
      step: ctx.step,
      expectation,
      ...(output !== undefined ? { output } : {}),
      ...(thresholds && thresholds.length > 0 ? { thresholds } : {}),
    });
    this.e.record('check', {
      kind: 'expectation',
      stepId: ctx.step.id,
      commandId,
      expected: expectation.text,
      result: answer.confirmed ? 'unverified' : 'fail',
      ...(answer.confirmed ? { confirmedBy: this.e.options.identity.name } : {}),
      ...(answer.note ? { note: answer.note } : {}),
    });
    return answer.confirmed;
  }

  /** Run mode, no runner (or not runnable here): the operator did it by hand; Enter is the confirmation. */
  private async confirmManual(ctx: StepContext, command: Command, start: CmdStartData): Promise<string[]> {
    this.e.record('cmd.start', start);
    this.e.record('cmd.exit', { stepId: ctx.step.id, commandId: command.id, execution: 'manual' });
    const failures: string[] = [];
    for (const exp of command.expectations) {
      if (!(await this.confirmUnverified(ctx, exp, command.id))) failures.push(`not confirmed: ${exp.text}`);
    }
    return failures;
  }

  /** Runs the block; `seen.output` gets the last lines it printed, for the failure dialog. */
  private async execute(ctx: StepContext, command: Command, start: CmdStartData, executor: CommandExecutor, seen: { output?: string }): Promise<string[]> {
    const { step } = ctx;
    // a block that changes a container app: the app is read before (read-only); without a login it does not run
    const watch = await this.e.operation((signal) => this.apps().before(command.code, this.e.params.values, signal));
    if (watch.signInFailed) {
      this.e.record('note', { kind: 'note', stepId: step.id, text: `not run: ${watch.signInFailed}` });
      return [watch.signInFailed];
    }
    const attempt = (this.e.state().steps[step.id]?.runs.filter((r) => r.commandId === command.id).length ?? 0) + 1;
    const spoolPath = spoolPathFor(this.e, step.id, command.id, attempt);
    this.e.record('cmd.start', start); // fsynced before the process exists
    const window = this.e.live.open(step.id, command.id);
    const secretValues = this.e.params.secretValues();
    let cancelled = false;
    let result: CommandResult;
    let appChanges: AppChangeData[] = [];
    try {
      result = await this.e.operation(async (signal) => {
        // expect="${TARGET}" checks the value TARGET was given
        const expanded = withExpandedExpectations(command, this.e.params.values);
        // a block changing the same app several times (traffic in phases) is read while it runs too
        const observing = this.apps().observe(watch, signal);
        const value = await executor
          .run(expanded, this.e.params.envFor(command), this.e.cwd(), window.push, signal, { spoolPath, secretValues, ...(start.args ? { args: start.args } : {}) })
          .finally(() => void observing.stop());
        cancelled = signal.aborted;
        // and read again after, and judged
        appChanges = await this.apps().after(watch, signal, await observing.stop());
        return value;
      });
    } catch (err) {
      window.close();
      throw err;
    }
    const shellState = this.saveShell(step.id, executor, secretValues);
    const output = { stepId: step.id, commandId: command.id, file: basename(result.spoolPath), sha256: result.sha256, bytes: result.bytes, lines: result.lines };
    this.e.record('output', output);
    ctx.output = { file: output.file, sha256: output.sha256 };
    this.e.record('cmd.exit', {
      stepId: step.id,
      commandId: command.id,
      execution: 'run',
      ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
      ...(result.signal !== null ? { signal: result.signal } : {}),
      durationMs: result.durationMs,
      ...(cancelled ? { cancelled: true } : {}),
      ...(result.timedOutAfterMs !== undefined ? { timedOut: true, timeoutMs: result.timedOutAfterMs } : {}),
      ...(shellState ? { shellState } : {}),
      ...(result.failed ? { failed: result.failed } : {}),
    });
    const shown = window.text();
    seen.output = shown;
    ctx.outputTail = shown;
    window.close();
    if (command.capture && result.captured !== undefined && result.exitCode === 0) {
      this.e.params.set(command.capture, result.captured, 'capture');
    }
    const failures: string[] = [];
    if (cancelled) failures.push(CANCELLED);
    const checks = checksOf(command, result);
    for (const check of checks) {
      if (check.result === 'unverified') continue;
      this.e.record('check', {
        kind: 'expectation',
        stepId: step.id,
        commandId: command.id,
        expected: check.text,
        ...(check.actual !== undefined ? { actual: check.actual } : {}),
        result: check.result,
      });
      if (check.result === 'fail') failures.push(`${check.text}${check.actual !== undefined ? ` (got ${check.actual})` : ''}`);
    }
    failures.push(...this.judgeAppChanges(step.id, command.id, appChanges));
    // what the tool cannot decide is put to the operator, unless the command already failed
    if (failures.length > 0) return failures;
    for (const check of checks) {
      if (check.result !== 'unverified') continue;
      const exp = command.expectations.find((e) => e.text === check.text) ?? manualExpectation(check.text, command.line);
      if (!(await this.confirmUnverified(ctx, exp, command.id, shown))) failures.push(`not confirmed: ${check.text}`);
    }
    return failures;
  }

  /** Records each watched container-app change as a check (or a note when it could not be read); returns the failed ones. */
  private judgeAppChanges(stepId: string, commandId: string, changes: AppChangeData[]): string[] {
    const failures: string[] = [];
    for (const change of changes) {
      if (!change.before) {
        this.e.record('note', { kind: 'note', stepId, text: `container app change not watched (${change.kind} ${change.app ?? ''}): ${change.error ?? 'not read before'}` });
        continue;
      }
      const data = appChangeCheck(stepId, commandId, change);
      this.e.record('check', data);
      if (data.result === 'fail') failures.push(`${data.expected} (got ${data.actual ?? 'nothing'})`);
    }
    return failures;
  }

  /** The container apps blocks are watched through (Azure, or the simulated ones of --simulate): the revisions panel reads the same. */
  get containerApps(): ContainerAppReader {
    return this.apps().apps;
  }

  private apps(): AppWatcher {
    const o = this.e.options;
    this.appWatcher ??= new AppWatcher({
      simulate: o.simulate === true,
      env: o.env ?? process.env,
      ...(o.metrics?.azure?.auth ? { auth: o.metrics.azure.auth } : {}),
      ...(o.metrics?.containerApps ? { apps: o.metrics.containerApps } : {}),
    });
    return this.appWatcher;
  }

  /**
   * After every block: the shell it left goes to the state file, secrets held back. Returns
   * the file's sha256 for the cmd.exit event, which makes the file tamper-evident: resume
   * sources it into the next block, so it must be the file this session wrote.
   */
  private saveShell(stepId: string, executor: CommandExecutor, secretValues: string[]): string | undefined {
    const snap = executor.shellState?.();
    if (!snap) return undefined;
    try {
      return this.shellFile.save(snap, stepId, secretValues, this.e.params.secretNames());
    } catch (err) {
      this.e.addNotice(`could not save the shell state (${(err as Error).message}): a resume would start in a fresh shell`);
      return undefined;
    }
  }
}

/** The executor's checks, or: exit code against an exit-code expectation (else 0), the rest for the operator. */
function checksOf(command: Command, result: CommandResult): CheckRow[] {
  if (result.checks) return result.checks;
  const actual = result.exitCode === null ? `signal ${result.signal ?? '?'}` : String(result.exitCode);
  const exitExp = command.expectations.find((e) => e.check.kind === 'exit-code');
  const want = exitExp?.check.kind === 'exit-code' ? exitExp.check.code : 0;
  const checks: CheckRow[] = [{ text: exitExp?.text ?? 'exit code 0', result: result.exitCode === want ? 'pass' : 'fail', actual }];
  for (const exp of command.expectations) {
    if (exp !== exitExp) checks.push({ text: exp.text, result: 'unverified' });
  }
  return checks;
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
