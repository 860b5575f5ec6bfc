// `flightdeck verify`: judges an audit log, a session directory or an evidence pack.
//
// Three verdicts: intact (chain and every file check out, session ended), incomplete (what
// is there checks out, but the session has no session.end or the log ends in a torn line,
// as after a crash), tampered (anything else). The first problem found is named: the seq
// of the first bad event, or the file that does not match.
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import type { AuditEvent } from '../session/audit-event.js';
import { parseAuditLog } from '../session/audit-read.js';
import { sha256Hex } from '../session/canonical.js';
import { sessionsDir } from '../paths.js';
import { spoolRefs, startedRunbookSha256, str } from './event-fields.js';
import { manifestSchema, type Manifest } from './manifest.js';
import { storedChainHead } from './index-head.js';
import { hashFile, PackRefused, readPackDir, readPackTarGz, type PackContents } from './pack-files.js';
import { AUDIT, MANIFEST, REPORT, RUNBOOK, SUMMARY, isSafeRelPath } from './pack-layout.js';

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
interface LogJudgement {
  events: AuditEvent[];
  fault?: string;
  tornBytes: number;
  ended: boolean;
  head?: ChainHead;
}

function judgeLog(bytes: Buffer): LogJudgement {
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

class Tampered extends Error {}

function tampered(reason: string): never {
  throw new Tampered(reason);
}

/** The verdict for a log whose every check passed: intact when it ended, else incomplete. */
function finalVerdict(kind: VerifyReport['kind'], log: LogJudgement, what: string): VerifyReport {
  const session = log.events[0]?.session;
  const base = { kind, events: log.events.length, ...(session ? { session } : {}), ...(log.head ? { head: log.head } : {}) };
  const desc = `session ${session ?? '?'} (${modeOf(log.events)}, ${outcomeOf(log.events)})`;
  if (log.events.length === 0) {
    return { ...base, verdict: 'incomplete', message: `incomplete: ${what} holds no complete event` };
  }
  if (log.tornBytes > 0) {
    return {
      ...base,
      verdict: 'incomplete',
      message: `incomplete: ${what} ends in a torn line (${log.tornBytes} bytes after seq ${log.head?.seq}, a crash mid-write or a truncated copy); ${log.events.length} events before it intact, ${shortHead(log.head)}`,
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

function tamperedReport(kind: VerifyReport['kind'], log: LogJudgement | undefined, reason: string): VerifyReport {
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
function checkAnchor(log: LogJudgement, anchor: ChainHead, where: string): void {
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
async function checkSpools(events: readonly AuditEvent[], hashOf: (path: string) => Promise<string | undefined>): Promise<void> {
  const lastRef = new Map<string, { seq: number; sha256: string }>();
  for (const ref of spoolRefs(events)) lastRef.set(ref.path, { seq: ref.seq, sha256: ref.sha256 });
  for (const [path, ref] of lastRef) {
    if (!isSafeRelPath(path)) tampered(`seq ${ref.seq} names an unsafe output path ${JSON.stringify(path)}`);
    const sha = await hashOf(path);
    if (sha === undefined) tampered(`${path} (recorded at seq ${ref.seq}) is missing`);
    if (sha !== ref.sha256) tampered(`${path} does not match the sha256 recorded at seq ${ref.seq}`);
  }
}

function checkRunbook(events: readonly AuditEvent[], sha: string | undefined): void {
  const started = startedRunbookSha256(events);
  if (started === undefined) return;
  if (sha === undefined) tampered(`${RUNBOOK} is missing`);
  if (sha !== started) tampered(`${RUNBOOK} differs from the runbook the session started with (seq 1 sha256)`);
}

export async function verifyPack(contents: PackContents, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let log: LogJudgement | undefined;
  try {
    const manifestBytes = contents.kept.get(MANIFEST);
    if (!manifestBytes) tampered(`${MANIFEST} is missing`);
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    } catch {
      tampered(`${MANIFEST} is not a valid manifest`);
    }
    const auditBytes = contents.kept.get(AUDIT);
    if (!auditBytes) tampered(`${AUDIT} is missing`);
    log = judgeLog(auditBytes);
    if (log.fault !== undefined) tampered(`${AUDIT} ${log.fault}`);
    if (log.tornBytes > 0) tampered(`${AUDIT} is truncated: a torn line after seq ${log.head?.seq ?? 0}`);

    const listed = new Set<string>();
    for (const f of manifest.files) {
      if (!isSafeRelPath(f.path) || f.path === MANIFEST) tampered(`${MANIFEST} lists an invalid path ${JSON.stringify(f.path)}`);
      if (listed.has(f.path)) tampered(`${MANIFEST} lists ${f.path} twice`);
      listed.add(f.path);
      const actual = contents.files.get(f.path);
      if (!actual) tampered(`${f.path} is listed in ${MANIFEST} but missing`);
      if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) tampered(`${f.path} does not match ${MANIFEST} (sha256)`);
    }
    for (const path of contents.files.keys()) {
      if (path !== MANIFEST && !listed.has(path)) tampered(`${path} is in the pack but not in ${MANIFEST}`);
    }
    if (!listed.has(AUDIT)) tampered(`${MANIFEST} does not list ${AUDIT}`);

    checkAnchor(log, manifest.chainHead, MANIFEST);
    if (log.head && log.head.seq !== manifest.chainHead.seq) {
      tampered(`${AUDIT} has events after the chain head in ${MANIFEST} (seq ${manifest.chainHead.seq}): events were added`);
    }
    const session = log.events[0]?.session;
    if (session !== manifest.session) tampered(`${MANIFEST} names session ${manifest.session}, the log ${session ?? 'none'}`);
    const runbookSha = contents.files.get(RUNBOOK)?.sha256;
    if (runbookSha !== manifest.runbook.sha256) tampered(`${RUNBOOK} does not match the runbook sha256 in ${MANIFEST}`);
    checkRunbook(log.events, runbookSha);
    await checkSpools(log.events, async (p) => contents.files.get(p)?.sha256);
    // on the machine the session ran on, the index's head also pins the pack's log
    const stored = session && opts.storedHead ? await opts.storedHead(session) : undefined;
    if (stored && stored.seq <= log.events.length) checkAnchor(log, stored, 'the session index of this machine');
    return finalVerdict('pack', log, `${contents.files.size} files match ${MANIFEST}`);
  } catch (err) {
    if (err instanceof Tampered) return tamperedReport('pack', log, err.message);
    throw err;
  }
}

async function fileSha(path: string): Promise<string | undefined> {
  try {
    return (await hashFile(path)).sha256;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * A session directory (or a bare audit.jsonl): the chain; when `sessionDirChecks`, also the
 * runbook copy and the spools; when the log lives in FLIGHTDECK_HOME, the index's stored head.
 */
async function verifyLogFile(
  auditPath: string,
  kind: 'session' | 'log',
  opts: VerifyOptions,
): Promise<VerifyReport> {
  const dir = dirname(auditPath);
  // The index is read before the log: the engine stores a head only after the log is
  // fsynced, so a live session's log, read second, always reaches the head read first.
  const candidate = basename(dir);
  const early = (await inHome(dir, candidate, opts.env)) ? await withIndex(opts).storedHead(candidate) : undefined;
  const bytes = await readOrUsage(auditPath);
  const log = judgeLog(bytes);
  try {
    if (log.fault !== undefined) tampered(`${log.fault}`);
    const session = log.events[0]?.session;
    if (early !== undefined && session !== undefined && session !== candidate) {
      tampered(`the log in the folder of session ${candidate} belongs to session ${session}`);
    }
    const home = session ? await inHome(dir, session, opts.env) : false;
    if (kind === 'session' || home) {
      checkRunbook(log.events, await fileSha(join(dir, RUNBOOK)));
      await checkSpools(log.events, (p) => fileSha(join(dir, ...p.split('/'))));
    }
    if (home && session) {
      const stored = session === candidate ? early : await withIndex(opts).storedHead(session);
      if (stored) checkAnchor(log, stored, 'the session index');
    }
    return finalVerdict(kind, log, kind === 'session' ? 'runbook and outputs match the log' : 'chain checks out');
  } catch (err) {
    if (err instanceof Tampered) return tamperedReport(kind, log, err.message);
    throw err;
  }
}

function withIndex(opts: VerifyOptions): VerifyOptions & Required<Pick<VerifyOptions, 'storedHead'>> {
  return { ...opts, storedHead: opts.storedHead ?? ((id: string) => storedChainHead(id, opts.env)) };
}

/** True when `dir` is this session's own directory under FLIGHTDECK_HOME. */
async function inHome(dir: string, session: string, env: NodeJS.ProcessEnv | undefined): Promise<boolean> {
  try {
    const own = await realpath(join(sessionsDir(env), session));
    return own === (await realpath(dir));
  } catch {
    return false;
  }
}

async function readOrUsage(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new UserError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path');
  }
}

/** A file not named .jsonl is judged as a log only if it starts like one. */
async function looksLikeLog(path: string): Promise<boolean> {
  const head = (await readOrUsage(path)).subarray(0, 16).toString('utf8');
  return head.startsWith('{"actor":');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Verifies whatever `target` is: a .tar.gz pack, a pack or session directory, or an audit.jsonl. */
export async function verifyTarget(target: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let st;
  try {
    st = await stat(target);
  } catch {
    throw new UserError(`${target} does not exist`, 'pass an audit.jsonl, a pack directory or a .tar.gz pack');
  }
  try {
    if (st.isDirectory()) {
      if (await exists(join(target, MANIFEST))) return await verifyPack(await readPackDir(target), withIndex(opts));
      if ((await exists(join(target, REPORT))) || (await exists(join(target, SUMMARY)))) {
        // a pack whose manifest was removed must not pass as a bare session directory
        return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${MANIFEST} is missing from the pack`, events: 0 };
      }
      if (await exists(join(target, AUDIT))) return await verifyLogFile(join(target, AUDIT), 'session', opts);
      throw new UserError(`${target} holds neither ${MANIFEST} nor ${AUDIT}`, 'pass a pack directory, a session directory or a file');
    }
    if (/\.(tar\.gz|tgz)$/i.test(target)) return await verifyPack(await readPackTarGz(target), withIndex(opts));
    if (basename(dirname(target)) !== '' && (await exists(join(dirname(target), MANIFEST)))) {
      return await verifyPack(await readPackDir(dirname(target)), withIndex(opts));
    }
    if (!/\.jsonl$/i.test(target) && !(await looksLikeLog(target))) {
      throw new UserError(`${target} is not an audit log, a pack directory or a .tar.gz pack`, 'pass audit.jsonl, a pack or a session directory');
    }
    return await verifyLogFile(target, 'log', opts);
  } catch (err) {
    if (err instanceof PackRefused) {
      return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${err.message}`, events: 0 };
    }
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${target} is not a valid gzip stream (corrupted or edited)`, events: 0 };
    }
    if (code) throw new UserError(`cannot read ${target} (${code})`, 'check the path and its permissions');
    throw err;
  }
}
