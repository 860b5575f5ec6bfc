// Redaction of a stream of byte-string chunks (a command's output). A secret split across
// chunks is still masked: what could be part of a secret is held back until the next chunk
// decides it (a match reaching the end, a run of token characters, the start of a known
// value, an open key block or quoted value). What was already let through is kept as
// context, so a value whose name went out in an earlier chunk (`token:` then a pause, then
// the token) is still recognised by that name.
import { applySpans, mergeSpans, type Redactor, type Span } from './redact.js';
import { openQuotedValue, TOKEN_CHAR } from './secret-rules.js';

/** Chars of already emitted text kept to recognise the name or prefix of what follows. */
const CONTEXT = 512;
/** A run of token characters longer than this is a blob, not a secret: it is not held whole. */
const LONGEST_RUN = 2048;

const PEM_AT = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/y;

/** Start of the last key block when its end has not been seen yet. */
function openPem(s: string): number | undefined {
  const begin = s.lastIndexOf('-----BEGIN ');
  if (begin < 0) return undefined;
  PEM_AT.lastIndex = begin;
  return PEM_AT.test(s) ? undefined : begin;
}

const isToken = (c: string | undefined): boolean => c !== undefined && TOKEN_CHAR.test(c);

/** `cut` moved back to the start of the run of token characters it falls in (a run may be half a key). */
function runStart(s: string, cut: number): number {
  if (cut <= 0 || cut >= s.length || !isToken(s[cut - 1]) || !isToken(s[cut])) return cut;
  let k = cut;
  while (k > 0 && cut - k < LONGEST_RUN && isToken(s[k - 1])) k--;
  return cut - k < LONGEST_RUN ? k : cut;
}

/**
 * Length of the run of token characters ending `s`; not a short one ending with '.': the
 * end of a sentence or a prompt ("continue..."), which would otherwise wait for more output.
 */
function trailingRun(s: string): number {
  let k = s.length;
  while (k > 0 && s.length - k < LONGEST_RUN && isToken(s[k - 1])) k--;
  const run = s.slice(k);
  return run.endsWith('.') && run.length < 12 && !run.includes('eyJ') ? 0 : run.length;
}

/**
 * A copy of a held-back byte string that does not share the chunk it was cut from: a
 * slice keeps its whole parent alive (64 KiB for a 4 KiB hold), long enough for V8 to
 * move the parent to the old generation, which then grew with the output.
 */
function detach(bytes: string): string {
  return bytes.length < 64 ? bytes : Buffer.from(bytes, 'latin1').toString('latin1');
}

export interface StreamRedactorOptions {
  /** Chars always held back while more may come (default 4096). */
  hold?: number;
  /** Past this much held text, emit anyway (default 1 MiB). */
  maxPending?: number;
}

/** The context and the pending text as one string (`whole`), and the pending text alone (`s`, from `base`). */
interface Joined {
  whole: string;
  s: string;
  base: number;
}

/** Room of the Buffer chunks are joined in: a pipe's largest read and the held text. */
const STAGING_BYTES = 80 << 10;

export class StreamRedactor {
  private pending = '';
  private staging: Buffer | undefined;
  private context = '';
  private continuing = false;
  private readonly hold: number;
  private readonly maxPending: number;

  constructor(
    private readonly redactor: Redactor,
    opts: StreamRedactorOptions = {},
  ) {
    this.hold = Math.max(opts.hold ?? 4096, redactor.longestKnown);
    this.maxPending = Math.max(opts.maxPending ?? 1 << 20, this.hold * 2);
  }

  get held(): number {
    return this.pending.length;
  }

  /**
   * Adds a chunk; returns what is safe to emit now. A chunk read from a pipe is best given as
   * its Buffer: the held text and the chunk are then joined as bytes and made into one
   * string, the only copy of the chunk on V8's heap (as a string it is one copy, and joining
   * it to the held text a second).
   */
  push(chunk: string | Buffer): string {
    if (typeof chunk === 'string') {
      this.pending += chunk;
      return this.emit(this.joined(), this.pending.length - this.hold);
    }
    const joined = this.joinedWith(chunk);
    this.pending = joined.s;
    return this.emit(joined, joined.s.length - this.hold);
  }

  /** The stream went quiet: emit all but what could still become a secret. */
  flush(): string {
    return this.emit(this.joined(), this.pending.length - trailingRun(this.pending));
  }

  /** The stream ended: emit everything. */
  end(): string {
    const { whole, s, base } = this.joined();
    const out = applySpans(s, this.spans(whole, s, base));
    this.pending = '';
    this.continuing = false;
    return out;
  }

  /**
   * The context and the pending text as one string, copied flat once per chunk (by the
   * first read: the slice), and the pending text as a slice of it, which copies nothing.
   * Every search below reads one of the two. (Reading `context + pending` and `pending`
   * apart made a flat copy of the chunk for each, and `whole` a third.)
   */
  private joined(): Joined {
    const base = this.context.length;
    const whole = this.context + this.pending;
    return { whole, s: whole.slice(base), base };
  }

  /** The same with `chunk` after the pending text, joined in a reused Buffer. */
  private joinedWith(chunk: Buffer): Joined {
    const held = this.context + this.pending;
    const size = held.length + chunk.length;
    if (!this.staging || this.staging.length < size) this.staging = Buffer.allocUnsafe(Math.max(size, STAGING_BYTES));
    this.staging.write(held, 0, 'latin1');
    chunk.copy(this.staging, held.length);
    const whole = this.staging.toString('latin1', 0, size);
    const base = this.context.length;
    return { whole, s: whole.slice(base), base };
  }

  /** Spans within the pending text `s`, found in `whole` (`base` chars of context, then `s`). */
  private spans(whole: string, s: string, base: number): Span[] {
    const found = this.redactor.spans(whole);
    const spans: Span[] = [];
    for (const sp of found) if (sp.end > base) spans.push({ start: Math.max(sp.start, base) - base, end: sp.end - base, what: sp.what });
    if (this.continuing) {
      // The rest of a secret cut by a forced emit: mask its remaining characters too.
      const run = /^[^\s;"'&,<>]*/.exec(s)?.[0].length ?? 0;
      if (run > 0) spans.unshift({ start: 0, end: run, what: 'the rest of a secret' });
    }
    return mergeSpans(spans);
  }

  private emit({ whole, s, base }: Joined, wanted: number): string {
    const merged = this.spans(whole, s, base);
    if (this.continuing && !/^[^\s;"'&,<>]*$/.test(s)) this.continuing = false;
    let cut = runStart(s, Math.max(0, Math.min(wanted, s.length - this.redactor.knownPrefixAtEnd(s))));
    const open = openPem(whole);
    if (open !== undefined) cut = Math.min(cut, Math.max(0, open - base));
    const quoted = openQuotedValue(whole);
    if (quoted !== undefined) cut = Math.min(cut, Math.max(0, quoted - base));
    for (let k = merged.length - 1; k >= 0; k--) {
      const sp = merged[k];
      if (sp && (sp.end >= s.length || (sp.start < cut && sp.end > cut))) cut = Math.min(cut, sp.start);
    }
    if (s.length - cut > this.maxPending) {
      // Too much held: emit up to the hold window, masking an open secret through the cut.
      cut = s.length - this.hold;
      const forced = merged.filter((sp) => sp.start < cut).map((sp) => ({ ...sp, end: Math.min(sp.end, cut) }));
      const pem = open === undefined ? undefined : Math.max(0, open - base);
      if (pem !== undefined && pem < cut) forced.push({ start: pem, end: cut, what: 'a private key block' });
      this.continuing = merged.some((sp) => sp.start < cut && sp.end > cut) || (pem !== undefined && pem < cut);
      return this.let(s, cut, mergeSpans(forced));
    }
    if (cut <= 0) return '';
    return this.let(s, cut, merged.filter((sp) => sp.end <= cut));
  }

  /** Emits the pending text `s` up to `cut` with `spans` masked; it becomes context. */
  private let(s: string, cut: number, spans: readonly Span[]): string {
    const out = applySpans(s.slice(0, cut), spans);
    const seen = this.context + s.slice(Math.max(0, cut - CONTEXT), cut);
    this.context = detach(seen.slice(-CONTEXT));
    this.pending = detach(s.slice(cut));
    return out;
  }
}
