// Result items of a step ("Health endpoints: PASS / FAIL"): each is asked as a choice, the
// answer recorded as a decision (id `result:<choice>`, the item's text as the question), and
// a failing answer ends the step failed, as a NO-GO gate does, raising the decision tied to it.
// A rehearsal asks them too, so that a team can practise the failure path; its answers are
// recorded like any rehearsal's.
import type { Decision, DecisionNode, ResultChoice } from '../runbook/model.js';
import { isFailingAnswer } from '../runbook/result-choice.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';
import { failStep } from './raise-decision.js';

/** The decision id a result's answer is recorded under (and found by in `flow.answers`). */
export function resultDecisionId(choice: ResultChoice): string {
  return `result:${choice.id}`;
}

function choiceDecision(choice: ResultChoice): Decision {
  const node: DecisionNode = {
    line: choice.line,
    question: `${choice.label}${choice.detail ? ` (${choice.detail})` : ''}: ${choice.options.join(' / ')}?`,
    answers: choice.options.map((label) => ({
      label,
      outcome: { kind: 'continue', text: isFailingAnswer(choice, label) ? 'recorded; the step fails' : 'recorded' },
    })),
  };
  return { id: resultDecisionId(choice), line: choice.line, kind: 'choice', title: `Result: ${choice.label}`, questions: [node] };
}

/** Asks each result of the step; 'stopped' when an answer failed it (step.end failed is recorded). */
export async function recordResults(e: EngineContext, ctx: StepContext): Promise<StepOutcome> {
  for (const choice of ctx.step.results ?? []) {
    const id = resultDecisionId(choice);
    // resumed mid-step: a result answered before the interruption stands
    const earlier = ctx.resumed ? e.state().flow.answers[id] : undefined;
    let answer = earlier;
    if (answer === undefined) {
      const decision = choiceDecision(choice);
      const node = decision.questions[0];
      if (!node) continue;
      const given = await e.ask({ kind: 'decision', decision, node });
      answer = given.answer;
      e.record('decision', { stepId: ctx.step.id, decisionId: id, question: choice.text, answer, who: e.options.identity.name, ...(given.note ? { note: given.note } : {}) });
    }
    if (isFailingAnswer(choice, answer)) {
      // a failure like a failed check: the decision the runbook ties to it ("If ANY test fails:") is raised
      const text = `${choice.label}: ${answer}`;
      await failStep(e, ctx, { source: 'check', label: text, breaches: [{ kind: 'check', text }] }, text);
      return 'stopped';
    }
  }
  return 'done';
}
