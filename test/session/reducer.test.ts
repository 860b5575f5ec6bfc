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

  it('a step that failed and then passed on a retry carries no failure reason', () => {
    const s = reduceSession(
      events([
        start,
        ['step.start', { stepId: 's1' }],
        ['step.end', { stepId: 's1', status: 'failed', reason: 'check failed: exit code 0 (got exit 1)' }],
        ['step.start', { stepId: 's1' }],
        ['step.end', { stepId: 's1', status: 'passed' }],
      ]),
      ORDER,
    );
    expect(s.steps.s1).toMatchObject({ status: 'passed' });
    expect(s.steps.s1?.reason).toBeUndefined();
  });

  it('gives each run of a command its own spooled output (a retry gets the second file)', () => {
    const run = (n: number): [AuditEventType, Record<string, unknown>][] => [
      ['cmd.start', { stepId: 's1', commandId: 'c1', execution: 'run', script: 'seq 3' }],
      ['output', { stepId: 's1', commandId: 'c1', file: `s1-c1-${n}.log`, sha256: 'f'.repeat(64), bytes: 6 * n, lines: 3 * n }],
      ['cmd.exit', { stepId: 's1', commandId: 'c1', exitCode: 0, execution: 'run' }],
    ];
    const s = reduceSession(events([start, ['step.start', { stepId: 's1' }], ...run(1), ...run(2)]), ORDER);
    expect(s.steps.s1?.runs.map((r) => r.output)).toEqual([
      { file: 's1-c1-1.log', bytes: 6, lines: 3 },
      { file: 's1-c1-2.log', bytes: 12, lines: 6 },
    ]);
  });
});
