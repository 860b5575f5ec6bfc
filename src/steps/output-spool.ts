// The full output of one command, written to sessions/<id>/outputs/<step>.log as it
// arrives, with sha256, byte and line counts computed on the way (for the `output` audit
// event and the evidence pack). The caller honours backpressure via write()'s return.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface SpoolSummary {
  path: string;
  sha256: string;
  bytes: number;
  lines: number;
}

export class OutputSpool {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private newlines = 0;
  private lastByte = -1;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // 1 MiB before write() asks the caller to wait: with the default 16 KiB every pipe
    // chunk (64 KiB) paused the command; queued chunks go to the file in one writev.
    this.stream = createWriteStream(path, { flags: 'w', mode: 0o600, highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  /** false when the caller should wait for onDrain before writing more. */
  write(chunk: Buffer): boolean {
    if (chunk.length === 0) return true;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) this.newlines++;
    this.lastByte = chunk[chunk.length - 1] ?? -1;
    return this.stream.write(chunk);
  }

  onDrain(fn: () => void): void {
    this.stream.once('drain', fn);
  }

  /** Closes the file; resolves with what was written. Rejects if the disk refused it. */
  close(): Promise<SpoolSummary> {
    return new Promise((resolve, reject) => {
      this.stream.end(() => {
        if (this.failure) {
          reject(this.failure);
          return;
        }
        resolve({
          path: this.path,
          sha256: this.hash.digest('hex'),
          bytes: this.bytes,
          lines: this.newlines + (this.bytes > 0 && this.lastByte !== 0x0a ? 1 : 0),
        });
      });
    });
  }
}
