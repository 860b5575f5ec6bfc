// What the engine runs commands through (src/steps/shell-executor.ts implements it) and
// what a run returns. The session layer names these from src/session/types.ts too.
import type { Command } from '../runbook/model.js';
import type { RestoredShell, ShellSnapshot } from './shell-state.js';
import type { StillRunning } from './still-running.js';
import type { FailedCommand } from './shell-runner-script.js';

/** A real run spawns; a rehearsal never does. */
export type SessionMode = 'run' | 'rehearsal';

export type CheckResult = 'pass' | 'fail' | 'unverified';

/** The result of one command run by a CommandExecutor. */
export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Set when the command was stopped at its time limit (this many ms). */
  timedOutAfterMs?: number;
  /** The full (redacted) output spool. */
  spoolPath: string;
  sha256: string;
  bytes: number;
  lines: number;
  /** Expectation results, when the executor checks them; else the engine checks the exit code
   * and asks the operator to confirm the rest. */
  checks?: { text: string; result: CheckResult; actual?: string }[];
  /** The command the block stopped on (failed where `set -e` would stop), redacted. */
  failed?: FailedCommand;
  /** Output captured for `capture=VAR` (trimmed stdout), when the command has one. */
  captured?: string;
}

export interface ExecOptions {
  /** Where to spool the full output (the session's outputs/ dir). */
  spoolPath: string;
  /** Values to redact from the spool and the live output. */
  secretValues: string[];
  /** A script's positional arguments ($1, $2...). */
  args?: string[];
}

/** Runs one command for real (the shell runner implements it; never called in rehearsal). */
export interface CommandExecutor {
  run(
    command: Command,
    env: Record<string, string>,
    cwd: string,
    onOutput: (chunk: string) => void,
    signal: AbortSignal,
    opts: ExecOptions,
  ): Promise<CommandResult>;
  /** Types into the running command's stdin. */
  write?(data: string): void;
  /** Whether it can run this block here (default: the parser's `runnable`; pwsh only with pwsh on PATH). */
  runsHere?(command: Command): boolean;
  /** Stops the running command and anything earlier blocks left behind (quitting). */
  killAll?(): Promise<void>;
  /** The shell state blocks left (variables, functions, cwd), kept across a resume; undefined before any. */
  shellState?(): ShellSnapshot | undefined;
  /** Whether the next block starts with this variable set to something non-empty (pre-flight). Optional: without it, the engine's environment decides. */
  hasValue?(name: string): boolean;
  /** The value the next block starts with for this variable, if any (shown beside a dangerous block before it runs). */
  shellValue?(name: string): string | undefined;
  /** Resume: start the next block from a saved shell state. */
  restoreShellState?(snap: RestoredShell): void;
  /** Resume: the processes of a command an earlier flightdeck started and never saw end, by the output file it spools to. */
  findRunning?(spoolPath: string): StillRunning | undefined;
  /** Ends them (SIGINT, SIGTERM, SIGKILL); whether they are gone. */
  endRunning?(spoolPath: string): Promise<boolean>;
  /** Resolves when they have ended, or when `signal` aborts. */
  waitRunning?(spoolPath: string, signal: AbortSignal): Promise<void>;
}
