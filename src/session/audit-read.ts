// Reading and checking an audit log (DESIGN.md section 4). Pure over the text, so the
// writer (on open), `verify` and the evidence pack all judge a log the same way.
import { readFile } from 'node:fs/promises';
import type { AuditEvent, AuditEventType } from './audit-event.js';
import { GENESIS_PREV, canonicalJson, chainHash } from './canonical.js';

const EVENT_TYPES = [
  'session.start',
  'param.set',
  'step.start',
  'cmd.start',
  'output',
  'cmd.exit',
  'input',
  'check',
  'metric',
  'decision',
  'evidence',
  'signoff',
  'deviation',
  'note',
  'recovery',
  'shell.restore',
  'step.end',
  'flow',
  'wait',
  'session.end',
] as const satisfies readonly AuditEventType[];

// The shape of an event, checked by hand rather than with a zod schema: zod is ~700 KB
// of modules, and this file is loaded by every session (the log writer resumes through it)
// while only resume, verify and export read a log. The messages are zod's own wording for
// the schema this replaced, strictObject({ v: literal(1), seq: number().int().positive(),
// ts, session: string().min(1), actor: string(), type: enum(EVENT_TYPES), data:
// record(string, unknown), prev, h: string().regex(HEX64) }); test/session/audit-shape.test.ts
// holds the two side by side.
const HEX64 = /^[0-9a-f]{64}$/;
const EVENT_KEYS: ReadonlySet<string> = new Set(['v', 'seq', 'ts', 'session', 'actor', 'type', 'data', 'prev', 'h']);
const TYPE_SET: ReadonlySet<unknown> = new Set(EVENT_TYPES);
const TYPE_OPTIONS = EVENT_TYPES.map((t) => JSON.stringify(t)).join('|');

/** zod's name for what it received instead. */
function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

const expected = (what: string, value: unknown): string => `Invalid input: expected ${what}, received ${received(value)}`;

function stringFault(value: unknown, min: number): string | undefined {
  if (typeof value !== 'string') return expected('string', value);
  if (value.length < min) return `Too small: expected string to have >=${min} characters`;
  return undefined;
}

function seqFault(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return expected('number', value);
  if (!Number.isInteger(value)) return expected('int', value);
  if (value > Number.MAX_SAFE_INTEGER) return `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`;
  if (value < Number.MIN_SAFE_INTEGER) return `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`;
  if (value <= 0) return 'Too small: expected number to be >0';
  return undefined;
}

function hexFault(value: unknown): string | undefined {
  if (typeof value !== 'string') return expected('string', value);
  if (!HEX64.test(value)) return `Invalid string: must match pattern ${String(HEX64)}`;
  return undefined;
}

/** The first thing wrong with the shape of a parsed line, as "path: message"; undefined when it is an event. */
function shapeFault(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `event: ${expected('object', raw)}`;
  const o = raw as Record<string, unknown>;
  const fields: [string, () => string | undefined][] = [
    ['v', () => (o.v === 1 ? undefined : 'Invalid input: expected 1')],
    ['seq', () => seqFault(o.seq)],
    ['ts', () => stringFault(o.ts, 1)],
    ['session', () => stringFault(o.session, 1)],
    ['actor', () => stringFault(o.actor, 0)],
    ['type', () => (TYPE_SET.has(o.type) ? undefined : `Invalid option: expected one of ${TYPE_OPTIONS}`)],
    ['data', () => (o.data !== null && typeof o.data === 'object' && !Array.isArray(o.data) ? undefined : expected('record', o.data))],
    ['prev', () => hexFault(o.prev)],
    ['h', () => hexFault(o.h)],
  ];
  for (const [key, check] of fields) {
    const fault = check();
    if (fault !== undefined) return `${key}: ${fault}`;
  }
  const extra = Object.keys(o).filter((k) => !EVENT_KEYS.has(k));
  if (extra.length > 0) return `event: Unrecognized key${extra.length === 1 ? '' : 's'}: ${extra.map((k) => JSON.stringify(k)).join(', ')}`;
  return undefined;
}

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
  const shape = shapeFault(raw);
  if (shape !== undefined) return `not an audit event (${shape})`;
  const ev = raw as AuditEvent;
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
