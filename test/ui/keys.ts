// Key presses for ink-testing-library, and a wait that lets Ink and React settle.
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

export const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Writable {
  write(data: string): void;
}

/** Writes each key separately, letting the UI re-render in between (as a person typing would). */
export async function press(stdin: Writable, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await settle();
  }
}

/** Types text one character at a time. */
export async function type(stdin: Writable, text: string): Promise<void> {
  for (const ch of text) {
    stdin.write(ch);
    await settle(5);
  }
  await settle();
}
