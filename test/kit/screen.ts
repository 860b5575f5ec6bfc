// What the screen would hold of a command's output, for tests of the shell runner: its
// `onText` fed to the RingBuffer (the last lines, sanitised, the unfinished one last).
import { RingBuffer } from '../../src/steps/ring-buffer.js';

export interface Screen {
  onText: (text: string) => void;
  lines(): string[];
  readonly totalLines: number;
}

export function screenFeed(capacity?: number): Screen {
  const ring = new RingBuffer(capacity === undefined ? {} : { capacity });
  return {
    onText: (text) => ring.push(text),
    lines: () => ring.lines(),
    get totalLines() {
      return ring.totalLines;
    },
  };
}
