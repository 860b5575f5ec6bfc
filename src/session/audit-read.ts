// Reading and checking an audit log (DESIGN.md section 4). Pure over the text, so the
// writer (on open), `verify` and the evidence pack all judge a log the same way.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AuditEvent, AuditEventType } from './audit-event.js';
import { GENESIS_PREV, canonicalJson, chainHash } from './canonical.js';

const EVENT_TYPES = [
  'session.start',
  'param.set',
  'step.start',
  'cmd.start',
  'output',
  'cmd.exit',
  'check',
  'metric',
  'decision',
  'evidence',
  'signoff',
  'deviation',
  'note',
  'recovery',
  'step.end',
  'session.end',
] as const satisfies readonly AuditEventType[];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const eventSchema = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().positive(),
  ts: z.string().min(1),
  session: z.string().min(1),
  actor: z.string(),
  type: z.enum(EVENT_TYPES),
  data: z.record(z.string(), z.unknown()),
  prev: hex64,
  h: hex64,
});

export interface ChainFault {
  /** The seq the bad line should have had (its position in the chain). */
  seq: number;
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface AuditReadResult {
  /** Every event before the first fault, in order. */
  events: AuditEvent[];
  /** The first line that breaks the chain, if any. Nothing after it is trusted. */
  fault?: ChainFault;
  /** Bytes after the last newline: a write torn by a crash (not part of the chain). */
  tornTailBytes: number;
  /** Byte length of the complete lines (where a repair truncates to). */
  completeBytes: number;
  /** `h` of the last good event (the chain head), undefined for an empty log. */
  head: string | undefined;
  /** True when the last good event is session.end. */
  ended: boolean;
}

/** Checks one parsed line against its place in the chain; returns why it is bad, or undefined. */
function lineFault(line: string, expectedSeq: number, prev: string, session: string | undefined): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not an audit event (${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'bad shape'})`;
  }
  const ev = parsed.data;
  if (canonicalJson(raw) !== line) return 'not in canonical form (edited by hand?)';
  if (ev.seq !== expectedSeq) return `seq is ${ev.seq}, expected ${expectedSeq}`;
  if (ev.prev !== prev) return 'prev does not match the previous event hash';
  if (session !== undefined && ev.session !== session) return `session id changed to ${ev.session}`;
  if (expectedSeq === 1 && ev.type !== 'session.start') return 'the first event is not session.start';
  if (chainHash(raw as Record<string, unknown>) !== ev.h) return 'hash does not match the event';
  return undefined;
}

/** Parses and verifies audit.jsonl text: stops at the first line that breaks the chain. */
export function parseAuditLog(text: string | Buffer): AuditReadResult {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const lastNl = buf.lastIndexOf(0x0a);
  const completeBytes = lastNl + 1;
  const body = buf.subarray(0, completeBytes).toString('utf8');
  const lines = body.length === 0 ? [] : body.slice(0, -1).split('\n');
  const events: AuditEvent[] = [];
  let prev = GENESIS_PREV;
  let session: string | undefined;
  let fault: ChainFault | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const why = lineFault(line, i + 1, prev, session);
    if (why !== undefined) {
      fault = { seq: i + 1, line: i + 1, reason: why };
      break;
    }
    const ev = JSON.parse(line) as AuditEvent;
    events.push(ev);
    prev = ev.h;
    session = ev.session;
  }
  const last = events[events.length - 1];
  return {
    events,
    ...(fault ? { fault } : {}),
    tornTailBytes: buf.length - completeBytes,
    completeBytes,
    head: last?.h,
    ended: last?.type === 'session.end',
  };
}

/** Reads and verifies an audit.jsonl file (see parseAuditLog). */
export async function readAuditLog(path: string): Promise<AuditReadResult> {
  return parseAuditLog(await readFile(path));
}

/** Verifies a chain of already-parsed events (e.g. from a pack): the first fault, or undefined. */
export function verifyChain(events: readonly AuditEvent[]): ChainFault | undefined {
  const text = events.map((e) => canonicalJson(e) + '\n').join('');
  return parseAuditLog(text).fault;
}
