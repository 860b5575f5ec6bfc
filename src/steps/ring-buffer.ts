// What the screen shows of a running command: the last N lines, each sanitised and capped
// in length, plus the line being written now (so a `read -p` prompt is visible). Memory is
// bounded whatever the command prints: a 50 MB line keeps only its first maxLineChars.
// The engine's live view is one (src/session/live-output.ts).
import { scanLines, type LineSink } from './line-scan.js';
import { sanitizeLine } from '../text/sanitize.js';

export interface RingBufferOptions {
  /** Lines kept (default 500). */
  capacity?: number;
  /** Characters of one line kept for the screen (default 4096); the rest is counted. */
  maxLineChars?: number;
}

export class RingBuffer {
  readonly capacity: number;
  readonly maxLineChars: number;
  private readonly slots: string[] = [];
  private next = 0;
  private partial = '';
  private partialDropped = 0;
  private pendingCr = false;
  private readonly sink: LineSink = {
    append: (piece) => this.append(piece),
    endLine: () => this.endLine(),
    restart: () => this.resetPartial(),
  };
  /** Completed lines seen so far (including those no longer held). */
  completedLines = 0;

  constructor(opts: RingBufferOptions = {}) {
    this.capacity = Math.max(1, opts.capacity ?? 500);
    this.maxLineChars = Math.max(16, opts.maxLineChars ?? 4096);
  }

  /** Appends decoded text; '\n' ends a line, a bare '\r' starts the line over (progress bars). */
  push(text: string): void {
    if (this.pendingCr || text.includes('\r')) this.pendingCr = scanLines(text, this.pendingCr, this.sink);
    else this.pushLines(text);
  }

  /**
   * No carriage return involved: lines are found with indexOf, and of a chunk holding more
   * lines than the buffer, the ones that would be overwritten before anyone could see them
   * are counted but never sanitised.
   */
  private pushLines(text: string): void {
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.append(text);
      return;
    }
    this.append(text.slice(0, nl));
    this.endLine();
    const last = text.lastIndexOf('\n');
    let start = nl + 1;
    if (last > nl) {
      let count = 0;
      for (let at = text.indexOf('\n', start); at >= 0 && count <= this.capacity; at = text.indexOf('\n', at + 1)) count++;
      if (count > this.capacity) {
        let keep = last;
        for (let k = 0; k < this.capacity; k++) keep = text.lastIndexOf('\n', keep - 1);
        for (let at = text.indexOf('\n', start); at >= 0 && at <= keep; at = text.indexOf('\n', at + 1)) this.completedLines++;
        start = keep + 1;
      }
      for (nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        this.append(text.slice(start, nl));
        this.endLine();
        start = nl + 1;
      }
    }
    this.append(text.slice(start));
  }

  /** The held lines, oldest first, with the unfinished line last when there is one. */
  lines(): string[] {
    const count = Math.min(this.completedLines, this.capacity);
    const out: string[] = [];
    const first = (this.next - count + this.capacity) % this.capacity;
    for (let k = 0; k < count; k++) out.push(this.slots[(first + k) % this.capacity] ?? '');
    if (this.partial.length > 0 || this.partialDropped > 0) {
      out.push(this.render());
      if (out.length > this.capacity) out.shift();
    }
    return out;
  }

  /** Lines seen, counting the unfinished one. */
  get totalLines(): number {
    return this.completedLines + (this.partial.length > 0 || this.partialDropped > 0 ? 1 : 0);
  }

  private append(piece: string): void {
    if (piece.length === 0) return;
    const room = this.maxLineChars - this.partial.length;
    if (room >= piece.length) {
      this.partial += piece;
    } else {
      if (room > 0) this.partial += piece.slice(0, room);
      this.partialDropped += piece.length - Math.max(room, 0);
    }
  }

  private endLine(): void {
    this.slots[this.next] = this.render();
    this.next = (this.next + 1) % this.capacity;
    this.completedLines++;
    this.resetPartial();
  }

  private resetPartial(): void {
    this.partial = '';
    this.partialDropped = 0;
  }

  private render(): string {
    const line = sanitizeLine(this.partial);
    if (this.partialDropped === 0) return line;
    return `${line} … [line cut for screen: ${this.partialDropped} more characters in the log]`;
  }
}
