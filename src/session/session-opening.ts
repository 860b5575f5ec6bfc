// What a session asks before its first step: whether to go on with a runbook that changed
// since the session started, what happened to a command a crash left without an exit, and
// (the TUI) every parameter nobody supplied. Each answer is recorded as events.
import type { Command, Step } from '../runbook/model.js';
import { recordSkip, spoolPathFor, type EngineContext } from './engine-context.js';
import type { RecoveryData } from './event-data.js';
import { lineDiff } from './line-diff.js';
import type { PromptAnswers } from './types.js';
import { readSpoolTail } from '../steps/spool-tail.js';

/** 'declined': the operator chose not to go on with the changed runbook (the caller suspends). */
export async function openSession(e: EngineContext): Promise<'ready' | 'declined'> {
  const change = e.options.runbookChange;
  if (change) {
    const diff = lineDiff(change.oldSource, Buffer.from(change.newBytes).toString('utf8'));
    const answer = await e.ask({ kind: 'runbook-changed', oldSha256: change.oldSha256, newSha256: change.newSha256, diff });
    if (!answer.proceed) return 'declined';
    e.record('deviation', {
      kind: 'runbook-changed',
      reason: 'the runbook changed since the session started; continued with the new version',
      oldSha256: change.oldSha256,
      newSha256: change.newSha256,
    });
  }
  await settleInterruptedCommands(e);
  if (e.options.askParamsAtStart) await e.params.askMissing();
  return 'ready';
}

/**
 * A command that started but never exited (the session ended under it): the operator says
 * what happened. done: it finished (by hand, with a note) and the step goes on after it;
 * rerun: the walk goes back to the step and the command runs again (a new cmd.start);
 * skip: the step is skipped. Nothing is passed without a run or the operator's word.
 */
async function settleInterruptedCommands(e: EngineContext): Promise<void> {
  for (const step of e.runbook.steps) {
    const runs = e.state().steps[step.id]?.runs ?? [];
    for (const [i, run] of runs.entries()) {
      if (run.status !== 'running') continue;
      const command = step.commands.find((c) => c.id === run.commandId);
      if (!command) continue;
      const attempt = runs.slice(0, i + 1).filter((r) => r.commandId === command.id).length;
      const answer = await askInterrupted(e, step, command, spoolPathFor(e, step.id, command.id, attempt));
      e.record('cmd.exit', {
        stepId: step.id,
        commandId: command.id,
        execution: e.options.executor ? 'run' : 'manual',
        interrupted: answer.action,
        ...(answer.action === 'done' ? { note: answer.note } : {}),
      });
      e.record('recovery', { reason: 'interrupted-command', stepId: step.id, commandId: command.id, action: answer.action });
      if (answer.action === 'skip') recordSkip(e, step.id, answer.reason);
    }
  }
}

type SettledAnswer = Exclude<PromptAnswers['interrupted-command'], { action: 'end' | 'wait' | 'leave' }>;

/**
 * What happened to a command found without an exit. While it is still running (an earlier
 * flightdeck's process, found by its output file), the operator first ends it, waits for
 * it, or leaves it running; each is recorded.
 */
async function askInterrupted(e: EngineContext, step: Step, command: Command, spoolPath: string): Promise<SettledAnswer> {
  const executor = e.options.executor;
  let left = false;
  for (;;) {
    const running = left ? undefined : executor?.findRunning?.(spoolPath);
    // what it printed before the stop helps tell "it finished" from "run it again"
    const output = readSpoolTail(spoolPath, 0)?.lines.slice(-50).join('\n');
    const answer = await e.ask({ kind: 'interrupted-command', step, command, ...(running ? { running } : {}), ...(output ? { output } : {}) });
    const recovery = { reason: 'still-running' as const, stepId: step.id, commandId: command.id, action: answer.action, ...(running ? { pid: running.pid } : {}) };
    switch (answer.action) {
      case 'done':
      case 'rerun':
      case 'skip':
        return answer;
      case 'end': {
        const ended = (await executor?.endRunning?.(spoolPath)) ?? false;
        e.record('recovery', { ...recovery, ended } satisfies RecoveryData);
        break;
      }
      case 'wait': {
        if (running) e.addNotice(`waiting for pid ${running.pid} to finish (Ctrl-C stops waiting)`);
        const finished = await e.operation(async (signal) => {
          await executor?.waitRunning?.(spoolPath, signal);
          return !signal.aborted;
        });
        e.record('recovery', { ...recovery, finished } satisfies RecoveryData);
        break;
      }
      case 'leave':
        left = true;
        e.record('recovery', recovery satisfies RecoveryData);
        break;
      default: {
        const never: never = answer;
        return never;
      }
    }
  }
}
