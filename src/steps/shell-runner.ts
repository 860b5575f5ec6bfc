// The one module that starts processes. Each command block runs in bash as its own process
// group; stdout and stderr are redacted, spooled in full and handed on as text (onText) for the screen;
// the operator can type into it; cancel and timeout escalate SIGINT -> SIGTERM -> SIGKILL
// over the whole tree, and no block outlives flightdeck (command-guard.ts). One block's run
// is shell-runner-run.ts. node:child_process is used directly rather than execa: what is needed
// here is raw streams with backpressure, a detached group signalled as a whole and a
// private temp dir per block, and execa's buffering, line transforms and single-pid kill
// would all have to be switched off or worked around.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Command, Param } from '../runbook/model.js';
import type { SessionMode } from './executor.js';
import { canRun, isPowerShell } from './can-run.js';
import { CommandGuard, type GuardOptions } from './command-guard.js';
import type { SpoolSummary } from './output-spool.js';
import { rewritePlaceholders } from './placeholders.js';
import { Run } from './shell-runner-run.js';
import type { FailedCommand } from './shell-runner-script.js';

/** Thrown when anything asks to run a process in a rehearsal: a bug, never allowed. */
export class RehearsalSpawnError extends Error {
  override readonly name = 'RehearsalSpawnError';
  constructor() {
    super('refusing to run a command in a rehearsal session: rehearsals execute nothing');
  }
}

export interface ShellRunnerOptions extends GuardOptions {
  mode: SessionMode;
  /** Default spool folder (sessions/<id>/outputs): `<outputsDir>/<command.id>.log`. */
  outputsDir?: string;
  /** Secret values to mask, asked for at the start of each block. */
  secrets?: () => Iterable<string>;
  /** Wait between SIGINT, SIGTERM and SIGKILL (default 3000 ms). */
  graceMs?: number;
  /** Timeout for blocks without a `timeout=` annotation (default 60 min). */
  defaultTimeoutMs?: number;
  /** A stream quiet this long has its held-back tail shown (default 50 ms). */
  idleFlushMs?: number;
  /** After the shell exits, how long to wait for pipes held by background children (default 250 ms). */
  drainMs?: number;
}

export type RunCommand = Pick<Command, 'id' | 'code' | 'lang'> & Partial<Pick<Command, 'timeoutMs'>>;

export interface StartOptions {
  command: RunCommand;
  /** The full environment of the block (session state plus parameters, see paramEnv). */
  env: Readonly<Record<string, string>>;
  /** Plain (non-exported) variables from earlier blocks: name -> `declare -p` text (RunResult.vars). */
  vars?: Readonly<Record<string, string>>;
  /** Functions from earlier blocks: name -> `declare -f` text (RunResult.functions). */
  functions?: Readonly<Record<string, string>>;
  cwd: string;
  /** Where the full output goes; default `<outputsDir>/<command.id>.log`. */
  spoolPath?: string;
  /** Parameters whose `{x}` / `<X>` forms are rewritten to environment references. */
  params?: readonly Pick<Param, 'name' | 'forms'>[];
  /** Each piece of redacted, decoded (not yet sanitised) output as it arrives. */
  onText?: (text: string) => void;
  /** Secret values to mask in this block, besides the runner's. */
  secrets?: readonly string[];
  /**
   * Keep stdout on its own pipe (for `capture=`, JSON and number checks). By default stdout
   * and stderr share one pipe, so the output is in exactly the order the block wrote it.
   */
  stdoutApart?: boolean;
  /**
   * Keep bounded copies of the output for checks and `capture=` (default true). false when
   * nothing reads them: a block printing gigabytes then holds none of its output.
   */
  keepText?: boolean;
  /** Aborting cancels the command (SIGINT, SIGTERM, SIGKILL). */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** A script's positional arguments ($1, $2...): bash's own argv, never spliced into script text. */
  args?: readonly string[];
}

export type RunOutcome = 'exited' | 'cancelled' | 'timed-out';

export interface RunResult {
  outcome: RunOutcome;
  /** null when the shell was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** The time limit the block had (outcome 'timed-out' when it was reached). */
  timeoutMs: number;
  /** The script as run (placeholders rewritten), for the cmd.start event. */
  script: string;
  /** Shell state for the next block: unchanged when the block could not save it. */
  env: Record<string, string>;
  /** Plain variables the next block starts with, non-exported: name -> bash's `declare -p` text. */
  vars: Record<string, string>;
  /** Functions the next block starts with: name -> `declare -f` text. */
  functions: Record<string, string>;
  cwd: string;
  stateSaved: boolean;
  /** The command the block stopped on: one that failed where `set -e` would have stopped. */
  failed?: FailedCommand;
  spool: SpoolSummary;
  /** Redacted stdout (all output unless `stdoutApart`) and combined output, bounded, for checks. */
  stdout: string;
  output: string;
  /** Some output was dropped from `stdout`/`output` (the spool has it all). */
  truncated: boolean;
  /** UNREDACTED stdout (first 1 MiB) for `capture=`. Never log or display it. */
  rawStdout: string;
}

export interface RunningCommand {
  readonly pid: number;
  readonly script: string;
  /** Types into the command's stdin. */
  write(input: string): void;
  /** Closes stdin (end of input). */
  endInput(): void;
  /** Ctrl-C: SIGINT, then SIGTERM, then SIGKILL to every process of the command. */
  cancel(): Promise<RunResult>;
  readonly done: Promise<RunResult>;
}

/** Every block running in this process, whichever runner started it. */
const liveRuns = new Set<Run>();

/** Flightdeck is being stopped (a signal): ends every running block, SIGINT, SIGTERM, SIGKILL `graceMs` apart. */
export async function endAllCommands(graceMs: number): Promise<void> {
  await Promise.all([...liveRuns].map((run) => run.terminate('cancelled', graceMs).catch(() => undefined)));
}

export class ShellRunner {
  private seq = 0;
  private readonly active = new Set<Run>();
  private readonly guard: CommandGuard;

  constructor(private readonly opts: ShellRunnerOptions) {
    if (opts.mode !== 'run') throw new RehearsalSpawnError();
    this.guard = new CommandGuard(opts);
  }

  /** Starts one block. Throws UserError when it cannot run here (pwsh, missing cwd). */
  start(o: StartOptions): RunningCommand {
    if (this.opts.mode !== 'run') throw new RehearsalSpawnError();
    const { command } = o;
    if (!canRun(command, o.env.PATH)) {
      throw new UserError(`a ${command.lang} block cannot run here: pwsh is not on PATH`, 'run it by hand and mark the step done');
    }
    let cwdOk: boolean;
    try {
      cwdOk = statSync(o.cwd).isDirectory();
    } catch {
      cwdOk = false;
    }
    if (!cwdOk) {
      throw new UserError(`the working directory ${o.cwd} no longer exists`, 'recreate it or cd elsewhere in a block, then retry');
    }
    const spoolPath = o.spoolPath ?? (this.opts.outputsDir ? join(this.opts.outputsDir, `${command.id}.log`) : undefined);
    if (!spoolPath) throw new Error('ShellRunner.start needs spoolPath or outputsDir');
    const { script } = isPowerShell(command.lang) ? { script: command.code } : rewritePlaceholders(command.code, o.params ?? []);
    const run = new Run(this.opts, o, script, spoolPath, ++this.seq, this.guard);
    this.active.add(run);
    liveRuns.add(run);
    const forget = (): void => {
      this.active.delete(run);
      liveRuns.delete(run);
    };
    void run.done.then(forget, forget);
    return run;
  }

  /** The CommandExecutor shape: runs one block to the end (what start() throws is a rejection). */
  async run(
    command: RunCommand,
    env: Readonly<Record<string, string>>,
    cwd: string,
    onText?: (text: string) => void,
    signal?: AbortSignal,
    extra: Omit<StartOptions, 'command' | 'env' | 'cwd' | 'onText' | 'signal'> = {},
  ): Promise<RunResult> {
    return await this.start({ command, env, cwd, onText, signal, ...extra }).done;
  }

  /** Types into the running command, if there is one. */
  write(input: string): void {
    for (const run of this.active) run.write(input);
  }

  get running(): boolean {
    return this.active.size > 0;
  }

  /** Quit: ends every running command and every process any block left behind. */
  async killAll(graceMs = Math.min(this.opts.graceMs ?? 3000, 1000)): Promise<void> {
    await Promise.all([...this.active].map((run) => run.terminate('cancelled', graceMs).catch(() => undefined)));
    await this.guard.endAll(graceMs);
  }

  /** Every live process of the blocks this runner started (running, or left in the background). */
  processes(): number[] {
    return this.guard.all();
  }

  /** For process 'exit' handlers: SIGKILL everything this runner started, synchronously. */
  killAllNow(): void {
    this.guard.endAllNow();
  }
}
