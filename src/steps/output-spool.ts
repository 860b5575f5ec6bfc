// The full output of one command, written to sessions/<id>/outputs/<step>.log as it
// arrives, with sha256, byte and line counts computed on the way (for the `output` audit
// event and the evidence pack). The caller honours backpressure via write()'s return.
//
// Output comes in as byte strings (latin1, one char per byte) and is copied into two
// fixed staging buffers that take turns going to the file: no Buffer per chunk. Buffers
// queued in a write stream outlived the scavenges of V8's young generation, so their
// memory stayed until a full collection and the process grew with the output.
import { createHash, type Hash } from 'node:crypto';
import { close, mkdirSync, openSync, write } from 'node:fs';
import { dirname } from 'node:path';

export interface SpoolSummary {
  path: string;
  sha256: string;
  bytes: number;
  lines: number;
}

const STAGE_BYTES = 256 << 10;

export class OutputSpool {
  private readonly hash: Hash = createHash('sha256');
  private fd = -1;
  private bytes = 0;
  private newlines = 0;
  private lastByte = -1;
  private failure: Error | undefined;
  /** The buffer being filled; its twin may be on its way to the file. */
  private stage = Buffer.allocUnsafe(STAGE_BYTES);
  private spare = Buffer.allocUnsafe(STAGE_BYTES);
  private used = 0;
  /** Bytes that did not fit while the file was busy (the caller was told to wait). */
  private readonly overflow: Buffer[] = [];
  private writing = false;
  private readonly waiters: (() => void)[] = [];

  /**
   * `onFailure`: called once when the disk refuses the output (full, I/O error), so the
   * runner can stop a command whose output would be thrown away. The bytes written up to
   * then stay in the file; close() rejects with the error, naming the file.
   */
  constructor(
    readonly path: string,
    private readonly onFailure?: (err: Error) => void,
  ) {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      this.fd = openSync(path, 'w', 0o600);
    } catch (err) {
      this.failure = withPath(err, path);
    }
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  /** Appends a byte string; false when the caller should wait for onDrain before writing more. */
  write(bytes: string): boolean {
    if (bytes.length === 0) return true;
    if (this.failure) {
      this.tellFailure();
      return true; // nowhere to put it: taking more would only queue it
    }
    this.bytes += bytes.length;
    let at = 0;
    if (this.overflow.length === 0) {
      at = Math.min(bytes.length, STAGE_BYTES - this.used);
      this.stage.write(at === bytes.length ? bytes : bytes.slice(0, at), this.used, 'latin1');
      this.used += at;
    }
    if (at < bytes.length) this.overflow.push(Buffer.from(bytes.slice(at), 'latin1'));
    this.pump();
    return !this.full();
  }

  onDrain(fn: () => void): void {
    if (this.full()) this.waiters.push(fn);
    else fn();
  }

  /** Closes the file; resolves with what was written. Rejects if the disk refused it. */
  close(): Promise<SpoolSummary> {
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        if (this.writing || this.used > 0) {
          this.waiters.push(finish);
          return;
        }
        const done = (): void => {
          if (this.failure) reject(this.failure);
          else resolve({ path: this.path, sha256: this.hash.digest('hex'), bytes: this.bytes, lines: this.newlines + (this.bytes > 0 && this.lastByte !== 0x0a ? 1 : 0) });
        };
        if (this.fd < 0) return done();
        close(this.fd, (err) => {
          if (err && !this.failure) this.failure = err;
          done();
        });
        this.fd = -1;
      };
      finish();
    });
  }

  private full(): boolean {
    return this.overflow.length > 0 || this.used === STAGE_BYTES;
  }

  /** Sends the staged bytes to the file unless a write is under way (its end sends the next). */
  private pump(): void {
    if (this.writing || this.used === 0) return;
    const out = this.stage.subarray(0, this.used);
    [this.stage, this.spare] = [this.spare, this.stage];
    this.used = 0;
    while (this.overflow.length > 0 && this.used < STAGE_BYTES) {
      const next = this.overflow[0] as Buffer;
      const n = next.copy(this.stage, this.used);
      this.used += n;
      if (n === next.length) this.overflow.shift();
      else this.overflow[0] = next.subarray(n);
    }
    this.hash.update(out);
    this.newlines += newlines(out);
    this.lastByte = out[out.length - 1] ?? -1;
    this.writing = true;
    this.writeAll(out, () => {
      this.writing = false;
      this.pump();
      if (!this.full()) for (const fn of this.waiters.splice(0)) fn();
    });
  }

  private told = false;

  private tellFailure(): void {
    if (this.told || !this.failure) return;
    this.told = true;
    this.overflow.length = 0;
    this.used = 0;
    this.onFailure?.(this.failure);
  }

  private writeAll(buf: Buffer, done: () => void): void {
    if (this.failure || buf.length === 0) return done();
    write(this.fd, buf, 0, buf.length, null, (err, n) => {
      if (err) {
        this.failure = withPath(err, this.path);
        this.tellFailure();
      }
      if (err || n >= buf.length) done();
      else this.writeAll(buf.subarray(n), done);
    });
  }
}

/**
 * Line ends in `buf`, read byte by byte: a Buffer.indexOf per line is a call into C++ per
 * line (about twice as slow on output of short lines, like `seq`).
 */
function newlines(buf: Buffer): number {
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) n++;
  return n;
}

/** The error with the spool's path on it (a write to a descriptor names none). */
function withPath(err: unknown, path: string): Error {
  const e: Error & { path?: string } = err instanceof Error ? err : new Error(String(err));
  e.path ??= path;
  return e;
}
