// What a session asks before its first step: whether to go on with a runbook that changed
// since the session started, what happened to a command a crash left without an exit, and
// (the TUI) every parameter nobody supplied. Each answer is recorded as events.
import { recordSkip, type EngineContext } from './engine-context.js';
import { lineDiff } from './line-diff.js';

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
    for (const run of e.state().steps[step.id]?.runs ?? []) {
      if (run.status !== 'running') continue;
      const command = step.commands.find((c) => c.id === run.commandId);
      if (!command) continue;
      const answer = await e.ask({ kind: 'interrupted-command', step, command });
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
