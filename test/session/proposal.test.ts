// Proposals at threshold boundaries (issue 13): what the data says about a question depends on
// > versus >=, the units on each side, and "for N samples" / "for more than 2 minutes".
import { describe, expect, it } from 'vitest';
import type { DecisionNode } from '../../src/runbook/model.js';
import { proposeAnswer, type BreachEvidence } from '../../src/session/breach.js';

function yesNo(question: string, conditions?: string[]): DecisionNode {
  return {
    line: 1,
    question,
    ...(conditions ? { conditions } : {}),
    answers: [
      { label: 'Yes', outcome: { kind: 'action', text: 'ROLLBACK' } },
      { label: 'No', outcome: { kind: 'continue' } },
    ],
  };
}

function seen(metric: string, values: number[], unit?: string, intervalMs?: number): BreachEvidence {
  return { source: 'gate', label: 'gate', breaches: [], series: [{ metric, values, ...(unit ? { unit } : {}), ...(intervalMs ? { intervalMs } : {}) }] };
}

describe('proposals at the boundary', () => {
  it('> is strict and >= is not: exactly 5% answers "> 5%" No and ">= 5%" Yes', () => {
    const data = seen('error rate', [5], '%');
    expect(proposeAnswer(yesNo('Error Rate > 5%?'), data)).toEqual({ answer: 'No', why: 'error rate 5%, not > 5%' });
    expect(proposeAnswer(yesNo('Error Rate >= 5%?'), data)).toEqual({ answer: 'Yes', why: 'error rate 5% >= 5% for 1 sample' });
    expect(proposeAnswer(yesNo('Error Rate > 5%?'), seen('error rate', [5.01], '%'))?.answer).toBe('Yes');
  });

  it('converts units: 3000ms is not above 3 seconds, 3001ms is', () => {
    const node = yesNo('Immediate Rollback Required?', ['P95 latency exceeds 3 seconds consistently']);
    expect(proposeAnswer(node, seen('P95 latency', [3000], 'ms'))).toEqual({ answer: 'No', why: 'P95 latency 3s, not > 3s' });
    expect(proposeAnswer(node, seen('P95 latency', [3001], 'ms'))).toEqual({ answer: 'Yes', why: 'P95 latency 3s > 3s for 1 sample' });
  });

  it('a range includes both ends and says when the value is outside it', () => {
    expect(proposeAnswer(yesNo('Error Rate 1-5%?'), seen('ErrorRate', [1], '%'))?.answer).toBe('Yes');
    expect(proposeAnswer(yesNo('Error Rate 1-5%?'), seen('ErrorRate', [5], '%'))?.answer).toBe('Yes');
    expect(proposeAnswer(yesNo('Error Rate 1-5%?'), seen('ErrorRate', [0.99], '%'))).toEqual({ answer: 'No', why: 'ErrorRate 0.99%, not within 1%–5%' });
  });

  it('"for more than 2 minutes" needs the samples that span it: two minutes of a 1-minute series is not enough', () => {
    const node = yesNo('Immediate Rollback Required?', ['Error rate exceeds 5% for more than 2 minutes']);
    expect(proposeAnswer(node, seen('error rate', [1, 6, 7], '%', 60_000))).toEqual({ answer: 'No', why: 'error rate > 5% for only 2 of the 3 samples needed' });
    expect(proposeAnswer(node, seen('error rate', [6, 6, 7], '%', 60_000))).toEqual({ answer: 'Yes', why: 'error rate 7% > 5% for 3 samples' });
  });

  it('"for N samples" counts the last samples in a row', () => {
    const node = yesNo('Error rate > 1% for 3 samples?');
    expect(proposeAnswer(node, seen('error rate', [2, 0.5, 2, 2], '%'))?.answer).toBe('No');
    expect(proposeAnswer(node, seen('error rate', [0.5, 2, 2, 2], '%'))).toEqual({ answer: 'Yes', why: 'error rate 2% > 1% for 3 samples' });
  });

  it('a list with a condition the data cannot answer proposes nothing unless another condition holds', () => {
    const node = yesNo('Immediate Rollback Required?', ['Error rate exceeds 5%', 'Data corruption detected']);
    expect(proposeAnswer(node, seen('error rate', [2], '%'))).toBeUndefined();
    expect(proposeAnswer(node, seen('error rate', [9], '%'))?.answer).toBe('Yes');
  });

  it('units that do not convert are not judged', () => {
    expect(proposeAnswer(yesNo('Error Rate > 5%?'), seen('error rate', [9], 'ms'))).toBeUndefined();
  });
});
