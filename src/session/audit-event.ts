// The audit log's event shapes (docs/architecture.md, "The event model"). One line of audit.jsonl is the
// canonical JSON of an AuditEvent; `h` = sha256(prev + canonical JSON of the event without h).

import type { EventDataByType } from './event-data.js';

export type { SessionMode } from '../steps/executor.js';

export type AuditEventType =
  | 'session.start'
  | 'param.set'
  | 'step.start'
  | 'cmd.start'
  | 'output'
  | 'cmd.exit'
  | 'input'
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
  | 'flow'
  | 'wait'
  | 'session.end';

/**
 * One line of the log. `AuditEvent` (any type) is the log's form, its data plain JSON;
 * `AuditEvent<'step.start'>` carries that type's data shape (event-data.ts).
 */
export interface AuditEvent<T extends AuditEventType = AuditEventType> {
  v: 1;
  seq: number;
  ts: string;
  session: string;
  actor: string;
  type: T;
  data: EventData<T>;
  prev: string;
  h: string;
}

/** The data of one event type (plain JSON kept readable field by field); of any type, a plain record. */
export type EventData<T extends AuditEventType> = AuditEventType extends T
  ? Record<string, unknown>
  : EventDataByType[T] & Record<string, unknown>;

/** An event whose `type` narrows its `data` (switch on `type`, no casts). */
export type SessionEvent = { [T in AuditEventType]: AuditEvent<T> }[AuditEventType];

/**
 * The one place a log line is taken for the shape this engine writes: the log was written by
 * this engine and audit-read checked its envelope and hash chain, so `data` is trusted to be
 * of its type's shape; readers still check fields they cannot do without.
 */
export function sessionEvent(ev: AuditEvent): SessionEvent {
  return ev as SessionEvent;
}

/** Event types after which the log is fsynced before anything else happens. */
export const SYNC_AFTER: ReadonlySet<AuditEventType> = new Set([
  'cmd.start',
  'signoff',
  'decision',
  'wait',
  'session.end',
]);
