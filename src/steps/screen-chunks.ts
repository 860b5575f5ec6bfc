// Turns a command's decoded output into chunks that are safe to print and to split on
// '\n' downstream: each line sanitised (SGR kept), cut at maxLineChars with a marker, an
// unfinished line passed on as far as it is known (a prompt shows before the answer), and a
// carriage-return overwrite of an already shown line turned into a new line. For consumers
// that take text chunks (the engine's onOutput) rather than the RingBuffer.
import { scanLines, type LineSink } from './line-scan.js';
import { sanitizeLine, UNSAFE } from '../text/sanitize.js';

/** An escape sequence that is complete at the start of the string. */
const COMPLETE_ESCAPE = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][\s\S]*?\x1b\\|[ -/]*(?![[\]PX^_])[0-~])/;

export class ScreenChunker {
  private raw = '';
  private emitted = 0;
  private dropped = 0;
  private pendingCr = false;
  private out = '';
  private readonly sink: LineSink = {
    append: (piece) => this.append(piece),
    endLine: () => this.endLine(),
    restart: () => this.overwrite(),
  };

  constructor(private readonly maxLineChars = 4096) {}

  push(text: string): string {
    if (this.isPlain(text)) return text;
    this.pendingCr = scanLines(text, this.pendingCr, this.sink);
    this.emitPartial();
    const out = this.out;
    this.out = '';
    return out;
  }

  /**
   * The common case, taken whole: nothing held back from the last chunk, no control
   * character but tab and newline, no line over the cap. Such text is its own screen form
   * (sanitising it changes nothing), so only the unfinished line's state is kept.
   */
  private isPlain(text: string): boolean {
    if (this.pendingCr || this.dropped > 0 || this.emitted !== this.raw.length || UNSAFE.test(text)) return false;
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      if (this.raw.length + text.length > this.maxLineChars) return false;
      this.raw += text;
      this.emitted = this.raw.length;
      return true;
    }
    // No line over the cap: from each point, a newline within the cap (the last one found
    // there, so this hops about maxLineChars at a time rather than line by line).
    for (let start = -this.raw.length; text.length - start > this.maxLineChars; ) {
      const nl = text.lastIndexOf('\n', start + this.maxLineChars);
      if (nl < 0 || nl < start) return false;
      start = nl + 1;
    }
    this.raw = text.slice(last + 1);
    this.emitted = this.raw.length;
    return true;
  }

  private append(piece: string): void {
    if (piece.length === 0) return;
    const room = this.maxLineChars - this.raw.length;
    if (room >= piece.length) this.raw += piece;
    else {
      if (room > 0) this.raw += piece.slice(0, room);
      this.dropped += piece.length - Math.max(room, 0);
    }
  }

  private overwrite(): void {
    if (this.emitted > 0) this.out += '\n';
    this.reset();
  }

  private endLine(): void {
    this.out += sanitizeLine(this.raw.slice(this.emitted));
    if (this.dropped > 0) this.out += ` … [line cut for screen: ${this.dropped} more characters in the log]`;
    this.out += '\n';
    this.reset();
  }

  private reset(): void {
    this.raw = '';
    this.emitted = 0;
    this.dropped = 0;
    this.pendingCr = false;
  }

  private emitPartial(): void {
    if (this.pendingCr) return;
    let end = this.raw.length;
    const esc = this.raw.lastIndexOf('\x1b');
    if (esc >= this.emitted && !COMPLETE_ESCAPE.test(this.raw.slice(esc))) end = esc;
    if (end <= this.emitted) return;
    this.out += sanitizeLine(this.raw.slice(this.emitted, end));
    this.emitted = end;
  }
}
