// `--non-interactive`: the same engine with no person at the keyboard. Walks the steps that
// need nobody, prints one line per step, and at the first step that needs a person stops
// with exit 4 (saying which and why), leaving the session for `flightdeck resume`.
//
// What needs a person:
// - any prompt: a decision, a sign-off, a missing parameter, a dangerous command's typed
//   confirmation, an unverified check, evidence to attach, an interrupted command, a
//   changed runbook;
// - in a real run, a step that is only a box to tick (no command, nothing the tool can
//   check): somebody has to do it and say so. In a rehearsal nothing is done for real, so
//   such steps are walked and recorded as passed unattended;
// - in a real run, a command when no runner is plugged in (or the block cannot run here):
//   it has to be done by hand.
// A failed check is not a question for a person but a failure: exit 1, session left open.
import { ExitCode } from '../errors.js';
import type { Step } from '../runbook/model.js';
import type { Engine } from '../session/engine.js';
import { unsetText } from '../session/preflight.js';
import { suspendOnSignals } from '../session/process-signals.js';
import type { Prompt } from '../session/types.js';
import { paramEnvName } from '../session/param-env.js';
import { stepIndex, stepWithId } from '../session/positions.js';
import { runLines } from './step-report.js';
import { waitProgress } from './wait-lines.js';

export interface HeadlessOptions {
  write: (line: string) => void;
  /** Where the engine's notices go as they come (stderr): an Azure sign-in that failed, a shell state not saved. */
  warn?: (line: string) => void;
  /** Only one line per step: no commands, no output. */
  quiet?: boolean;
}

/** Why the walk stopped, and what lets it go on. */
interface Stop {
  reason: string;
  failed: boolean;
  /** Missing parameters: the walk continues unattended once they are given. */
  params?: string[];
}

/** The command that continues a stopped session, for the last line. */
export function continueLine(id: string, stop: Stop): string {
  if (stop.params && stop.params.length > 0) {
    const sets = stop.params.map((n) => `--set ${n}=...`).join(' ');
    const envs = stop.params.map(paramEnvName).join(', ');
    return `session ${id} left open; continue with: flightdeck resume ${id} --non-interactive ${sets} (or set ${envs})`;
  }
  return `session ${id} left open; a person continues it in a terminal with: flightdeck resume ${id}`;
}

/** Why a prompt needs a person, as one phrase. */
export function promptReason(prompt: Prompt): string {
  switch (prompt.kind) {
    case 'params':
      return `missing parameter${prompt.params.length === 1 ? '' : 's'} ${prompt.params.map((p) => p.name).join(', ')}`;
    case 'danger':
      return prompt.word !== undefined
        ? `dangerous command needs a typed confirmation (${prompt.reasons.join('; ') || 'destructive'})`
        : 'a command that changes something needs a confirmation';
    case 'halted':
      return `stopped: "${prompt.question}" was answered ${prompt.answer}; say how it was resolved`;
    case 'decision': {
      // a raised decision: the question, the answer the data proposes and the data behind it
      const { node, suggested, raised } = prompt;
      if (!raised) return `decision: ${node.question}${suggested ? ` (proposed: ${suggested.answer}, ${suggested.why})` : ''}`;
      const proposed = suggested ? `proposed ${suggested.answer} (${suggested.why})` : 'no answer proposed (the data does not answer it)';
      return `decision raised by ${raised.reason} [${raised.data.join('; ')}]: ${node.question} ${proposed}`;
    }
    case 'signoff':
      return `sign-off: ${prompt.role ?? prompt.form.roles.join(', ')} (${prompt.form.title})`;
    case 'evidence':
      return `evidence to provide: ${prompt.requirement.text}`;
    case 'unverified':
      // a gate the metrics could not decide says why (e.g. the Azure login line)
      return `unverified check to confirm: ${prompt.expectation.text}${prompt.expectation.source === 'threshold' && prompt.output ? ` (${prompt.output})` : ''}`;
    case 'check-failed':
      return `check failed: ${prompt.failures.join('; ')}`;
    case 'interrupted-command':
      return prompt.running
        ? `command ${prompt.command.name ?? prompt.command.id} is still running (pid ${prompt.running.pid}): end it, wait for it or leave it`
        : `command ${prompt.command.name ?? prompt.command.id} was running when the session ended: say whether it finished`;
    case 'runbook-changed':
      return 'the runbook changed since the session started: review the changes';
    case 'preflight':
      return `${unsetText(prompt.unset)} (run that step first, or pass --set NAME=value)`;
    default: {
      const never: never = prompt;
      return never;
    }
  }
}

/** A step the engine would complete without asking, but which in a real run needs a person. */
function unattendedBlocker(engine: Engine, step: Step): string | undefined {
  if (engine.mode === 'rehearsal') return undefined;
  const manual = step.commands.find((c) => !engine.runsHere(c));
  if (manual) {
    return manual.runnable
      ? `command ${manual.name ?? manual.id} must be run by hand and confirmed (no runner available)`
      : `command ${manual.name ?? manual.id} (${manual.lang}) cannot run here (pwsh is not on PATH): run it by hand and confirm`;
  }
  const automatic = step.commands.length > 0 || (step.waits?.length ?? 0) > 0 || step.gates.length > 0 || step.decisions.length > 0 || step.signoffs.length > 0;
  if (!automatic) return 'a checklist item to do and tick by hand';
  return undefined;
}

export async function runHeadless(engine: Engine, opts: HeadlessOptions): Promise<number> {
  const total = engine.runbook.steps.length;
  const position = (id: string): number => stepIndex(engine.runbook.steps, id) + 1;
  let stopped: Stop | undefined;

  const waiting = opts.quiet ? undefined : waitProgress(opts.write);
  // Any prompt is a question for a person: note why, then suspend (which cancels it).
  let notice: string | undefined;
  const onChange = (): void => {
    waiting?.(engine.snapshot());
    const now = engine.snapshot().notice;
    if (now && now !== notice) {
      // the engine keeps earlier notices after the newest: say only what is new
      const fresh = notice && now.endsWith(`; ${notice}`) ? now.slice(0, -(notice.length + 2)) : now;
      opts.warn?.(`flightdeck: ${fresh}`);
    }
    notice = now;
    const pending = engine.snapshot().prompt;
    if (!pending || stopped) return;
    const { prompt } = pending;
    stopped = {
      reason: promptReason(prompt),
      failed: prompt.kind === 'check-failed',
      ...(prompt.kind === 'params' ? { params: prompt.params.map((p) => p.name) } : {}),
    };
    void engine.suspend();
  };
  const unsubscribe = engine.subscribe(onChange);
  // the engine may have raised its opening prompt (an interrupted command, a changed
  // runbook) before this runner was listening
  onChange();
  // set from the subscriber; read through a function so narrowing does not go stale
  const stopState = (): Stop | undefined => stopped;
  // SIGINT, SIGTERM (a CI cancel) and SIGHUP end the running command and suspend the session: exit 130
  const signals = suspendOnSignals(engine);

  const stopWith = async (stepLabel: string, stop: Stop, detail?: () => void): Promise<number> => {
    opts.write(`${stepLabel} ${stop.failed ? 'FAILED' : 'needs a person'}: ${stop.reason}`);
    detail?.();
    await engine.suspend();
    opts.write(continueLine(engine.sessionId, stop));
    return stop.failed ? ExitCode.failed : ExitCode.needsPerson;
  };
  const report = (stepId: string, from: number): void => {
    if (opts.quiet) return;
    const runs = engine.snapshot().state.steps[stepId]?.runs.slice(from) ?? [];
    for (const line of runLines(runs, (f) => engine.outputPath(f))) opts.write(line);
  };

  try {
    engine.markUnattended();
    await engine.ready;
    const atStart = stopState();
    if (atStart) return await stopWith('[start]', atStart);
    for (;;) {
      // a step that runs nothing (a rehearsal, a tick) settles in microtasks alone: without a
      // turn of the event loop between steps a SIGTERM is never handled and stdout never drains
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signals.received()) {
        opts.write(`interrupted; session ${engine.sessionId} left open`);
        return ExitCode.interrupted;
      }
      const { state } = engine.snapshot();
      const stepId = state.currentStepId;
      if (stepId === undefined) break;
      const step = stepWithId(engine.runbook.steps, stepId);
      if (!step) break;
      const label = `[${position(stepId)}/${total}] ${step.title}:`;
      const blocker = unattendedBlocker(engine, step);
      if (blocker) return await stopWith(label, { reason: blocker, failed: false });
      const runsBefore = state.steps[stepId]?.runs.length ?? 0;
      await engine.advance(stepId);
      if (signals.received()) {
        opts.write(`${label} interrupted; session ${engine.sessionId} left open`);
        return ExitCode.interrupted;
      }
      const stop = stopState();
      if (stop) return await stopWith(label, stop, () => report(stepId, runsBefore));
      const after = engine.snapshot().state;
      const st = after.steps[stepId];
      if (engine.closed === 'aborted' && !after.endReason) {
        opts.write(`${label} aborted`);
        return ExitCode.failed;
      }
      // a rollback walked to its end ends the session: the main path is never resumed unattended
      const ended = engine.closed === 'rolled-back' || engine.closed === 'aborted';
      const open = !st || st.status === 'pending' || st.status === 'running';
      if (open && !ended) {
        return await stopWith(label, { reason: 'the step did not complete', failed: false });
      }
      if (st?.status === 'failed') {
        return await stopWith(label, { reason: st.reason ?? 'failed', failed: true }, () => report(stepId, runsBefore));
      }
      if (st && !open) {
        const runs = st.runs.map((r) => r.status).filter((s) => s === 'would-run').length;
        opts.write(`${label} ${st.status}${runs > 0 ? ` (${runs} command${runs === 1 ? '' : 's'} would run)` : ''}${st.reason ? ` — ${st.reason}` : ''}`);
        if (engine.mode === 'run') report(stepId, runsBefore);
      }
      if (ended) {
        opts.write(`session ${engine.sessionId} ${engine.closed === 'rolled-back' ? 'rolled back' : 'aborted'}: ${after.endReason ?? 'ended'}`);
        return ExitCode.failed;
      }
      if (after.currentStepId === stepId) break; // nothing moved the walk: avoid looping
    }
    await engine.finish('completed');
    opts.write(`session ${engine.sessionId} completed (${engine.mode === 'rehearsal' ? 'rehearsal, nothing was executed' : 'run'})`);
    return ExitCode.ok;
  } finally {
    unsubscribe();
    signals.dispose();
    if (!engine.closed) await engine.suspend();
  }
}
