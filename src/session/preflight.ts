// Pre-flight of a block's variables (issue 12): before a block runs, every variable it reads
// that another step sets (Command.reads: `$NEW_REVISION`, exported by "Get New Revision
// Name") must have a value: a parameter or captured value, the session's shell (what the
// blocks so far left), or the environment. One that has none is named with the step that
// sets it, and the operator sets it, goes to that step, or runs anyway (a deviation). A run
// with nobody at the keyboard stops there (headless exit 4). Never a block run on an empty
// value unawares: `--revision-weight =100` is what that gives.
import type { Command } from '../runbook/model.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { Prompt, PromptAnswers, UnsetVariable } from './types.js';
import { isSecretName } from '../text/secret-names.js';
import { looksSecretValue } from '../text/secret-shape.js';
import { MASK } from './resolve-script.js';
import { isFinished } from './walk-plan.js';

/** Whether a variable has a value the block will see. */
function hasValue(e: EngineContext, name: string, setBy: readonly string[]): boolean {
  if (e.params.has(name) && e.params.values.get(name) !== '') return true;
  if (e.mode === 'rehearsal') {
    // nothing runs in a rehearsal: a variable is "set" once a step that sets it has been walked
    // (whichever option of a choice was chosen); a step that failed in a rehearsal failed on a
    // gate, a wait or a check after its blocks were walked, so what they set counts as set
    return setBy.some((id) => {
      const status = e.state().steps[id]?.status;
      return status === 'failed' || (isFinished(status) && status !== 'skipped' && status !== 'not-needed');
    });
  }
  const executor = e.options.executor;
  if (executor?.hasValue) return executor.hasValue(name);
  return (e.options.env ?? process.env)[name] !== undefined && (e.options.env ?? process.env)[name] !== '';
}

function stepLabel(e: EngineContext, stepId: string): string {
  const at = e.runbook.steps.findIndex((s) => s.id === stepId);
  const step = e.runbook.steps[at];
  return step ? `${at + 1}. ${step.title}` : stepId;
}

/** The variables this block reads that another step sets and that have no value now. */
export function unsetVariables(e: EngineContext, command: Command): UnsetVariable[] {
  return (command.reads ?? [])
    .filter((r) => !hasValue(e, r.name, [r.stepId, ...(r.alsoSetBy ?? [])]))
    .map((r) => ({
      name: r.name,
      stepId: r.stepId,
      stepLabel: stepLabel(e, r.stepId),
      ...(r.alsoSetBy ? { alsoSetBy: r.alsoSetBy.map((id) => ({ stepId: id, stepLabel: stepLabel(e, id) })) } : {}),
    }));
}

/**
 * The values a block will read from the session's shell (variables earlier blocks set,
 * `$NEW_REVISION`), for the confirmation of a dangerous block: what `--revision-weight
 * $NEW_REVISION=100` will really say. Secret-named or secret-shaped values are masked. A
 * rehearsal ran nothing, so it has none.
 */
export function shellValues(e: EngineContext, command: Command): { name: string; value: string }[] {
  const executor = e.options.executor;
  if (e.mode !== 'run' || !executor?.shellValue) return [];
  const names = [...new Set((command.reads ?? []).map((r) => r.name))];
  return names.flatMap((name) => {
    const value = executor.shellValue?.(name);
    if (value === undefined || value === '') return [];
    return [{ name, value: isSecretName(name) || looksSecretValue(value) ? MASK : value }];
  });
}

/** "step 18. Get New Revision Name", or "step 37. … or step 36. …" when several steps set it. */
export function setByText(u: UnsetVariable): string {
  return [u.stepLabel, ...(u.alsoSetBy ?? []).map((s) => s.stepLabel)].map((label) => `step ${label}`).join(' or ');
}

/** "NEW_REVISION is not set: it is set by step 18. Get New Revision Name". */
export function unsetText(unset: readonly UnsetVariable[]): string {
  return unset.map((u) => `${u.name} is not set: it is set by ${setByText(u)}`).join('; ');
}

/**
 * Asks about the block's unset variables until they have values, or the operator decides.
 * 'run': go on (values set, or anyway with the reason recorded); 'declined': not run, the step stays open.
 * A rehearsal with nobody at the keyboard notes them and goes on, as it does for parameters.
 */
export async function preflight(e: EngineContext, ctx: StepContext, command: Command, runsHere: boolean): Promise<'run' | 'declined'> {
  // a block done by hand runs in the operator's own shell, which the session cannot see
  if (e.mode === 'run' && !runsHere) return 'run';
  const { step } = ctx;
  let leftEmpty = false;
  for (;;) {
    const unset = unsetVariables(e, command);
    if (unset.length === 0) return 'run';
    if (e.mode === 'rehearsal' && e.unattended) {
      e.record('note', { kind: 'note', stepId: step.id, text: `pre-flight: ${unsetText(unset)}` });
      return 'run';
    }
    const prompt: Extract<Prompt, { kind: 'preflight' }> = { kind: 'preflight', step, command, unset, ...(leftEmpty ? { leftEmpty: true as const } : {}), ...(e.mode === 'rehearsal' ? { rehearsal: true as const } : {}) };
    const answer: PromptAnswers['preflight'] = await e.ask(prompt);
    switch (answer.action) {
      case 'set': {
        const given = unset.filter((u) => (answer.values[u.name] ?? '') !== '');
        // left empty: asked again, with another way out first (Enter, Enter must not go round)
        leftEmpty = given.length === 0;
        if (given.length === 0) continue;
        for (const u of given) e.params.set(u.name, answer.values[u.name] ?? '', 'prompt');
        continue;
      }
      case 'goto':
        e.record('note', { kind: 'declined', stepId: step.id, text: `not run: ${unsetText(unset)}; went to step ${stepLabel(e, answer.stepId)}` });
        e.select(answer.stepId);
        return 'declined';
      case 'run': {
        const reason = `ran with ${unset.map((u) => u.name).join(', ')} not set: ${answer.reason}`;
        e.record('deviation', { kind: 'override', stepId: step.id, target: command.id, reason });
        ctx.deviations.push(reason);
        return 'run';
      }
      case 'cancel':
        e.record('note', { kind: 'declined', stepId: step.id, text: `not run: ${unsetText(unset)}` });
        return 'declined';
      default: {
        const never: never = answer;
        return never;
      }
    }
  }
}
