// Line access by number without splitting the source: one table of line starts, and
// slices of the source (which share its memory) instead of copied and joined lines.

export class LineIndex {
  /** starts[i] is the offset of line i + 1; one extra entry past the end. */
  private readonly starts: Int32Array;
  readonly count: number;

  constructor(private readonly source: string) {
    let n = 1;
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n + 1);
    let k = 1;
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts[k++] = i + 1;
    starts[n] = source.length + 1;
    this.starts = starts;
    this.count = n;
  }

  /** Line `line` (1-based) without its newline; '' outside the source. */
  line(line: number): string {
    return this.lines(line, line);
  }

  /** Lines `from` to `to` (1-based, inclusive) joined by newlines, as one slice of the source. */
  lines(from: number, to: number): string {
    const a = Math.max(1, from);
    const b = Math.min(this.count, to);
    if (a > b) return '';
    return this.source.slice(this.starts[a - 1] ?? 0, (this.starts[b] ?? 0) - 1);
  }
}
