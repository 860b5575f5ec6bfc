// Builds real sessions on disk with the real audit log writer: a session directory under
// FLIGHTDECK_HOME with audit.jsonl, the runbook copy and output spools.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEvent, AuditEventType } from '../../../src/session/audit-event.js';
import { AuditLog } from '../../../src/session/audit-log.js';
import { createSessionDir } from '../../../src/session/session-dir.js';

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
}

export interface FixtureOptions {
  id?: string;
  mode?: 'run' | 'rehearsal';
  /** Whether to end the session (default true) and how. */
  outcome?: 'completed' | 'aborted' | false;
  /** Extra spool files: name -> content (an output event is written for each). */
  outputs?: Record<string, string>;
  /** Events to write instead of the standard body (session.start/end still added). */
  body?: FixtureStep[];
  runbook?: string;
}

const T0 = Date.parse('2026-11-23T10:00:00.000Z');

function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function outputStep(stepId: string, commandId: string, file: string, content: string): FixtureStep {
  return {
    type: 'output',
    data: {
      step: stepId,
      command: commandId,
      file,
      sha256: sha(content),
      bytes: Buffer.byteLength(content),
      lines: content.split('\n').length - (content.endsWith('\n') ? 1 : 0),
    },
  };
}

/** The body of a finished session with one of every common event kind. */
export function standardBody(): FixtureStep[] {
  return [
    { type: 'param.set', data: { name: 'REGION', secret: false, source: 'set' } },
    { type: 'param.set', data: { name: 'API_TOKEN', secret: true, source: 'prompt' } },
    { type: 'step.start', data: { step: 's1', title: 'Check health' } },
    { type: 'cmd.start', data: { step: 's1', command: 'c1', script: 'curl -s https://widgets.example.test/health', cwd: '/srv', env: ['REGION'] } },
    outputStep('s1', 'c1', 's1.log', 'HTTP/1.1 200 OK\n{"status":"healthy"}\n'),
    { type: 'cmd.exit', data: { step: 's1', command: 'c1', code: 0, durationMs: 1234 } },
    { type: 'check', data: { step: 's1', command: 'c1', expected: '200', actual: '200', result: 'pass' } },
    { type: 'step.end', data: { step: 's1', status: 'passed' } },
    { type: 'step.start', data: { step: 's2', title: 'Watch the error rate' } },
    {
      type: 'metric',
      data: {
        step: 's2',
        name: 'Error rate',
        unit: '%',
        threshold: { comparator: '<', value: 1 },
        result: 'pass',
        samples: [0.2, 0.3, 0.25, 0.4, 0.35, 0.3].map((v, i) => ({ t: new Date(T0 + 60_000 + i * 10_000).toISOString(), v })),
      },
    },
    { type: 'decision', data: { step: 's2', question: 'Proceed with the rollout?', answer: 'Yes', who: 'alice', suggested: 'Yes', why: 'error rate under threshold' } },
    { type: 'deviation', data: { step: 's2', kind: 'waive', reason: 'dashboard screenshot not available at night' } },
    { type: 'step.end', data: { step: 's2', status: 'waived', reason: 'dashboard screenshot not available at night' } },
    { type: 'step.start', data: { step: 's3', title: 'Sign-off' } },
    { type: 'signoff', data: { step: 's3', role: 'Change manager', name: 'bob', source: 'os-user', comment: 'looks good', approved: true }, actor: 'bob' },
    { type: 'step.end', data: { step: 's3', status: 'passed' } },
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
export function makeSession(home: string, opts: FixtureOptions = {}): Fixture {
  const id = opts.id ?? '20261123-100000-abc123';
  const env = { ...process.env, FLIGHTDECK_HOME: home };
  const runbook = opts.runbook ?? RUNBOOK_TEXT;
  const paths = createSessionDir(id, Buffer.from(runbook), env);
  const log = AuditLog.create(paths.audit, id, { groupCommitMs: 60_000 });
  const events: AuditEvent[] = [];
  let tick = 0;
  const add = (type: AuditEventType, data: Record<string, unknown>, actor = 'alice'): void => {
    events.push(log.append(type, data, actor, new Date(T0 + tick++ * 15_000)));
  };
  add('session.start', {
    runbook: '/home/alice/runbooks/widget-cache.md',
    sha256: sha(runbook),
    host: 'ops-01',
    user: 'alice',
    mode: opts.mode ?? 'run',
    version: '0.1.0',
  });
  const body = opts.body ?? standardBody();
  const spools: Record<string, string> = { 's1.log': 'HTTP/1.1 200 OK\n{"status":"healthy"}\n', ...opts.outputs };
  for (const step of body) add(step.type, step.data, step.actor);
  for (const [name, content] of Object.entries(opts.outputs ?? {})) {
    const s = outputStep('extra', 'cx', name, content);
    add(s.type, s.data);
  }
  mkdirSync(paths.outputs, { recursive: true });
  for (const [name, content] of Object.entries(spools)) writeFileSync(join(paths.outputs, name), content, { mode: 0o600 });
  if (opts.outcome !== false) add('session.end', { outcome: opts.outcome ?? 'completed' });
  log.close();
  return { id, dir: paths.dir, audit: paths.audit, events };
}
