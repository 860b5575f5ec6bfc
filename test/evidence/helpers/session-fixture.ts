// Builds real sessions on disk with the real audit log writer: a session directory under
// FLIGHTDECK_HOME with audit.jsonl, the runbook copy and output spools.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent, AuditEventType } from '../../../src/session/audit-event.js';
import { AuditLog } from '../../../src/session/audit-log.js';
import { createSessionDir } from '../../../src/session/session-dir.js';
import { SessionStore } from '../../../src/session/store.js';

export const RUNBOOK_TEXT = `# Rotate the widget cache

## Pre-checks
- [ ] Check health
  \`\`\`bash
  curl -s https://widgets.example.test/health
  # Expected: 200
  \`\`\`
- [ ] Watch the error rate (Error rate < 1%)

## Sign-off
| Role | Name | Signature | Date |
|------|------|-----------|------|
| Change manager | | | |
`;

export interface FixtureStep {
  type: AuditEventType;
  data: Record<string, unknown>;
  actor?: string;
  /** Minutes after the session start; the clock never goes back (default: 15 s after the last event). */
  at?: number;
}

export interface FixtureOptions {
  id?: string;
  mode?: 'run' | 'rehearsal';
  /** Whether to end the session (default true) and how. */
  outcome?: 'completed' | 'aborted' | false;
  /** Extra spool files: name -> content (an output event is written for each). */
  outputs?: Record<string, string>;
  /** Spool files written without an event (the body has their output events). */
  files?: Record<string, string>;
  /** Events to write instead of the standard body (session.start/end still added). */
  body?: FixtureStep[];
  runbook?: string;
  /** Minutes after the start at which the session ends. */
  endAt?: number;
  title?: string;
  runbookPath?: string;
}

const T0 = Date.parse('2026-11-23T10:00:00.000Z');

function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function outputStep(stepId: string, commandId: string, file: string, content: string): FixtureStep {
  return {
    type: 'output',
    data: {
      stepId,
      commandId,
      file,
      sha256: sha(content),
      bytes: Buffer.byteLength(content),
      lines: content.split('\n').length - (content.endsWith('\n') ? 1 : 0),
    },
  };
}

const HEALTH_OUTPUT = 'HTTP/1.1 200 OK\n{"status":"healthy"}\n';

/** The body of a finished session with one of every common event kind (shapes of src/session/event-data.ts). */
export function standardBody(): FixtureStep[] {
  const script = 'curl -s https://widgets.example.test/health';
  return [
    { type: 'param.set', data: { name: 'REGION', secret: false, source: 'set', value: 'westeurope' } },
    { type: 'param.set', data: { name: 'API_TOKEN', secret: true, source: 'prompt' } },
    { type: 'step.start', data: { stepId: 'step-1', title: 'Check health', line: 4 } },
    {
      type: 'cmd.start',
      data: { stepId: 'step-1', commandId: 'c1', script, resolved: script, cwd: '/srv', env: ['REGION'], execution: 'run', expects: ['200'] },
    },
    outputStep('step-1', 'c1', 's1.log', HEALTH_OUTPUT),
    { type: 'cmd.exit', data: { stepId: 'step-1', commandId: 'c1', execution: 'run', exitCode: 0, durationMs: 1234 } },
    { type: 'check', data: { kind: 'expectation', stepId: 'step-1', commandId: 'c1', expected: '200', actual: '200', result: 'pass' } },
    { type: 'step.end', data: { stepId: 'step-1', status: 'passed' } },
    { type: 'step.start', data: { stepId: 'step-2', title: 'Watch the error rate', line: 9 } },
    {
      type: 'metric',
      data: {
        stepId: 'step-2',
        name: 'Error rate',
        unit: '%',
        thresholds: [{ metric: 'Error rate', comparator: '<', value: 1, unit: '%' }],
        result: 'pass',
        summary: { min: 0.2, max: 0.4, last: 0.3, count: 6 },
        samples: [0.2, 0.3, 0.25, 0.4, 0.35, 0.3].map((v, i) => ({ t: new Date(T0 + 60_000 + i * 10_000).toISOString(), v })),
      },
    },
    {
      type: 'decision',
      data: {
        stepId: 'step-2',
        decisionId: 'd1',
        question: 'Proceed with the rollout?',
        answer: 'Yes',
        who: 'alice',
        suggested: { answer: 'Yes', why: 'error rate under threshold' },
      },
    },
    { type: 'deviation', data: { stepId: 'step-2', kind: 'waive', target: 'dashboard screenshot', reason: 'dashboard not reachable at night' } },
    { type: 'step.end', data: { stepId: 'step-2', status: 'waived', reason: 'dashboard not reachable at night' } },
    { type: 'step.start', data: { stepId: 'step-3', title: 'Sign-off', line: 12 } },
    {
      type: 'signoff',
      data: {
        stepId: 'step-3',
        formId: 'f1',
        role: 'Change manager',
        name: 'bob',
        identitySource: 'os',
        approved: true,
        comment: 'looks good',
        signedAt: new Date(T0 + 300_000).toISOString(),
      },
      actor: 'bob',
    },
    { type: 'step.end', data: { stepId: 'step-3', status: 'passed' } },
    { type: 'note', data: { text: 'cache warmed in 3 minutes' } },
  ];
}

export interface Fixture {
  id: string;
  dir: string;
  audit: string;
  events: AuditEvent[];
}

/** Writes a session under `home` (a FLIGHTDECK_HOME). */
export async function makeSession(home: string, opts: FixtureOptions = {}): Promise<Fixture> {
  const id = opts.id ?? '20261123-100000-abc123';
  const env = { ...process.env, FLIGHTDECK_HOME: home };
  const runbook = opts.runbook ?? RUNBOOK_TEXT;
  const paths = createSessionDir(id, Buffer.from(runbook), env);
  const log = AuditLog.create(paths.audit, id, { groupCommitMs: 60_000 });
  const events: AuditEvent[] = [];
  let clock = T0 - 15_000;
  const add = (type: AuditEventType, data: Record<string, unknown>, actor = 'alice', at?: number): void => {
    clock = Math.max(clock + 15_000, at === undefined ? 0 : T0 + at * 60_000);
    events.push(log.append(type, data, actor, new Date(clock)));
  };
  add('session.start', {
    runbook: opts.runbookPath ?? '/home/alice/runbooks/widget-cache.md',
    sha256: sha(runbook),
    title: opts.title ?? 'Rotate the widget cache',
    host: 'ops-01',
    user: 'alice',
    mode: opts.mode ?? 'run',
    version: '0.1.0',
    actorSource: 'os',
  });
  const body = opts.body ?? standardBody();
  const spools: Record<string, string> = { ...(opts.body ? {} : { 's1.log': HEALTH_OUTPUT }), ...opts.files, ...opts.outputs };
  for (const step of body) add(step.type, step.data, step.actor, step.at);
  for (const [name, content] of Object.entries(opts.outputs ?? {})) {
    const s = outputStep('extra', 'cx', name, content);
    add(s.type, s.data);
  }
  mkdirSync(paths.outputs, { recursive: true });
  for (const [name, content] of Object.entries(spools)) writeFileSync(join(paths.outputs, name), content, { mode: 0o600 });
  if (opts.outcome !== false) add('session.end', { outcome: opts.outcome ?? 'completed' }, 'alice', opts.endAt);
  log.close();
  const last = events[events.length - 1] as AuditEvent;
  await new SessionStore(env).upsert({
    id,
    runbook: '/home/alice/runbooks/widget-cache.md',
    title: 'Rotate the widget cache',
    sha256: sha(runbook),
    mode: opts.mode ?? 'run',
    status: opts.outcome === false ? 'suspended' : (opts.outcome ?? 'completed'),
    actor: 'alice',
    started: new Date(T0).toISOString(),
    chainHead: last.h,
    seq: last.seq,
  });
  return { id, dir: paths.dir, audit: paths.audit, events };
}
