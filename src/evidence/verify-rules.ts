// The rules `verify` judges by, shared by the log, session-directory and pack checks:
// the verdicts, what the chain alone says, and the cross-checks against anchored heads,
// the runbook copy and the spooled files. A failed check throws Tampered with the reason.
import { ExitCode } from '../errors.js';
import type { AuditEvent } from '../session/audit-event.js';
import { parseAuditLog } from '../session/audit-read.js';
import { spoolRefs, startedRunbookSha256, str } from './event-fields.js';
import { AUDIT, RUNBOOK, isSafeRelPath } from './pack-layout.js';

export type Verdict = 'intact' | 'incomplete' | 'tampered';

export interface ChainHead {
  seq: number;
  h: string;
}

export interface VerifyReport {
  verdict: Verdict;
  /** The one line printed: the verdict and what it rests on, or the first problem. */
  message: string;
  kind: 'pack' | 'session' | 'log';
  session?: string;
  events: number;
  head?: ChainHead;
}

export interface VerifyOptions {
  env?: NodeJS.ProcessEnv;
  /** The chain head the session index stored for a session (undefined: not in the index). */
  storedHead?: (sessionId: string) => Promise<ChainHead | undefined>;
}

export function verdictExitCode(verdict: Verdict): number {
  switch (verdict) {
    case 'intact':
      return ExitCode.ok;
    case 'incomplete':
      return ExitCode.failed;
    case 'tampered':
      return ExitCode.tampered;
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

/** What the log alone says: the first fault, a torn tail, whether it ended. */
export interface LogJudgement {
  events: AuditEvent[];
  fault?: string;
  tornBytes: number;
  ended: boolean;
  head?: ChainHead;
}

export function judgeLog(bytes: Buffer): LogJudgement {
  const read = parseAuditLog(bytes);
  const events = read.events;
  let fault = read.fault ? `seq ${read.fault.seq} (line ${read.fault.line}): ${read.fault.reason}` : undefined;
  // rules the chain alone does not enforce: one start, nothing after the end
  for (let i = 1; i < events.length && fault === undefined; i++) {
    const e = events[i] as AuditEvent;
    if (e.type === 'session.start') fault = `seq ${e.seq}: a second session.start`;
    else if (events[i - 1]?.type === 'session.end') fault = `seq ${e.seq}: an event after session.end`;
  }
  const last = events[events.length - 1];
  return {
    events,
    ...(fault !== undefined ? { fault } : {}),
    tornBytes: read.tornTailBytes,
    ended: last?.type === 'session.end',
    ...(last ? { head: { seq: last.seq, h: last.h } } : {}),
  };
}

function outcomeOf(events: readonly AuditEvent[]): string {
  const last = events[events.length - 1];
  if (last?.type === 'session.end') return str(last.data, 'outcome', 'status') ?? 'ended';
  return 'unfinished';
}

function modeOf(events: readonly AuditEvent[]): string {
  const start = events[0];
  return (start && str(start.data, 'mode')) ?? 'run';
}

function shortHead(head: ChainHead | undefined): string {
  return head ? `chain head seq ${head.seq} ${head.h}` : 'no events';
}

export class Tampered extends Error {}

export function tampered(reason: string): never {
  throw new Tampered(reason);
}

/** The verdict for a log whose every check passed: intact when it ended, else incomplete. */
export function finalVerdict(kind: VerifyReport['kind'], log: LogJudgement, what: string): VerifyReport {
  const session = log.events[0]?.session;
  const base = { kind, events: log.events.length, ...(session ? { session } : {}), ...(log.head ? { head: log.head } : {}) };
  const desc = `session ${session ?? '?'} (${modeOf(log.events)}, ${outcomeOf(log.events)})`;
  if (log.events.length === 0) {
    return { ...base, verdict: 'incomplete', message: 'incomplete: the log holds no complete event' };
  }
  if (log.tornBytes > 0) {
    return {
      ...base,
      verdict: 'incomplete',
      message: `incomplete: the log of ${desc} ends in a torn line (${log.tornBytes} bytes after seq ${log.head?.seq}, a crash mid-write or a truncated copy); ${log.events.length} events before it intact, ${shortHead(log.head)}`,
    };
  }
  if (!log.ended) {
    return {
      ...base,
      verdict: 'incomplete',
      message: `incomplete: ${desc} has no session.end; ${log.events.length} events intact, ${shortHead(log.head)}`,
    };
  }
  return { ...base, verdict: 'intact', message: `intact: ${desc}, ${what}, ${log.events.length} events, ${shortHead(log.head)}` };
}

export function tamperedReport(kind: VerifyReport['kind'], log: LogJudgement | undefined, reason: string): VerifyReport {
  const session = log?.events[0]?.session;
  return {
    kind,
    verdict: 'tampered',
    message: `TAMPERED: ${reason}`,
    events: log?.events.length ?? 0,
    ...(session ? { session } : {}),
  };
}

/** Judges audit.jsonl bytes on their own (the chain only): what `verify` says of a bare copy. */
export function verifyLogBytes(bytes: Buffer): VerifyReport {
  const log = judgeLog(bytes);
  if (log.fault !== undefined) return tamperedReport('log', log, log.fault);
  return finalVerdict('log', log, 'chain checks out');
}

/** The log must reach the head anchored elsewhere (manifest or session index) and agree with it. */
export function checkAnchor(log: LogJudgement, anchor: ChainHead, where: string): void {
  const at = log.events[anchor.seq - 1];
  if (!at) {
    tampered(
      `${AUDIT} ends at seq ${log.head?.seq ?? 0} but ${where} records seq ${anchor.seq}: events were removed from the end`,
    );
  }
  if (at.h !== anchor.h) {
    tampered(`seq ${anchor.seq} hash differs from the chain head in ${where}: the log was rewritten (consistently re-hashed)`);
  }
}

/** Every spool the log vouches for must be there with the sha256 it recorded (the last record per file). */
export async function checkSpools(events: readonly AuditEvent[], hashOf: (path: string) => Promise<string | undefined>): Promise<void> {
  const lastRef = new Map<string, { seq: number; sha256: string }>();
  for (const ref of spoolRefs(events)) lastRef.set(ref.path, { seq: ref.seq, sha256: ref.sha256 });
  for (const [path, ref] of lastRef) {
    if (!isSafeRelPath(path)) tampered(`seq ${ref.seq} names an unsafe output path ${JSON.stringify(path)}`);
    const sha = await hashOf(path);
    if (sha === undefined) tampered(`${path} (recorded at seq ${ref.seq}) is missing`);
    if (sha !== ref.sha256) tampered(`${path} does not match the sha256 recorded at seq ${ref.seq}`);
  }
}

export function checkRunbook(events: readonly AuditEvent[], sha: string | undefined): void {
  const started = startedRunbookSha256(events);
  if (started === undefined) return;
  if (sha === undefined) tampered(`${RUNBOOK} is missing`);
  if (sha !== started) tampered(`${RUNBOOK} differs from the runbook the session started with (seq 1 sha256)`);
}
