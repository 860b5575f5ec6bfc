// What the terminal shows, as opposed to what React rendered last: Ink writes at most
// maxFps frames a second, so a render can wait up to a frame before it is on screen. Enter
// approves what the operator saw: a key typed while the screen showed a running step must
// not act on the state that replaced it (start the next step, end the session).
export interface FrameFacts {
  /** The selected step. */
  stepId: string | undefined;
  /** Every step has an outcome (Enter then ends the session). */
  allDone: boolean;
}

export interface DrawnFrameOptions {
  /** Nothing reports frame writes (ink-testing-library): a render counts as drawn. */
  drawnOnRender?: boolean;
  /**
   * How long "all done" must have been on screen before Enter ends the session. Ending is
   * final, and an Enter meant for the last step's prompt can arrive a moment after the
   * screen changed to "all done", faster than anyone reads it.
   */
  finishSettleMs?: number;
  now?: () => number;
}

export class DrawnFrame {
  private rendered: FrameFacts | undefined;
  private shown: FrameFacts | undefined;
  private allDoneSince: number | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: DrawnFrameOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** During a render: what it will show. */
  render(facts: FrameFacts): void {
    this.rendered = facts;
    if (this.opts.drawnOnRender) this.drawn();
  }

  /** Ink's onRender: the last render is being written to the terminal now. */
  readonly drawn = (): void => {
    const next = this.rendered;
    if (next?.allDone && !this.shown?.allDone) this.allDoneSince = this.now();
    this.shown = next;
  };

  /** What the terminal shows; undefined before the first frame. */
  get onScreen(): FrameFacts | undefined {
    return this.shown;
  }

  /** "All done" has been on screen long enough for Enter to end the session. */
  finishable(): boolean {
    return this.finishableIn() === 0;
  }

  /** Milliseconds until finishable() (0: it is); undefined while "all done" is not on screen. */
  finishableIn(): number | undefined {
    if (!this.shown?.allDone || this.allDoneSince === undefined) return undefined;
    return Math.max(0, this.allDoneSince + (this.opts.finishSettleMs ?? 0) - this.now());
  }
}
