// Keeps a bounded amount of a stream for checks and `capture=`: the first `headLimit`
// chars and the last `tailLimit`, and whether anything in between was dropped.

export class BoundedText {
  private head = '';
  private tail = '';
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
    const joined = this.tail + s;
    if (joined.length > this.tailLimit) this.dropped = true;
    this.tail = joined.slice(-this.tailLimit);
  }

  get truncated(): boolean {
    return this.dropped;
  }

  text(): string {
    return this.dropped && this.tail ? `${this.head}\n…\n${this.tail}` : this.head + this.tail;
  }
}
