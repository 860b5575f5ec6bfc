// One command block from spawn to its result: bash (under the command guard's launcher) in
// its own process group and temp dir, its output redacted into the spool, the screen (onText)
// and the bounded text checks read, and its end, whether it exited, was cancelled or timed
// out, with every process it started gone. Part of the shell runner: only shell-runner*.ts spawns.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { BoundedText } from './bounded-text.js';
import { ByteDecoder, utf8 } from './byte-decoder.js';
import { isPowerShell } from './can-run.js';
import { waitUntil, type BlockPlace, type CommandGuard } from './command-guard.js';
import { OutputSpool } from './output-spool.js';
import { Redactor } from '../text/redact.js';
import { StreamRedactor } from '../text/stream-redact.js';
import type { RunningCommand, RunOutcome, RunResult, ShellRunnerOptions, StartOptions } from './shell-runner.js';
import { findProcesses, MARKER_VAR, signalProcesses } from './shell-runner-procs.js';
import { powershellArgs, readFailed, readState, writeBlockFiles, type BlockFiles } from './shell-runner-script.js';
import { outputTag } from './still-running.js';

const CHECK_TEXT_LIMIT = 4 << 20;
const TAIL_LIMIT = 256 << 10;
const RAW_STDOUT_LIMIT = 1 << 20;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Run implements RunningCommand {
  readonly pid: number;
  readonly done: Promise<RunResult>;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private readonly place: BlockPlace;
  /** `FLIGHTDECK_RUN` of this block: `<runner prefix><seq>:<output tag>`. */
  private readonly markerPrefix: string;
  private readonly stateFiles: BlockFiles | undefined;
  private readonly spool: OutputSpool;
  /** stdout as bytes (latin1), bounded. */
  private readonly stdoutBytes = new BoundedText(CHECK_TEXT_LIMIT);
  private readonly outputText = new BoundedText(CHECK_TEXT_LIMIT, TAIL_LIMIT);
  private readonly started = Date.now();
  private readonly timeoutMs: number;
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
    seq: number,
    private readonly guard: CommandGuard,
  ) {
    this.timeoutMs = o.timeoutMs ?? o.command.timeoutMs ?? opts.defaultTimeoutMs ?? 60 * 60_000;
    this.dir = mkdtempSync(join(tmpdir(), 'flightdeck-block-'));
    this.markerPrefix = `${guard.prefix}${seq}:`;
    const tag = outputTag(spoolPath);
    const marker = `${this.markerPrefix}${tag}`;
    this.place = guard.place(`block-${seq}-${tag}`);
    const env: Record<string, string> = { ...o.env, [MARKER_VAR]: marker };
    let args: string[];
    if (isPowerShell(o.command.lang)) {
      const ps1 = join(this.dir, 'block.ps1');
      writeFileSync(ps1, script, { mode: 0o600 });
      args = powershellArgs(ps1, o.stdoutApart, this.place.prelude);
      this.stateFiles = undefined;
    } else {
      const files = writeBlockFiles(this.dir, script, { vars: o.vars, functions: o.functions }, o.stdoutApart, this.place.prelude, o.env.BASH_ENV);
      env.BASH_ENV = files.bashEnv;
      // the block is sourced without arguments, so it sees the wrapper's: these
      args = ['--noprofile', '--norc', files.wrapper, ...(o.args ?? [])];
      this.stateFiles = files;
    }
    // output the disk refuses would be thrown away: the command is stopped
    this.spool = new OutputSpool(spoolPath, () => void this.terminate('cancelled'));
    const launch = guard.launch(args, o.env.PATH);
    this.child = spawn(launch.file, launch.args, { cwd: o.cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid ?? -1;
    guard.started(this.pid, marker);
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
      // The shell's pid only while it has not exited: once reaped, the number may be someone else's.
      const find = (): number[] =>
        findProcesses({
          pgid: this.pid,
          ...(this.exited ? {} : { root: this.pid }),
          markerPrefix: this.markerPrefix,
          known: this.guard.known(this.markerPrefix, this.place),
        });
      const gone = (): boolean => this.exited && find().length === 0;
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        if (gone()) break;
        if (sig === 'SIGKILL') this.guard.killCgroups(this.place);
        signalProcesses(this.pid > 0 ? this.pid : undefined, find(), sig);
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

    const timer = setTimeout(() => void this.terminate('timed-out'), this.timeoutMs);
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
      // BASH_ENV named this block's own temp file: the next block gets the session's back
      if (state && state.env.BASH_ENV === this.stateFiles?.bashEnv) {
        if (this.o.env.BASH_ENV === undefined) delete state.env.BASH_ENV;
        else state.env.BASH_ENV = this.o.env.BASH_ENV;
      }
      const rawStdout = this.stdoutBytes.text();
      // a block the operator or its time limit stopped did not fail by itself
      const failed = this.stateFiles && this.outcome === 'exited' ? readFailed(this.stateFiles.failed) : undefined;
      return {
        outcome: this.outcome,
        exitCode: exit.code,
        signal: exit.signal,
        durationMs: Date.now() - this.started,
        timeoutMs: this.timeoutMs,
        script: this.script,
        env: state?.env ?? { ...this.o.env },
        vars: state?.vars ?? { ...this.o.vars },
        functions: state?.functions ?? { ...this.o.functions },
        cwd: state?.cwd ?? this.o.cwd,
        stateSaved: state !== undefined,
        ...(failed ? { failed } : {}),
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
        if (isStdout && keepText) this.stdoutBytes.push(chunk.toString('latin1'));
        // as bytes: the redactor makes the one string of it, joined to what it held back
        emit(stream.push(chunk));
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
    if (this.o.keepText !== false) this.outputText.push(text);
    this.o.onText?.(text);
  }

}
