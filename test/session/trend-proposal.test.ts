// "Improving?" after a breach (issue 13): a question about where the metric is heading is
// answered from the series the limit was crossed in, read in the direction the limit says is
// bad; without a trend word, or with too few samples, nothing is proposed.
import { describe, expect, it } from 'vitest';
import type { Comparator, DecisionNode } from '../../src/runbook/model.js';
import { proposeAnswer, type BreachEvidence } from '../../src/session/breach.js';

function yesNo(question: string): DecisionNode {
  return {
    line: 1,
    question,
    answers: [
      { label: 'No', outcome: { kind: 'action', text: 'ROLLBACK' } },
      { label: 'Yes', outcome: { kind: 'action', text: 'Keep Watching' } },
    ],
  };
}

function crossed(metric: string, values: number[], comparator: Comparator, limit: number, unit: string): BreachEvidence {
  return { source: 'wait', label: 'wait', breaches: [{ kind: 'metric', metric, unit, values, threshold: { metric, comparator, value: limit, unit }, samples: 1 }] };
}

describe('trend questions are answered from the breached series', () => {
  const climbing = crossed('error rate', [0.2, 0.2, 0.3, 0.4, 0.6, 0.8, 1.05], '>', 1, '%');
  const easing = crossed('error rate', [1.6, 1.5, 1.4, 1.2, 1.1, 1.05], '>', 1, '%');

  it('a climbing error rate is not improving: No proposed, with the numbers', () => {
    expect(proposeAnswer(yesNo('Improving?'), climbing)).toEqual({ answer: 'No', why: 'error rate getting worse: 0.2% → 0.925% over 7 samples' });
    expect(proposeAnswer(yesNo('Getting worse?'), climbing)?.answer).toBe('Yes');
  });

  it('an easing error rate is improving', () => {
    expect(proposeAnswer(yesNo('Recovering?'), easing)?.answer).toBe('Yes');
  });

  it('for a lower limit, falling is getting worse', () => {
    const availability = crossed('availability', [99.99, 99.98, 99.9, 99.7, 99.5, 99.2], '<', 99.9, '%');
    expect(proposeAnswer(yesNo('Improving?'), availability)?.answer).toBe('No');
  });

  it('a flat series is steady; a question without a trend word, or two samples, gets no proposal', () => {
    expect(proposeAnswer(yesNo('Stable?'), crossed('error rate', [1.1, 1.1, 1.12, 1.1], '>', 1, '%'))?.answer).toBe('Yes');
    expect(proposeAnswer(yesNo('Still Down?'), climbing)).toBeUndefined();
    expect(proposeAnswer(yesNo('Improving?'), crossed('error rate', [0.5, 1.2], '>', 1, '%'))).toBeUndefined();
  });
});
