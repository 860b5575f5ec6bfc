// Checklist items still unticked when a step is completed in a run: the operator says they
// were done (each ticked now, recorded), passes the step with them open (a deviation that
// names them), or stays on the step to tick them. A step is never "passed" over work nobody
// said was done. A rehearsal (rehearsed, not passed) and an unattended walk (its step ends
// are marked auto) do not ask.
import type { Decision, DecisionNode, Step } from '../runbook/model.js';
import type { EngineContext, StepContext } from './engine-context.js';

const STAY = 'Stay on the step';
const DONE = 'All done: tick them';
const OPEN = 'Pass with them open';

export async function confirmItems(e: EngineContext, ctx: StepContext): Promise<'done' | 'stopped'> {
  if (e.mode !== 'run' || e.unattended) return 'done';
  const step = ctx.step;
  const ticked = e.state().steps[step.id]?.items ?? {};
  // a result item ("Search answers: PASS / FAIL") was answered as a choice already
  const results = new Set((step.results ?? []).flatMap((r) => (r.itemId ? [r.itemId] : [])));
  const own = step.items.filter((i) => !results.has(i.id));
  const open = own.filter((i) => ticked[i.id] !== true);
  if (open.length === 0) return 'done';
  const question = `${open.length} of ${own.length} checklist items not ticked`;
  const node: DecisionNode = {
    line: step.line,
    question,
    // highlighted: nothing is claimed done that nobody said was done
    safeDefault: STAY,
    answers: [
      { label: STAY, outcome: { kind: 'continue', text: 'tick them (space), then Enter' } },
      { label: DONE, outcome: { kind: 'continue', text: 'each is ticked now, in your name' } },
      { label: OPEN, outcome: { kind: 'continue', text: 'the step is waived, the open items named' } },
    ],
  };
  const decision: Decision = { id: `items:${step.id}`, line: step.line, kind: 'choice', title: `Checklist of "${step.title}"`, questions: [node] };
  const answer = await e.ask({ kind: 'decision', decision, node });
  switch (answer.answer) {
    case DONE:
      for (const item of open) e.record('check', { kind: 'item', stepId: step.id, itemId: item.id, text: item.text, checked: true });
      return 'done';
    case OPEN: {
      const names = open.map((i) => i.text).join('; ');
      ctx.deviations.push(`not ticked: ${names}${answer.note ? ` (${answer.note})` : ''}`);
      return 'done';
    }
    default:
      return 'stopped';
  }
}

/** Space on an item: ticks it, or unticks it; either is recorded. */
export function toggleItem(e: EngineContext, step: Step, itemId: string): void {
  const item = step.items.find((i) => i.id === itemId);
  if (!item) throw new Error(`step ${step.id} has no item ${itemId}`);
  const checked = !(e.state().steps[step.id]?.items[itemId] ?? false);
  e.record('check', { kind: 'item', stepId: step.id, itemId, text: item.text, checked });
}
