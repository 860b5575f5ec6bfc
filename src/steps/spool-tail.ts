// The end of a finished command's spooled output, for the screen: the step shows it after the
// command ended, when revisited and after a resume (the `output` event names the file). A
// finished spool never changes, so what was read is kept (a few files, bounded in size).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes read from the end of a spool: enough for the lines a screen scrolls through. */
export const TAIL_BYTES = 512 << 10;
/** Lines kept of it. */
export const TAIL_LINES = 2000;
const KEPT_FILES = 8;

export interface SpoolTail {
  /** The last lines (without their newline), ANSI as spooled. */
  lines: string[];
  /** Lines of the file before the ones kept (0: the whole file is here). */
  before: number;
}

/** Reads the last lines of a spool file; undefined when it cannot be read (gone, not yet written). */
export function readSpoolTail(path: string, totalLines: number, maxBytes = TAIL_BYTES, maxLines = TAIL_LINES): SpoolTail | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const take = Math.min(size, maxBytes);
    const buf = Buffer.alloc(take);
    const read = readSync(fd, buf, 0, take, size - take);
    let text = buf.subarray(0, read).toString('utf8');
    // a cut first line is not a line of the output
    if (take < size) text = text.slice(text.indexOf('\n') + 1);
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    if (lines.length === 1 && lines[0] === '') lines.pop();
    const kept = lines.slice(-maxLines);
    return { lines: kept, before: Math.max(0, totalLines - kept.length) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The tails read so far, by file, the oldest forgotten first. */
export class SpoolTails {
  private readonly cache = new Map<string, SpoolTail>();

  read(path: string, totalLines: number): SpoolTail | undefined {
    const hit = this.cache.get(path);
    if (hit) return hit;
    const tail = readSpoolTail(path, totalLines);
    if (!tail) return undefined;
    this.cache.set(path, tail);
    if (this.cache.size > KEPT_FILES) this.cache.delete(this.cache.keys().next().value ?? path);
    return tail;
  }
}
