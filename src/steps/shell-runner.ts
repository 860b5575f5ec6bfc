// The one module that starts processes. Each command block runs in bash as its own process
// group; stdout and stderr are redacted, spooled in full and kept bounded for the screen;
// the operator can type into it; cancel and timeout escalate SIGINT -> SIGTERM -> SIGKILL
// over the whole tree. node:child_process is used directly rather than execa: what is needed
// here is raw streams with backpressure, a detached group signalled as a whole and a
// private temp dir per block, and execa's buffering, line transforms and single-pid kill
// would all have to be switched off or worked around.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Command, Param } from '../runbook/model.js';
import type { SessionMode } from '../session/audit-event.js';
import { BoundedText } from './bounded-text.js';
import { ByteDecoder, utf8 } from './byte-decoder.js';
import { canRun, isPowerShell } from './can-run.js';
import { limitHeapGrowth } from './heap-limits.js';
import { OutputSpool, type SpoolSummary } from './output-spool.js';
import { rewritePlaceholders } from './placeholders.js';
import { Redactor, StreamRedactor } from './redact.js';
import { RingBuffer } from './ring-buffer.js';
import { findProcesses, MARKER_VAR, signalProcesses } from './shell-runner-procs.js';
import { powershellArgs, readState, writeBlockFiles, type BlockFiles } from './shell-runner-script.js';

/** Thrown when anything asks to run a process in a rehearsal: a bug, never allowed. */
export class RehearsalSpawnError extends Error {
  override readonly name = 'RehearsalSpawnError';
  constructor() {
    super('refusing to run a command in a rehearsal session: rehearsals execute nothing');
  }
}

export interface ShellRunnerOptions {
  mode: SessionMode;
  /** Default spool folder (sessions/<id>/outputs): `<outputsDir>/<command.id>.log`. */
  outputsDir?: string;
  /** Secret values to mask, asked for at the start of each block. */
  secrets?: () => Iterable<string>;
  /** Wait between SIGINT, SIGTERM and SIGKILL (default 3000 ms). */
  graceMs?: number;
  /** Timeout for blocks without a `timeout=` annotation (default 60 min). */
  defaultTimeoutMs?: number;
  /** Lines held for the screen (default 500) and characters kept per line (default 4096). */
  screenLines?: number;
  maxLineChars?: number;
  /** A stream quiet this long has its held-back tail shown (default 50 ms). */
  idleFlushMs?: number;
  /** After the shell exits, how long to wait for pipes held by background children (default 250 ms). */
  drainMs?: number;
}

export type RunCommand = Pick<Command, 'id' | 'code' | 'lang'> & Partial<Pick<Command, 'timeoutMs'>>;

export interface LiveUpdate {
  /** The last lines, sanitised (SGR colour kept), the unfinished line last. */
  lines: string[];
  totalLines: number;
  /** Bytes spooled so far. */
  totalBytes: number;
}

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
  onOutput?: (live: LiveUpdate) => void;
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
}

export type RunOutcome = 'exited' | 'cancelled' | 'timed-out';

export interface RunResult {
  outcome: RunOutcome;
  /** null when the shell was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
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
  readonly screen: RingBuffer;
  /** Types into the command's stdin. */
  write(input: string): void;
  /** Closes stdin (end of input). */
  endInput(): void;
  /** Ctrl-C: SIGINT, then SIGTERM, then SIGKILL to every process of the command. */
  cancel(): Promise<RunResult>;
  readonly done: Promise<RunResult>;
}

const CHECK_TEXT_LIMIT = 4 << 20;
const TAIL_LIMIT = 256 << 10;
const RAW_STDOUT_LIMIT = 1 << 20;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(test: () => boolean, ms: number, step = 25): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test()) return true;
    await delay(step);
  }
  return test();
}

export class ShellRunner {
  private readonly id = randomBytes(6).toString('hex');
  private seq = 0;
  private readonly active = new Set<Run>();

  constructor(private readonly opts: ShellRunnerOptions) {
    if (opts.mode !== 'run') throw new RehearsalSpawnError();
  }

  /** Starts one block. Throws UserError when it cannot run here (pwsh, missing cwd). */
  start(o: StartOptions): RunningCommand {
    if (this.opts.mode !== 'run') throw new RehearsalSpawnError();
    const { command } = o;
    if (!canRun(command, o.env.PATH)) {
      throw new UserError(`a ${command.lang} block cannot run here: pwsh is not on PATH`, 'run it by hand and mark the step done');
    }
    let cwdOk = false;
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
    limitHeapGrowth();
    const run = new Run(this.opts, o, script, spoolPath, `${this.id}.${++this.seq}`);
    this.active.add(run);
    void run.done.then(
      () => this.active.delete(run),
      () => this.active.delete(run),
    );
    return run;
  }

  /** The CommandExecutor shape: runs one block to the end. */
  run(
    command: RunCommand,
    env: Readonly<Record<string, string>>,
    cwd: string,
    onOutput?: (live: LiveUpdate) => void,
    signal?: AbortSignal,
    extra: Omit<StartOptions, 'command' | 'env' | 'cwd' | 'onOutput' | 'signal'> = {},
  ): Promise<RunResult> {
    try {
      return this.start({ command, env, cwd, onOutput, signal, ...extra }).done;
    } catch (err) {
      return Promise.reject(err);
    }
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
    const query = { markerPrefix: `${this.id}.` };
    for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
      const pids = findProcesses(query);
      if (pids.length === 0) return;
      signalProcesses(undefined, pids, sig);
      if (await waitUntil(() => findProcesses(query).length === 0, graceMs, 50)) return;
    }
  }

  /** For process 'exit' handlers: SIGKILL everything this runner started, synchronously. */
  killAllNow(): void {
    signalProcesses(undefined, findProcesses({ markerPrefix: `${this.id}.` }), 'SIGKILL');
  }
}

class Run implements RunningCommand {
  readonly pid: number;
  readonly screen: RingBuffer;
  readonly done: Promise<RunResult>;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private readonly stateFiles: BlockFiles | undefined;
  private readonly spool: OutputSpool;
  /** stdout as bytes (latin1), bounded. */
  private readonly stdoutBytes = new BoundedText(CHECK_TEXT_LIMIT);
  private readonly outputText = new BoundedText(CHECK_TEXT_LIMIT, TAIL_LIMIT);
  private readonly started = Date.now();
  private outcome: RunOutcome = 'exited';
  private terminating: Promise<void> | undefined;
  private exited = false;
  private finished = false;
  private paused = false;

  constructor(
    private readonly opts: ShellRunnerOptions,
    private readonly o: StartOptions,
    readonly script: string,
    spoolPath: string,
    private readonly runId: string,
  ) {
    this.screen = new RingBuffer({ capacity: opts.screenLines, maxLineChars: opts.maxLineChars });
    this.dir = mkdtempSync(join(tmpdir(), 'flightdeck-block-'));
    const env = { ...o.env, [MARKER_VAR]: runId };
    let args: string[];
    if (isPowerShell(o.command.lang)) {
      const ps1 = join(this.dir, 'block.ps1');
      writeFileSync(ps1, script, { mode: 0o600 });
      args = powershellArgs(ps1, o.stdoutApart);
      this.stateFiles = undefined;
    } else {
      const files = writeBlockFiles(this.dir, script, { vars: o.vars, functions: o.functions }, o.stdoutApart);
      args = ['--noprofile', '--norc', files.wrapper];
      this.stateFiles = files;
    }
    // output the disk refuses would be thrown away: the command is stopped
    this.spool = new OutputSpool(spoolPath, () => void this.terminate('cancelled'));
    this.child = spawn('bash', args, { cwd: o.cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid ?? -1;
    this.done = this.lifecycle();
  }

  write(input: string): void {
    const stdin = this.child.stdin;
    if (stdin && !stdin.destroyed && stdin.writable) stdin.write(input);
  }

  endInput(): void {
    this.child.stdin?.end();
  }

  cancel(): Promise<RunResult> {
    void this.terminate('cancelled');
    return this.done;
  }

  /** Escalates over every process of this block until none is left, then drops the pipes. */
  terminate(outcome: RunOutcome, graceMs = this.opts.graceMs ?? 3000): Promise<void> {
    if (this.finished) return Promise.resolve();
    if (this.terminating) return this.terminating;
    this.outcome = outcome;
    this.terminating = (async () => {
      const query = { pgid: this.pid, root: this.pid, markerPrefix: this.runId };
      const gone = (): boolean => this.exited && findProcesses(query).length === 0;
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        if (gone()) break;
        signalProcesses(this.pid > 0 ? this.pid : undefined, findProcesses(query), sig);
        if (await waitUntil(gone, sig === 'SIGKILL' ? 5000 : graceMs)) break;
      }
      this.destroyPipes();
    })();
    return this.terminating;
  }

  private destroyPipes(): void {
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.child.stdin?.destroy();
  }

  private async lifecycle(): Promise<RunResult> {
    const secrets = [...(this.opts.secrets ? this.opts.secrets() : []), ...(this.o.secrets ?? [])];
    const redactor = new Redactor(secrets);
    const merged = this.merge(redactor);
    this.child.stdin?.on('error', () => undefined);

    const timeoutMs = this.o.timeoutMs ?? this.o.command.timeoutMs ?? this.opts.defaultTimeoutMs ?? 60 * 60_000;
    const timer = setTimeout(() => void this.terminate('timed-out'), timeoutMs);
    const onAbort = (): void => void this.terminate('cancelled');
    if (this.o.signal?.aborted) onAbort();
    this.o.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        this.child.once('error', (e) =>
          reject(new UserError(`could not start bash: ${e.message}`, 'check that it is installed and on PATH')),
        );
        this.child.once('exit', (code, signal) => resolve({ code, signal }));
      });
      this.exited = true;
      if (this.terminating) await this.terminating;
      else await Promise.race([merged.closed, delay(this.opts.drainMs ?? 250)]);
      this.destroyPipes();
      merged.end();
      const spool = await this.spool.close();
      const state = this.stateFiles ? readState(this.stateFiles) : undefined;
      const rawStdout = this.stdoutBytes.text();
      return {
        outcome: this.outcome,
        exitCode: exit.code,
        signal: exit.signal,
        durationMs: Date.now() - this.started,
        script: this.script,
        env: state?.env ?? { ...this.o.env },
        vars: state?.vars ?? { ...this.o.vars },
        functions: state?.functions ?? { ...this.o.functions },
        cwd: state?.cwd ?? this.o.cwd,
        stateSaved: state !== undefined,
        spool,
        stdout: utf8(redactor.redactBytes(rawStdout)),
        output: this.outputText.text(),
        truncated: this.stdoutBytes.truncated || this.outputText.truncated,
        rawStdout: utf8(rawStdout.slice(0, RAW_STDOUT_LIMIT)),
      };
    } catch (e) {
      this.destroyPipes();
      await this.spool.close().catch(() => undefined);
      throw e;
    } finally {
      this.finished = true;
      clearTimeout(timer);
      merged.stopTimer();
      this.o.signal?.removeEventListener('abort', onAbort);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /**
   * stdout and stderr (one pipe unless `stdoutApart`, else merged in arrival order) as one redacted stream: spool, screen and
   * the bounded text for checks all see the same bytes. stdout alone is kept (bounded)
   * for JSON checks and `capture=`.
   */
  private merge(redactor: Redactor) {
    const stream = new StreamRedactor(redactor);
    const decoder = new ByteDecoder();
    const emit = (bytes: string): void => {
      if (bytes.length === 0) return;
      if (!this.spool.write(bytes) && !this.paused) {
        this.paused = true;
        this.child.stdout?.pause();
        this.child.stderr?.pause();
        this.spool.onDrain(() => {
          this.paused = false;
          this.child.stdout?.resume();
          this.child.stderr?.resume();
        });
      }
      this.show(decoder.write(bytes));
    };
    // A quiet stream shows its held-back tail (a prompt without a newline, say).
    const idle = setTimeout(() => emit(stream.flush()), this.opts.idleFlushMs ?? 50);
    const keepText = this.o.keepText !== false;
    idle.unref();
    const closed: Promise<void>[] = [];
    for (const [source, isStdout] of [
      [this.child.stdout, true],
      [this.child.stderr, false],
    ] as const) {
      if (!source) continue;
      closed.push(
        new Promise<void>((resolve) => {
          source.once('close', resolve);
          source.once('end', resolve);
        }),
      );
      source.on('error', () => undefined);
      source.on('data', (chunk: Buffer) => {
        const bytes = chunk.toString('latin1');
        if (isStdout && keepText) this.stdoutBytes.push(bytes);
        emit(stream.push(bytes));
        idle.refresh();
      });
    }
    return {
      closed: Promise.all(closed),
      stopTimer: (): void => clearTimeout(idle),
      end: (): void => {
        emit(stream.end());
        const rest = decoder.end();
        if (rest) this.show(rest);
      },
    };
  }

  private show(text: string): void {
    if (text.length === 0) return;
    this.screen.push(text);
    if (this.o.keepText !== false) this.outputText.push(text);
    this.o.onText?.(text);
    this.o.onOutput?.({ lines: this.screen.lines(), totalLines: this.screen.totalLines, totalBytes: this.spool.bytesWritten });
  }

}
