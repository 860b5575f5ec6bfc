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

export class StreamRedactor {
  private pending = '';
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

  /** Adds a chunk; returns what is safe to emit now. */
  push(chunk: string): string {
    this.pending += chunk;
    return this.emit(this.pending.length - this.hold);
  }

  /** The stream went quiet: emit all but what could still become a secret. */
  flush(): string {
    return this.emit(this.pending.length - trailingRun(this.pending));
  }

  /** The stream ended: emit everything. */
  end(): string {
    const out = applySpans(this.pending, this.spans());
    this.pending = '';
    this.continuing = false;
    return out;
  }

  /** Spans within the pending text, found with the context in front of it. */
  private spans(): Span[] {
    const base = this.context.length;
    const found = this.redactor.spans(this.context + this.pending);
    const spans: Span[] = [];
    for (const sp of found) if (sp.end > base) spans.push({ start: Math.max(sp.start, base) - base, end: sp.end - base, what: sp.what });
    if (this.continuing) {
      // The rest of a secret cut by a forced emit: mask its remaining characters too.
      const run = /^[^\s;"'&,<>]*/.exec(this.pending)?.[0].length ?? 0;
      if (run > 0) spans.unshift({ start: 0, end: run, what: 'the rest of a secret' });
    }
    return mergeSpans(spans);
  }

  private emit(wanted: number): string {
    const s = this.pending;
    const base = this.context.length;
    const merged = this.spans();
    if (this.continuing && !/^[^\s;"'&,<>]*$/.test(s)) this.continuing = false;
    let cut = runStart(s, Math.max(0, Math.min(wanted, s.length - this.redactor.knownPrefixAtEnd(s))));
    const whole = this.context + s;
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
      return this.let(cut, mergeSpans(forced));
    }
    if (cut <= 0) return '';
    return this.let(cut, merged.filter((sp) => sp.end <= cut));
  }

  /** Emits the pending text up to `cut` with `spans` masked; it becomes context. */
  private let(cut: number, spans: readonly Span[]): string {
    const s = this.pending;
    const out = applySpans(s.slice(0, cut), spans);
    const seen = this.context + s.slice(Math.max(0, cut - CONTEXT), cut);
    this.context = detach(seen.slice(-CONTEXT));
    this.pending = detach(s.slice(cut));
    return out;
  }
}
