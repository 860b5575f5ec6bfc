// Decisions of a step: each question asked, its answer recorded; an answer may lead to a
// further question, or to an action that names a section (the walk jumps there).
import type { Decision, Runbook } from '../runbook/model.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { DecisionData } from './event-data.js';

export async function walkDecision(e: EngineContext, ctx: StepContext, decision: Decision): Promise<void> {
  for (const top of decision.questions) {
    let node: typeof top | undefined = top;
    while (node) {
      const current: typeof top = node;
      node = undefined;
      const answer = await e.ask({ kind: 'decision', decision, node: current });
      const chosen = current.answers.find((a) => a.label === answer.answer);
      const outcome = chosen?.outcome;
      const jumpTo = outcome?.kind === 'action' && outcome.target ? firstStepOfSection(e.runbook, outcome.target.sectionId) : undefined;
      const data: DecisionData = {
        stepId: ctx.step.id,
        decisionId: decision.id,
        question: current.question,
        answer: answer.answer,
        who: e.options.identity.name,
        ...(outcome?.kind === 'action' ? { outcome: outcome.text } : {}),
        ...(jumpTo ? { jumpTo } : {}),
        ...(answer.note ? { note: answer.note } : {}),
      };
      e.record('decision', data);
      if (!outcome) return;
      switch (outcome.kind) {
        case 'question':
          node = outcome.node;
          break;
        case 'action':
          if (jumpTo) ctx.jumpTo = jumpTo;
          return;
        case 'continue':
          break;
        default: {
          const never: never = outcome;
          return never;
        }
      }
    }
  }
}

function firstStepOfSection(runbook: Runbook, sectionId: string): string | undefined {
  const within = (id: string | undefined): boolean => {
    for (let cur = id; cur; cur = runbook.sections.find((s) => s.id === cur)?.parentId) {
      if (cur === sectionId) return true;
    }
    return false;
  };
  return runbook.steps.find((s) => within(s.sectionId))?.id;
}
