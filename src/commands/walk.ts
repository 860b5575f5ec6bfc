// `flightdeck run|rehearse <runbook>`: open a session and walk it in the TUI, or headless
// with --non-interactive.
//
// An unfinished session of the same runbook and mode (not open elsewhere) is never
// continued silently:
// - in the TUI, the operator is asked whether to continue it (Enter = yes);
// - headless `run` refuses (exit 2) and names the resume command: an unattended re-run must
//   neither redo production steps that were done nor quietly pick up where a person stopped;
// - headless `rehearse` starts a fresh rehearsal (saying so): nothing was executed, and a
//   pipeline rehearsing a runbook wants the whole walk.
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ExitCode, SimulatedRunRefused, UserError, ioUserError } from '../errors.js';
import { runHeadless } from '../headless/run-headless.js';
import { sessionAzure } from '../session/session-login.js';
import { sessionIdentity } from '../identity.js';
import type { Runbook } from '../runbook/model.js';
import type { SessionMode } from '../session/audit-event.js';
import type { Engine } from '../session/engine.js';
import { resumeSession, startSession, unfinishedSessions } from '../session/open-session.js';
import { holdStopSignals } from '../session/process-signals.js';
import { checkSetNames } from '../session/param-env.js';
import { StepLabels } from './step-label.js';
import type { SessionIndexEntry } from '../session/store.js';
import { loadSettings } from '../settings.js';
import { ShellExecutor } from '../steps/shell-executor.js';
import type { CommandExecutor } from '../session/types.js';
import { printable } from '../text/printable.js';

export function parseSets(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    // runbook placeholders such as <your-domain> or {resource.group} are parameter names too
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw new UserError(`--set ${pair} is not NAME=value`, 'write it as --set NAME=value, e.g. --set ENVIRONMENT=staging');
    }
    out[name] = pair.slice(eq + 1);
  }
  return out;
}

/** Reads and parses a runbook; refuses one with error diagnostics (exit 2). */
export async function loadRunbookFile(file: string): Promise<{ runbook: Runbook; bytes: Uint8Array }> {
  const { readRunbook } = await import('../runbook/load.js');
  const { runbook, bytes } = await readRunbook(file);
  const errors = runbook.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    throw new UserError(
      `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}${first ? ` (line ${first.line}: ${first.message})` : ''}`,
      `run \`flightdeck lint ${file}\` for all of them`,
    );
  }
  return { runbook, bytes };
}

/** " at 2. Step 2: Check the disk": where an unfinished session stopped, as the step list numbers it. */
function stoppedAt(row: SessionIndexEntry): string {
  return row.lastStep ? ` at ${new StepLabels().label(row.id, row.sha256, row.lastStep)}` : '';
}

async function askContinue(row: SessionIndexEntry): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const at = stoppedAt(row);
    const reply = await rl.question(`An unfinished session ${row.id} (started ${row.started}${at}) exists for this runbook. Continue it? [Y/n] `);
    return !/^n/i.test(reply.trim());
  } finally {
    rl.close();
  }
}

/** The options of `run` and `rehearse` as commander parses them (src/cli.ts). */
export interface RunOptions {
  set: string[];
  nonInteractive?: boolean;
  quiet?: boolean;
  simulate?: boolean;
  actor?: string;
  tenant?: string;
}

export async function walkCommand(mode: SessionMode, file: string, opts: RunOptions): Promise<number> {
  if (mode === 'run' && opts.simulate) throw new SimulatedRunRefused(file);
  const sets = parseSets(opts.set ?? []);
  const settings = await loadSettings();
  const { runbook, bytes } = await loadRunbookFile(file);
  const { identity, azure } = await sessionAzure(sessionIdentity(opts.actor, settings.actor), { ...(opts.tenant ? { tenant: opts.tenant } : {}), signInNow: mode === 'run' && !opts.simulate });
  const headless = opts.nonInteractive === true;
  const executor = executorFor(mode, runbook, headless);
  const context = {
    identity,
    fourEyes: settings.fourEyes,
    askParamsAtStart: !headless,
    ...(executor ? { executor } : {}),
    // --simulate: gates judged on simulated metrics; in the TUI the points arrive at a watchable pace
    ...(opts.simulate ? { simulate: true } : {}),
    metrics: { azure, ...(opts.simulate ? { simulatePaceMs: headless ? 0 : 120 } : {}) },
  };

  checkSetNames(sets, runbook, file);
  const unfinished = (await unfinishedSessions()).find((r) => r.runbook === resolve(file) && r.mode === mode);
  let engine: Engine | undefined;
  if (unfinished) {
    if (headless && mode === 'run') {
      const at = stoppedAt(unfinished);
      throw new UserError(
        `${file} has an unfinished session ${unfinished.id} (started ${unfinished.started}${at})`,
        `continue it with \`flightdeck resume ${unfinished.id} --non-interactive\` (or \`flightdeck resume ${unfinished.id}\` in a terminal); a new run is not started over it`,
      );
    }
    if (!headless && process.stdin.isTTY === true && (await askContinue(unfinished))) {
      holdStopSignals();
      engine = await resumeSession({ ...context, id: unfinished.id, sets, load: () => loadRunbookFile(file), executorFor: (m, rb) => executorFor(m, rb, headless) });
    } else if (headless) {
      process.stderr.write(`flightdeck: unfinished rehearsal ${unfinished.id} left as it is; starting a new one\n`);
    }
  }
  // from the lock on, a stop signal suspends the session (once it is open) instead of leaving the lock
  holdStopSignals();
  engine ??= await startSession({ ...context, runbook, runbookBytes: bytes, mode, sets });
  return drive(engine, headless, opts.quiet === true);
}

/**
 * The shell runner for a real run; none in rehearsal, where nothing may be spawned.
 * Whatever happens to flightdeck, no command it started outlives it.
 */
export function executorFor(mode: SessionMode, runbook: Runbook, headless: boolean): CommandExecutor | undefined {
  switch (mode) {
    case 'rehearsal':
      return undefined;
    case 'run': {
      const executor = new ShellExecutor({ mode, params: runbook.params, interactive: !headless });
      process.once('exit', () => executor.runner.killAllNow());
      return executor;
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown session mode ${String(never)}`);
    }
  }
}

/** Runs an engine to the end of this sitting: headless, or in the TUI. */
export async function drive(engine: Engine, headless: boolean, quiet = false): Promise<number> {
  try {
    return await driveOnce(engine, headless, quiet);
  } catch (err) {
    // a full disk or an unwritable file: the session stopped where its log ends
    throw ioUserError(err, engine.sessionId) ?? err;
  }
}

async function driveOnce(engine: Engine, headless: boolean, quiet: boolean): Promise<number> {
  if (headless) {
    // what a command printed may be quoted in a line: no escape or secret reaches the terminal
    return runHeadless(engine, { write: (line) => process.stdout.write(printable(line) + '\n'), warn: (line) => process.stderr.write(printable(line) + '\n'), quiet });
  }
  if (!process.stdin.isTTY) {
    await engine.suspend();
    throw new UserError(
      'the guided walkthrough needs a terminal',
      `use --non-interactive, or run it in a terminal; session ${engine.sessionId} can be resumed`,
      ExitCode.usage,
    );
  }
  const { runTui } = await import('../ui/run-tui.js');
  return runTui(engine, { mode: engine.mode });
}
