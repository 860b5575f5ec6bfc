// What the screen shows while a command runs or a gate samples. Output goes through one line
// splitter (the RingBuffer over src/steps/line-scan.ts: a progress bar's '\r' overwrites its
// line as in a terminal) and is throttled once, by whoever
// draws it (src/ui/engine-store.ts coalesces changes to a frame): each chunk only feeds the
// buffer and says "changed"; the last lines are cut out of the buffer when a snapshot reads
// them, so a command printing millions of lines costs one split per line and one copy a frame.
import { RingBuffer } from '../steps/ring-buffer.js';
import type { LiveMetric, LiveOutput, LiveWait } from './types.js';

/** Lines the live view holds. */
const LIVE_LINES = 500;

/** One running command's output window. */
export interface LiveWindow {
  push: (chunk: string) => void;
  /** The lines in view now (for the operator's prompt after the command). */
  text(): string;
}

export class LiveView {
  private outputNow: LiveOutput | undefined;
  private metricNow: LiveMetric | undefined;
  private waitNow: LiveWait | undefined;

  constructor(private readonly changed: () => void) {}

  get output(): LiveOutput | undefined {
    return this.outputNow;
  }

  get metric(): LiveMetric | undefined {
    return this.metricNow;
  }

  get wait(): LiveWait | undefined {
    return this.waitNow;
  }

  /** Opens the window of a command starting now; `close()` takes it off the screen. */
  open(stepId: string, commandId: string): LiveWindow & { close(): void } {
    // Executors hand over decoded, redacted text: each line is sanitised (colour kept) and cut here.
    const ring = new RingBuffer({ capacity: LIVE_LINES });
    const startedAt = Date.now();
    let totalBytes = 0;
    const publish = (): void => {
      let lines: string[] | undefined;
      const live: LiveOutput = {
        stepId,
        commandId,
        // the copy is made once per snapshot that reads it, not per chunk
        get lines(): string[] {
          lines ??= ring.lines();
          return lines;
        },
        totalLines: ring.completedLines,
        totalBytes,
        startedAt,
      };
      this.outputNow = live;
      this.changed();
    };
    publish();
    return {
      push: (chunk) => {
        totalBytes += Buffer.byteLength(chunk);
        ring.push(chunk);
        publish();
      },
      text: () => ring.lines().join('\n'),
      close: () => {
        this.outputNow = undefined;
        this.changed();
      },
    };
  }

  setWait(wait: LiveWait | undefined): void {
    this.waitNow = wait;
    this.changed();
  }

  setMetric(metric: LiveMetric | undefined): void {
    this.metricNow = metric;
    this.changed();
  }
}
