// Keeps a bounded amount of a stream for checks and `capture=`: the first `headLimit`
// chars and the last `tailLimit`, and whether anything in between was dropped.
// The tail is a list of pieces joined only when read: re-slicing one big tail string per
// chunk would copy it (and allocate a large object) every time output arrives.

export class BoundedText {
  private head = '';
  private readonly pieces: string[] = [];
  private first = 0;
  private held = 0;
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
    this.pieces.push(s);
    this.held += s.length;
    // drop whole pieces that lie entirely before the last tailLimit chars
    for (let p = this.pieces[this.first]; p !== undefined && this.held - p.length >= this.tailLimit; p = this.pieces[this.first]) {
      this.held -= p.length;
      this.pieces[this.first++] = '';
      this.dropped = true;
    }
    if (this.first > 64 && this.first * 2 > this.pieces.length) {
      this.pieces.splice(0, this.first);
      this.first = 0;
    }
    if (this.held > this.tailLimit) this.dropped = true;
  }

  get truncated(): boolean {
    return this.dropped;
  }

  text(): string {
    const tail = this.pieces.slice(this.first).join('').slice(-this.tailLimit);
    return this.dropped && tail ? `${this.head}\n…\n${tail}` : this.head + tail;
  }
}
