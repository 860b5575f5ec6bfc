// The prompt channel: the engine asks one question at a time as a promise; whoever drives it
// (the TUI, the headless runner, a test) sees it in the snapshot and resolves it. Closing
// the session rejects the pending question with PromptCancelled, which unwinds the walk.
import type { PendingPrompt, Prompt, PromptAnswers, PromptKind } from './types.js';

/** Thrown into a pending prompt when the session is suspended or ended under it. */
export class PromptCancelled extends Error {
  override readonly name = 'PromptCancelled';
}

export class PromptChannel {
  private pending: PendingPrompt | undefined;
  private rejectPending: ((err: Error) => void) | undefined;
  private seq = 0;

  /** `closed`: the session's signal; once aborted no question is raised (nobody would answer it). */
  constructor(
    private readonly closed: AbortSignal,
    private readonly changed: () => void,
  ) {}

  get current(): PendingPrompt | undefined {
    return this.pending;
  }

  ask<K extends PromptKind>(prompt: Extract<Prompt, { kind: K }>): Promise<PromptAnswers[K]> {
    if (this.closed.aborted) return Promise.reject(new PromptCancelled('session closed'));
    return new Promise<PromptAnswers[K]>((resolve, reject) => {
      const id = ++this.seq;
      const pending: PendingPrompt<K> = {
        id,
        prompt,
        resolve: (answer) => {
          if (this.pending?.id !== id) return; // answered twice, or cancelled
          this.pending = undefined;
          this.rejectPending = undefined;
          this.changed();
          resolve(answer);
        },
      };
      this.pending = widen(pending);
      this.rejectPending = reject;
      this.changed();
    });
  }

  cancel(): void {
    const reject = this.rejectPending;
    this.pending = undefined;
    this.rejectPending = undefined;
    if (reject) {
      reject(new PromptCancelled('session suspended'));
      this.changed();
    }
  }
}

/**
 * A prompt of one kind held as the prompt of any kind: its resolve takes that kind's answer,
 * and the snapshot's reader matches the answer to `prompt.kind` (the function parameter is
 * contravariant, so the compiler cannot see this by itself).
 */
function widen<K extends PromptKind>(pending: PendingPrompt<K>): PendingPrompt {
  return pending as unknown as PendingPrompt;
}
