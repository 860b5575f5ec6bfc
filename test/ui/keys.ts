// Key presses for ink-testing-library, and waits on what the screen shows. Tests wait for
// a rendered condition (polled, with a generous timeout), not for a fixed time: under load a
// render can take a while.
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  space: ' ',
  ctrlC: '\x03',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
} as const;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Lets React finish what a key started: its render, then its effects (the next key's handlers). */
export async function idle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
  await sleep(1);
}

/** Short pause after something that renders nothing a test can wait on. Prefer `until`. */
export const settle = async (ms = 50): Promise<void> => {
  await sleep(ms);
  await idle();
};

export const WAIT_MS = 15_000;

/**
 * Polls `check` until it passes: an assertion that stops throwing, or a predicate that
 * returns true. After `timeout` the last failure is thrown (with `describe()` appended).
 */
export async function until(check: () => unknown, describe?: () => string, timeout = WAIT_MS): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    let failure: unknown;
    try {
      if (check() !== false) {
        // what is now on screen gets its key handlers in effects that run just after
        await settle(KEY_GAP_MS);
        return;
      }
      failure = new Error('condition still false');
    } catch (err) {
      failure = err;
    }
    if (Date.now() > end) {
      if (describe && failure instanceof Error) failure.message += `\n--- screen ---\n${describe()}`;
      throw failure;
    }
    await sleep(10);
  }
}

interface Screen {
  frame(): string;
}

/** Waits until the screen shows `what` (text or pattern), or fails showing the screen. */
export function untilShown(r: Screen, what: string | RegExp): Promise<void> {
  return until(
    () => (typeof what === 'string' ? r.frame().includes(what) : what.test(r.frame())),
    () => `waiting for ${String(what)}\n${r.frame()}`,
  );
}

/** Waits until the screen no longer shows `what`. */
export function untilGone(r: Screen, what: string | RegExp): Promise<void> {
  return until(
    () => !(typeof what === 'string' ? r.frame().includes(what) : what.test(r.frame())),
    () => `waiting for ${String(what)} to go\n${r.frame()}`,
  );
}

interface Writable {
  write(data: string): void;
}

/**
 * A key's own render is synchronous, but Ink attaches the handlers of what it rendered in
 * effects that run a little later (tens of ms on a busy machine). The next key waits this
 * long; a test that needs more (a new prompt, an overlay) waits for it with `untilShown`.
 */
export const KEY_GAP_MS = 100;

/** Writes each key separately, waiting between them as a person typing would. */
export async function press(stdin: Writable, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await settle(KEY_GAP_MS);
  }
}

/** Types text one character at a time (a text field keeps its text in a ref, so no long gaps are needed). */
export async function type(stdin: Writable, text: string): Promise<void> {
  for (const ch of text) {
    stdin.write(ch);
    await idle();
  }
  await settle(KEY_GAP_MS);
}
