// The one way keys reach the TUI's views. Ink hands each read of the terminal to its
// listeners, and a view's listener is attached only after React has drawn it: a key that
// arrives before (the y typed the instant a dialog opens, the Enter right after it) finds
// nobody and is gone. Here the App's single always-on listener queues every key, routes it
// to the view (layer) the state now says it belongs to, and holds it until that view has
// registered; after each key it waits for React to commit what the key did, so the next key
// meets the views that key produced, never the ones before it.
import type { Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

export interface KeyDispatcherOptions {
  /** The layer a key goes to given the state now; undefined drops it (e.g. while quitting). */
  route(input: string, key: Key): string | undefined;
  /** Called after a key was handled: must cause a commit that then calls committed(). */
  afterKey(): void;
  /** Runs a drain later, outside React's commit (setImmediate unless a test says otherwise). */
  later?: (run: () => void) => void;
}

interface Registration {
  handler: KeyHandler;
  /** Takes runs of typed text in one call (a text field), not one character at a time. */
  text: boolean;
}

interface Pending {
  input: string;
  key: Key;
}

/** A read waiting in the queue; `plain`: several plain characters, each a key of its own. */
interface Held extends Pending {
  plain: boolean;
}

/** A key taken from the head of a read, and how many characters of it that was. */
interface Piece extends Pending {
  length: number;
}

/** Upper bound on held keys: a terminal flooding input while nothing listens cannot grow memory. */
const MAX_HELD = 4096;

export class KeyDispatcher {
  private readonly layers = new Map<string, Set<Registration>>();
  private readonly queue: Held[] = [];
  private awaitingCommit = false;
  private drainScheduled = false;
  private readonly later: (run: () => void) => void;

  constructor(private readonly opts: KeyDispatcherOptions) {
    this.later = opts.later ?? ((run) => void setImmediate(run));
  }

  /** A view starts taking keys for `layer`; returns its unregister. Held keys for it are sent then. */
  register(layer: string, handler: KeyHandler, opts: { text?: boolean } = {}): () => void {
    const reg: Registration = { handler, text: opts.text === true };
    let set = this.layers.get(layer);
    if (!set) this.layers.set(layer, (set = new Set()));
    set.add(reg);
    this.scheduleDrain();
    return () => {
      set.delete(reg);
      if (set.size === 0 && this.layers.get(layer) === set) this.layers.delete(layer);
    };
  }

  /** One read from the terminal, as Ink parsed it. */
  dispatch(input: string, key: Key): void {
    if (this.queue.length >= MAX_HELD) return;
    this.queue.push({ input, key, plain: isPlainText(input, key) });
    if (!this.awaitingCommit) this.drain();
  }

  /** React committed (every view's registration is current): the next key may go. */
  committed(): void {
    this.awaitingCommit = false;
    if (this.queue.length > 0) this.scheduleDrain();
  }

  /** Keys waiting for their view, for tests and diagnostics. */
  get held(): number {
    return this.queue.length;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.later(() => {
      this.drainScheduled = false;
      if (!this.awaitingCommit) this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.awaitingCommit) {
      const head = this.queue[0];
      if (!head) return;
      const first = firstKey(head);
      const layer = this.opts.route(first.input, first.key);
      if (layer === undefined) {
        this.consume(head, first.length);
        continue;
      }
      const regs = this.layers.get(layer);
      if (!regs || regs.size === 0) return; // held until that view registers
      const takesText = [...regs].some((r) => r.text);
      const piece = takesText ? firstKey(head, true) : first;
      this.consume(head, piece.length);
      this.awaitingCommit = true;
      try {
        for (const reg of [...regs]) reg.handler(piece.input, piece.key);
      } finally {
        this.opts.afterKey();
      }
    }
  }

  /** Drops the part of the head read that was just handled. */
  private consume(head: Held, used: number): void {
    if (used >= head.input.length) this.queue.shift();
    else head.input = head.input.slice(used);
  }
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Ink hands over a read of several plain characters ("qy", "y\r", "\x03y": keys typed
 * faster than the app reads) as one input with no key flags. Each character is a key.
 */
function isPlainText(input: string, key: Key): boolean {
  if (input.length <= 1 || input.includes('\x1b')) return false;
  return !Object.entries(key).some(([name, on]) => on === true && name !== 'shift');
}

/**
 * The first key of a read: the read itself unless it is several plain characters; then
 * its first character, or with `textRun` its first run of printable characters (a paste
 * into a text field stays one input).
 */
function firstKey({ input, key, plain }: Held, textRun = false): Piece {
  if (!plain) return { input, key, length: input.length };
  const chars = [...input];
  const head = chars[0] ?? '';
  if (textRun && !isControl(head)) {
    const end = chars.findIndex(isControl);
    const run = (end < 0 ? chars : chars.slice(0, end)).join('');
    if (run.length > head.length) return { input: run, key: NO_KEY, length: run.length };
  }
  return { ...keyOfChar(head), length: head.length };
}

function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

/** The key Ink reports for one character read alone. */
export function keyOfChar(ch: string): Pending {
  switch (ch) {
    case '\r':
      return { input: '', key: { ...NO_KEY, return: true } };
    case '\n':
      return { input: '', key: NO_KEY };
    case '\t':
      return { input: '', key: { ...NO_KEY, tab: true } };
    case '\b':
      return { input: '', key: { ...NO_KEY, backspace: true } };
    case '\x7f':
      return { input: '', key: { ...NO_KEY, delete: true } };
    default:
      break;
  }
  const code = ch.codePointAt(0) ?? 0;
  if (code > 0 && code <= 0x1a) return { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } };
  return { input: ch, key: /^[A-Z]$/.test(ch) ? { ...NO_KEY, shift: true } : NO_KEY };
}
