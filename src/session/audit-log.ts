// The append-only audit log writer (DESIGN.md section 4).
//
// Durability: every append is written to the file at once (one write(2) of one whole line),
// so a crash of this process never loses an event that was appended. fsync is what costs;
// it happens right after the SYNC_AFTER events (before a command starts, after a sign-off
// or decision, at session end) and otherwise is group-committed on a short timer, which
// keeps the amortised append close to an unsynced write.
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import { SYNC_AFTER, type AuditEvent, type AuditEventType } from './audit-event.js';
import { parseAuditLog } from './audit-read.js';
import { syncDir, writeAll } from './durable-write.js';
import { GENESIS_PREV, canonicalJson, chainHashOfCanonical } from './canonical.js';

/** The file operations the log uses; tests inject a counting or failing one. */
export type AuditFs = Pick<
  typeof nodeFs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'ftruncateSync' | 'readFileSync' | 'fstatSync'
>;

export interface AuditLogOptions {
  fs?: AuditFs;
  /** Delay before a group commit of non-critical events. */
  groupCommitMs?: number;
  /** Called after every fsync with the durable chain head (the session index stores it). */
  onSync?: (head: { seq: number; h: string }) => void;
}

export interface OpenedAuditLog {
  log: AuditLog;
  events: AuditEvent[];
  /** Bytes of a torn last line that were cut off (a recovery event was appended). */
  repairedBytes: number;
}

const DEFAULT_GROUP_COMMIT_MS = 200;

/**
 * An append the disk refused (full, quota, I/O error). The log is cut back to its last whole
 * event and takes no more appends: nothing may happen that the log does not hold.
 */
export class AuditWriteError extends Error {
  override readonly name = 'AuditWriteError';
  readonly code: string | undefined;
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`could not write the audit log ${path}: ${(cause as Error | undefined)?.message ?? String(cause)}`);
    this.code = code;
  }
}

export class AuditLog {
  private fd: number | undefined;
  /** Bytes of whole events in the file (where a failed append is cut back to). */
  private size = 0;
  private failed: AuditWriteError | undefined;
  private seq: number;
  private head: string;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly fs: AuditFs;
  private readonly groupCommitMs: number;
  private readonly onSync: ((head: { seq: number; h: string }) => void) | undefined;

  private constructor(
    readonly path: string,
    readonly sessionId: string,
    fd: number,
    last: { seq: number; h: string } | undefined,
    opts: AuditLogOptions,
  ) {
    this.fd = fd;
    this.seq = last?.seq ?? 0;
    this.head = last?.h ?? GENESIS_PREV;
    this.fs = opts.fs ?? nodeFs;
    this.groupCommitMs = opts.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS;
    this.onSync = opts.onSync;
  }

  /** Creates a new, empty log (mode 0600; the directory must exist). Fails if it exists. */
  static create(path: string, sessionId: string, opts: AuditLogOptions = {}): AuditLog {
    const fs = opts.fs ?? nodeFs;
    const fd = fs.openSync(path, 'ax', 0o600);
    try {
      syncDir(dirname(path));
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    return new AuditLog(path, sessionId, fd, undefined, opts);
  }

  /**
   * Opens an existing log for appending. A torn last line is cut back to the last newline
   * and a `recovery` event is appended; nothing before it is rewritten. A log whose
   * complete lines do not verify is refused: appending to it would bless the damage.
   */
  static open(path: string, actor: string, opts: AuditLogOptions = {}): OpenedAuditLog {
    const fs = opts.fs ?? nodeFs;
    const fd = fs.openSync(path, 'a+');
    try {
      const read = parseAuditLog(fs.readFileSync(fd));
      if (read.fault) {
        throw new UserError(
          `the audit log ${path} is damaged at seq ${read.fault.seq} (${read.fault.reason})`,
          'run `flightdeck verify` on it; the session cannot be continued',
        );
      }
      const first = read.events[0];
      const last = read.events[read.events.length - 1];
      if (!first || !last) {
        throw new UserError(`the audit log ${path} has no complete event`, 'start a new session');
      }
      const log = new AuditLog(path, first.session, fd, { seq: last.seq, h: last.h }, opts);
      log.size = read.completeBytes;
      const events = [...read.events];
      if (read.tornTailBytes > 0) {
        fs.ftruncateSync(fd, read.completeBytes);
        fs.fsyncSync(fd);
        events.push(
          log.append(
            'recovery',
            { reason: 'torn-tail', truncatedBytes: read.tornTailBytes, atByte: read.completeBytes },
            actor,
          ),
        );
        log.sync();
      }
      return { log, events, repairedBytes: read.tornTailBytes };
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  get lastSeq(): number {
    return this.seq;
  }

  get chainHead(): string {
    return this.head;
  }

  /** Appends one event (its data any JSON object: the engine's `record` checks shapes by type). Written at once; fsynced now for SYNC_AFTER types, else soon. */
  append(type: AuditEventType, data: object, actor: string, ts: Date = new Date()): AuditEvent {
    const fd = this.requireOpen();
    const body = {
      v: 1 as const,
      seq: this.seq + 1,
      ts: ts.toISOString(),
      session: this.sessionId,
      actor,
      type,
      data: data as Record<string, unknown>,
      prev: this.head,
    };
    const canonical = canonicalJson(body);
    const h = chainHashOfCanonical(body.prev, canonical);
    const event: AuditEvent = { ...body, h };
    const line = Buffer.from(withHash(canonical, h), 'utf8');
    try {
      writeAll(fd, line, this.fs);
    } catch (err) {
      throw this.fail(err);
    }
    this.size += line.length;
    this.seq = event.seq;
    this.head = h;
    this.dirty = true;
    if (SYNC_AFTER.has(type)) this.sync();
    else this.scheduleSync();
    return event;
  }

  /** fsyncs everything appended so far (no-op when nothing is pending). */
  sync(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty || this.fd === undefined || this.failed) return;
    try {
      this.fs.fsyncSync(this.fd);
    } catch (err) {
      throw this.fail(err);
    }
    this.dirty = false;
    this.onSync?.({ seq: this.seq, h: this.head });
  }

  /** Syncs and closes; further appends throw. A log that failed is closed as it is. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      if (!this.failed) this.sync();
    } finally {
      this.fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** The write error that stopped this log, if one did. */
  get failure(): AuditWriteError | undefined {
    return this.failed;
  }

  /** Remembers the first write error and cuts a half-written line off (best effort). */
  private fail(err: unknown): AuditWriteError {
    this.failed ??= err instanceof AuditWriteError ? err : new AuditWriteError(this.path, err);
    if (this.fd !== undefined) {
      try {
        this.fs.ftruncateSync(this.fd, this.size);
      } catch {
        // the line stays torn; the next open cuts it back and records that
      }
    }
    return this.failed;
  }

  private scheduleSync(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        if (this.fd !== undefined) this.sync();
      } catch {
        // remembered as the log's failure: the next append reports it
      }
    }, this.groupCommitMs);
    this.timer.unref();
  }

  private requireOpen(): number {
    if (this.failed) throw this.failed;
    if (this.fd === undefined) throw new Error(`audit log ${this.path} is closed`);
    return this.fd;
  }
}

/**
 * The line for an event: its canonical JSON with `"h"` spliced in where sorted keys put it,
 * just before the top-level `"prev"`. That is the last `,"prev":"` in the text: only the
 * fixed fields seq, session, ts, type and v follow it, and string values escape quotes.
 */
function withHash(canonicalWithoutH: string, h: string): string {
  const at = canonicalWithoutH.lastIndexOf(',"prev":"');
  return `${canonicalWithoutH.slice(0, at)},"h":"${h}"${canonicalWithoutH.slice(at)}\n`;
}
