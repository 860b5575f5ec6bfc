// The audit log's event shapes (DESIGN.md section 4). One line of audit.jsonl is the
// canonical JSON of an AuditEvent; `h` = sha256(prev + canonical JSON of the event without h).

export type SessionMode = 'run' | 'rehearsal';

export type AuditEventType =
  | 'session.start'
  | 'param.set'
  | 'step.start'
  | 'cmd.start'
  | 'output'
  | 'cmd.exit'
  | 'check'
  | 'metric'
  | 'decision'
  | 'evidence'
  | 'signoff'
  | 'deviation'
  | 'note'
  | 'recovery'
  | 'shell.restore'
  | 'step.end'
  | 'session.end';

export interface AuditEvent {
  v: 1;
  seq: number;
  ts: string;
  session: string;
  actor: string;
  type: AuditEventType;
  data: Record<string, unknown>;
  prev: string;
  h: string;
}

/** Event types after which the log is fsynced before anything else happens. */
export const SYNC_AFTER: ReadonlySet<AuditEventType> = new Set([
  'cmd.start',
  'signoff',
  'decision',
  'session.end',
]);
