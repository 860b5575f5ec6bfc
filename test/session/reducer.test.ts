import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventType } from '../../src/session/audit-event.js';
import { reduceSession } from '../../src/session/reducer.js';

const ORDER = ['s1', 's2', 's3', 's4'];

function events(list: [AuditEventType, Record<string, unknown>][]): AuditEvent[] {
  return list.map(([type, data], i) => ({
    v: 1,
    seq: i + 1,
    ts: `2026-11-23T10:00:0${i}.000Z`,
    session: 'sess',
    actor: 'alice',
    type,
    data,
    prev: '',
    h: '',
  }));
}

const start: [AuditEventType, Record<string, unknown>] = [
  'session.start',
  { runbook: '/rb.md', sha256: 'abc', mode: 'rehearsal', host: 'h', user: 'alice', version: '0' },
];

describe('session reducer', () => {
  it('moves the cursor to the next open step after a step ends', () => {
    const s = reduceSession(events([start, ['step.start', { stepId: 's1' }], ['step.end', { stepId: 's1', status: 'passed' }]]), ORDER);
    expect(s.steps.s1?.status).toBe('passed');
    expect(s.currentStepId).toBe('s2');
    expect(s.mode).toBe('rehearsal');
  });

  it('after the last step, returns to a step a decision jumped over instead of a finished one', () => {
    const s = reduceSession(
      events([
        start,
        ['step.end', { stepId: 's1', status: 'passed', next: 's4' }],
        ['step.end', { stepId: 's4', status: 'passed' }],
      ]),
      ORDER,
    );
    expect(s.currentStepId).toBe('s2');
  });

  it('has no current step once every step has an outcome', () => {
    const s = reduceSession(
      events([
        start,
        ['step.end', { stepId: 's1', status: 'passed' }],
        ['step.end', { stepId: 's2', status: 'skipped', reason: 'n/a' }],
        ['step.end', { stepId: 's3', status: 'waived', reason: 'ok' }],
        ['step.end', { stepId: 's4', status: 'passed' }],
      ]),
      ORDER,
    );
    expect(s.currentStepId).toBeUndefined();
    expect(s.steps.s2?.reason).toBe('n/a');
  });

  it('keeps the cursor on a failed step so the operator deals with it', () => {
    const s = reduceSession(events([start, ['step.end', { stepId: 's2', status: 'failed' }]]), ORDER);
    expect(s.currentStepId).toBe('s2');
  });
});
