// The remembered "n/m done" steps are always the ones countedSteps gives for the state at
// hand: through entering a contingency, leaving it, a step of it skipped after it was left,
// and a second contingency.
import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventType } from '../../src/session/audit-event.js';
import { CountedMemo } from '../../src/session/counted-memo.js';
import { applyEvent, initialState } from '../../src/session/reducer.js';
import { countedSteps, type Lane, type WalkPlan } from '../../src/session/walk-plan.js';

const main: Lane = { kind: 'main' };
const rollback: Lane = { kind: 'branch', sectionId: 'rollback' };
const debug: Lane = { kind: 'branch', sectionId: 'debug' };
const plan: WalkPlan = {
  order: ['m1', 'm2', 'r1', 'r2', 'd1', 'm3'],
  lanes: new Map<string, Lane>([
    ['m1', main],
    ['m2', main],
    ['r1', rollback],
    ['r2', rollback],
    ['d1', debug],
    ['m3', main],
  ]),
  guards: new Map(),
};

const enter = (sectionId: string, stepId: string): [AuditEventType, Record<string, unknown>] => ['flow', { kind: 'enter', sectionId, title: sectionId, stepId, by: 'operator', reason: 'test' }];
const leave = (sectionId: string): [AuditEventType, Record<string, unknown>] => ['flow', { kind: 'leave', sectionId, title: sectionId, reason: 'test' }];
const end = (stepId: string, status = 'passed'): [AuditEventType, Record<string, unknown>] => ['step.end', { stepId, status }];

describe('CountedMemo', () => {
  it('gives what countedSteps gives after every event, and the same array while nothing it reads changed', () => {
    const walk: [AuditEventType, Record<string, unknown>][] = [
      end('m1'),
      enter('rollback', 'r1'),
      end('r1'),
      leave('rollback'),
      end('m2'),
      // a step of the rollback walked out of the branch: it counts now
      end('r2', 'skipped'),
      enter('debug', 'd1'),
      end('d1'),
      leave('debug'),
      end('m3'),
    ];
    const memo = new CountedMemo();
    let state = initialState(plan);
    const first = memo.of(state, plan);
    let previous = first;
    walk.forEach(([type, data], i) => {
      const ev = { v: 1, seq: i + 1, ts: '2026-11-23T10:00:00.000Z', session: 's', actor: 'alice', type, data, prev: '', h: '' } as AuditEvent;
      state = applyEvent(state, ev, plan);
      const counted = memo.of(state, plan);
      expect(counted, `after ${type} ${JSON.stringify(data)}`).toEqual(countedSteps(state, plan));
      // a main-path step ending changes nothing it reads
      if (i === 0) expect(counted).toBe(first);
      expect(memo.of(state, plan)).toBe(counted);
      previous = counted;
    });
    expect(previous).toEqual(['m1', 'm2', 'r1', 'r2', 'd1', 'm3']);
  });
});
