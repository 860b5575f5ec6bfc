// Keeps a bounded amount of a stream for checks and `capture=`: the first `headLimit`
// chars and the last `tailLimit`, and whether anything in between was dropped.
// The head keeps the pieces as they came (it fills once). The tail is copied into a fixed
// ring (UTF-16, two bytes a char), not held as the pieces themselves: a piece is often a
// slice of a larger chunk string, and holding it kept that chunk alive long enough to be
// promoted to V8's old generation, which then grew with the output.

export class BoundedText {
  private head = '';
  private ring: Buffer | undefined;
  /** Chars written to the ring so far (its end is at `written % tailLimit`). */
  private written = 0;
  private dropped = false;

  constructor(
    private readonly headLimit: number,
    private readonly tailLimit = 0,
  ) {}

  push(s: string): void {
    const room = this.headLimit - this.head.length;
    if (room > 0) {
      this.head += s.slice(0, room);
      s = s.slice(room);
    }
    if (s.length === 0) return;
    if (this.tailLimit === 0) {
      this.dropped = true;
      return;
    }
    this.ring ??= Buffer.allocUnsafe(this.tailLimit * 2);
    if (s.length > this.tailLimit) {
      this.written += s.length - this.tailLimit;
      s = s.slice(-this.tailLimit);
    }
    const at = this.written % this.tailLimit;
    const first = Math.min(s.length, this.tailLimit - at);
    this.ring.write(first === s.length ? s : s.slice(0, first), at * 2, 'utf16le');
    if (first < s.length) this.ring.write(s.slice(first), 0, 'utf16le');
    this.written += s.length;
    if (this.written > this.tailLimit) this.dropped = true;
  }

  get truncated(): boolean {
    return this.dropped;
  }

  text(): string {
    const tail = this.tail();
    return this.dropped && tail ? `${this.head}\n…\n${tail}` : this.head + tail;
  }

  private tail(): string {
    if (!this.ring || this.written === 0) return '';
    if (this.written <= this.tailLimit) return this.ring.toString('utf16le', 0, this.written * 2);
    const at = (this.written % this.tailLimit) * 2;
    return this.ring.toString('utf16le', at) + this.ring.toString('utf16le', 0, at);
  }
}
