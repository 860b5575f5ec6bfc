// How command output splits into lines for the screen (the ring buffer behind the engine's
// live view is the one place output is split): '\n' ends a line, a bare '\r' starts it
// over once more text follows (a progress bar), and '\r\n' is a plain line end.

export interface LineSink {
  /** Text of the current line (never holding '\n' or '\r'). */
  append(piece: string): void;
  /** The line ended ('\n'). */
  endLine(): void;
  /** Text came after a bare '\r': the line starts over. */
  restart(): void;
}

/**
 * Feeds `text` to `sink`. `pendingCr`: the text before ended on a '\r' not yet decided;
 * returns the same for the end of this text.
 */
export function scanLines(text: string, pendingCr: boolean, sink: LineSink): boolean {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) {
      if (pendingCr) {
        sink.restart();
        pendingCr = false;
      }
      continue;
    }
    if (i > start) sink.append(text.slice(start, i));
    start = i + 1;
    pendingCr = c === 0x0d;
    if (!pendingCr) sink.endLine();
  }
  if (start < text.length) sink.append(text.slice(start));
  return pendingCr;
}
