// The session engine's CommandExecutor, backed by the ShellRunner. It keeps the shell
// state of the session (exported and plain variables, functions, working directory)
// between blocks, passes parameters through the environment, checks expectations against
// the output and hands the engine the redacted text for its live view.
//
// A parameter and a shell variable of the same name: the operator's value is passed in;
// once a block assigns (or unsets) the name, later blocks see the block's value, as in a
// terminal, until the operator gives the parameter a different value.
import type { Check, Command, Param } from '../runbook/model.js';
import type { CheckResult, CommandExecutor, CommandResult, ExecOptions } from './executor.js';
import { canRun, isPowerShell } from './can-run.js';
import { evaluateExpectations } from './checks.js';
import { paramEnv } from './placeholders.js';
import { Redactor } from '../text/redact.js';
import { ShellRunner, type RunningCommand, type RunResult, type ShellRunnerOptions } from './shell-runner.js';
import { carriesExportedVariable, describeFailed } from './shell-runner-script.js';
import type { RestoredShell, ShellSnapshot } from './shell-state.js';
import { endStillRunning, findStillRunning, waitStillRunning, type StillRunning } from './still-running.js';

export interface ShellExecutorOptions extends Omit<ShellRunnerOptions, 'mode' | 'outputsDir'> {
  /** Always 'run': constructing one for a rehearsal throws (RehearsalSpawnError). */
  mode: ShellRunnerOptions['mode'];
  /** The runbook's parameters, for their `{x}` / `<X>` spellings. */
  params?: readonly Param[];
  /** false for --non-interactive runs: stdin is closed at once, so a command that reads it sees end of input instead of waiting forever. */
  interactive?: boolean;
  /** The environment the first block starts from (default: flightdeck's own). */
  baseEnv?: Readonly<Record<string, string | undefined>>;
}

export type CheckRow = { text: string; result: CheckResult; actual?: string };

export class ShellExecutor implements CommandExecutor {
  readonly runner: ShellRunner;
  /** The environment the first block starts from; a snapshot holds only what blocks changed. */
  private readonly base: Readonly<Record<string, string>>;
  private env: Record<string, string>;
  private vars: Record<string, string> = {};
  private functions: Record<string, string> = {};
  private cwd: string | undefined;
  /** Environment name -> the parameter value last passed in under it. */
  private readonly injected = new Map<string, string>();
  /** Parameters a block has assigned since their value was passed in. */
  private readonly reassigned = new Set<string>();
  private current: RunningCommand | undefined;

  constructor(private readonly opts: ShellExecutorOptions) {
    this.runner = new ShellRunner(opts);
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.baseEnv ?? process.env)) if (v !== undefined) base[k] = v;
    this.base = base;
    this.env = { ...base };
  }

  /** Whether a block runs on this machine: shell blocks always, pwsh/powershell when pwsh is on the session's PATH. */
  runsHere(command: Pick<Command, 'lang' | 'runnable'>): boolean {
    return command.runnable || (isPowerShell(command.lang) && canRun(command, this.env.PATH));
  }

  /** Whether the next block starts with this variable set to something (its environment or a shell variable it inherits). */
  hasValue(name: string): boolean {
    return (this.shellValue(name) ?? '') !== '';
  }

  /** The value the next block starts with for this variable (its environment, or a shell variable an earlier block left). */
  shellValue(name: string): string | undefined {
    const exported = this.env[name];
    if (exported !== undefined) return exported;
    // `declare -- NAME="value"`; declared without a value is not set to anything
    const declared = this.vars[name];
    const value = declared === undefined ? undefined : /^declare -\S+ [A-Za-z_]\w*=(.*)$/s.exec(declared)?.[1];
    return value === undefined ? undefined : unquoteDeclared(value);
  }

  /** The session's shell for a resume (undefined until a block has saved it). */
  shellState(): ShellSnapshot | undefined {
    if (this.cwd === undefined) return undefined;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.env)) if (this.base[k] !== v) env[k] = v;
    const unset = Object.keys(this.base).filter((k) => !(k in this.env) && carriesExportedVariable(k));
    return { cwd: this.cwd, env, unset, vars: { ...this.vars }, functions: { ...this.functions } };
  }

  /** Resume: the next block starts from a saved shell, over this process's own environment. */
  restoreShellState(snap: RestoredShell): void {
    const env = { ...this.base };
    for (const name of snap.unset) delete env[name];
    this.env = Object.assign(env, snap.env);
    this.vars = { ...snap.vars };
    this.functions = { ...snap.functions };
    this.cwd = snap.cwd;
  }

  /** The working directory the next block starts in, once a block has run. */
  get shellCwd(): string | undefined {
    return this.cwd;
  }

  async run(
    command: Command,
    params: Record<string, string>,
    cwd: string,
    onOutput: (chunk: string) => void,
    signal: AbortSignal,
    opts: ExecOptions,
  ): Promise<CommandResult> {
    const known = new Map((this.opts.params ?? []).map((p) => [p.name, p]));
    const forms = Object.keys(params).map((name) => known.get(name) ?? { name, forms: [`<${name}>`, `{${name}}`] });
    const env = { ...this.env };
    const vars = { ...this.vars };
    for (const [name, value] of Object.entries(paramEnv(params))) {
      if (this.reassigned.has(name) && this.injected.get(name) === value) continue;
      env[name] = value;
      delete vars[name];
      this.reassigned.delete(name);
      this.injected.set(name, value);
    }
    const run = this.runner.start({
      command,
      env,
      vars,
      functions: this.functions,
      cwd: this.cwd ?? cwd,
      spoolPath: opts.spoolPath,
      params: forms,
      secrets: opts.secretValues,
      stdoutApart: readsStdoutAlone(command),
      keepText: command.capture !== undefined || command.expectations.some((e) => readsOutput(e.check)),
      signal,
      ...(opts.args && opts.args.length > 0 ? { args: opts.args } : {}),
      // decoded, redacted text; the engine's live view splits, sanitises and cuts it for the screen
      onText: onOutput,
    });
    this.current = run;
    if (this.opts.interactive === false) run.endInput();
    let result: RunResult;
    try {
      result = await run.done;
    } finally {
      this.current = undefined;
    }
    if (result.stateSaved) {
      this.env = result.env;
      this.vars = result.vars;
      this.functions = result.functions;
      this.cwd = result.cwd;
      for (const [name, value] of this.injected) if (this.env[name] !== value) this.reassigned.add(name);
    }
    const redactor = new Redactor(opts.secretValues);
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: result.durationMs,
      ...(result.outcome === 'timed-out' ? { timedOutAfterMs: result.timeoutMs } : {}),
      spoolPath: result.spool.path,
      sha256: result.spool.sha256,
      bytes: result.spool.bytes,
      lines: result.spool.lines,
      checks: checkRows(command, result, redactor),
      ...(result.failed ? { failed: { ...result.failed, command: redactor.redact(result.failed.command), ...(result.failed.file ? { file: redactor.redact(result.failed.file) } : {}) } } : {}),
      ...(command.capture ? { captured: result.rawStdout.trim() } : {}),
    };
  }

  findRunning(spoolPath: string): StillRunning | undefined {
    return findStillRunning(spoolPath);
  }

  endRunning(spoolPath: string): Promise<boolean> {
    return endStillRunning(spoolPath, this.opts.graceMs);
  }

  waitRunning(spoolPath: string, signal: AbortSignal): Promise<void> {
    return waitStillRunning(spoolPath, signal);
  }

  /** Types into the running command's stdin (the operator answering a prompt). */
  write(data: string): void {
    this.current?.write(data);
  }

  /** Quit: stop the running command and anything earlier blocks left in the background. */
  killAll(graceMs?: number): Promise<void> {
    return this.runner.killAll(graceMs);
  }
}

/** `capture=`, JSON fields and numbers read stdout on its own; everything else sees stdout and stderr in one exact order. */
export function readsStdoutAlone(command: Pick<Command, 'capture' | 'expectations'>): boolean {
  return command.capture !== undefined || command.expectations.some((e) => e.check.kind === 'json-field' || e.check.kind === 'threshold');
}

/** Whether a check reads the command's output, or only how it ended. */
function readsOutput(check: Check): boolean {
  switch (check.kind) {
    case 'text':
    case 'regex':
    case 'json-field':
    case 'threshold':
      return true;
    case 'exit-code':
    case 'manual':
      return false;
  }
}

/** A time limit as the runbook writes one: 90s, 5m, 2h. */
export function formatLimit(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 100) / 10}s`;
}

export const EVERY_COMMAND = 'every command of the block succeeded';

/**
 * The block stopped at a command that failed (shell-runner-script.ts, stopOnFailure) before
 * its end: a failing check naming it. Not when it was the block's last line (the exit code
 * check already says so), nor when the runbook expects exactly that exit code.
 */
function failedRow(command: Pick<Command, 'expectations'>, result: RunResult, redactor: Redactor): CheckRow | undefined {
  const failed = result.failed;
  if (!failed) return undefined;
  const later = failed.file !== undefined || result.script.split('\n').slice(failed.line).some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const expected = command.expectations.some((e) => e.check.kind === 'exit-code' && e.check.code === failed.exitCode);
  return later && !expected ? { text: EVERY_COMMAND, result: 'fail', actual: redactor.redact(describeFailed(failed)) } : undefined;
}

/**
 * Expectation results; an implied "exit code 0" check when no expectation names an exit code.
 * A block stopped at its time limit fails its exit code check as "timed out after 60s".
 */
export function checkRows(command: Pick<Command, 'expectations'>, result: RunResult, redactor: Redactor): CheckRow[] {
  const timedOut = result.outcome === 'timed-out' ? `timed out after ${formatLimit(result.timeoutMs)}` : undefined;
  const input = {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: result.stdout,
    output: result.output,
    truncated: result.truncated,
  };
  const rows: CheckRow[] = [];
  if (!command.expectations.some((e) => e.check.kind === 'exit-code')) {
    const ok = result.exitCode === 0;
    const actual = timedOut ?? (result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.exitCode}`);
    rows.push({ text: 'exit code 0', result: ok && !timedOut ? 'pass' : 'fail', actual });
  }
  const stopped = failedRow(command, result, redactor);
  if (stopped) rows.push(stopped);
  for (const r of evaluateExpectations(command.expectations, input)) {
    if (timedOut && r.expectation.check.kind === 'exit-code') {
      rows.push({ text: r.expectation.text, result: 'fail', actual: timedOut });
      continue;
    }
    rows.push({ text: r.expectation.text, result: r.result, ...(r.actual !== undefined ? { actual: redactor.redact(r.actual) } : {}) });
  }
  return rows;
}

/** A value as `declare -p` prints it: "double-quoted" with \\ \" \$ \` escaped, or $'...' / bare as printed. */
function unquoteDeclared(value: string): string {
  const quoted = /^"(.*)"$/s.exec(value);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\([\\"$`])/g, '$1');
  return value === "''" ? '' : value;
}
