// Secret redaction for screen, spools and audit events. Known secret values and common
// secret shapes are replaced by a marker carrying a short sha256 of the exact bytes
// hidden, so an auditor holding a value can check whether it is the one masked.
//
// Work is done on "byte strings" (latin1: one char per byte) so binary output passes
// through byte-exact, and hashes are of the original bytes whatever their encoding.
import { createHash } from 'node:crypto';

/** Values shorter than this are not masked as known values: they would mask ordinary text. */
export const MIN_SECRET_LENGTH = 4;

interface Pattern {
  name: string;
  re: RegExp;
  /** Capture group holding the secret; the whole match when absent. */
  group?: number;
}

// All patterns carry the d flag so group offsets are known.
const PATTERNS: readonly Pattern[] = [
  { name: 'pem', re: /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/dg },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/dg },
  { name: 'bearer', group: 1, re: /\b(?:Bearer|Basic)\s+([A-Za-z0-9._~+/-]{8,}=*)/dgi },
  { name: 'sas', group: 1, re: /(?:^|[?&;\s"'])sig=([A-Za-z0-9%+/=_-]{8,})/dg },
  {
    name: 'key',
    group: 1,
    re: /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|ClientSecret|client_secret|access_token|refresh_token|api[_-]?key|x-functions-key)\s*[=:]\s*"?([^\s;"'&,]{4,})/dgi,
  },
  {
    name: 'json-secret',
    group: 1,
    re: /"(?:password|secret|clientSecret|client_secret|accessToken|access_token|refreshToken|primaryKey|secondaryKey|connectionString|primaryConnectionString|secondaryConnectionString)"\s*:\s*"((?:[^"\\]|\\.){4,})"/dg,
  },
  { name: 'url-credential', group: 1, re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s@/'"]+)@/dgi },
];

/** Start of a PEM block whose end has not been seen yet. */
const OPEN_PEM = /-----BEGIN [A-Z0-9 ]+-----(?![\s\S]*-----END )/;
/** A key word at the very end, whose value may come in the next chunk. */
const KEYWORD_TAIL =
  /(?:\b(?:Bearer|Basic)\s*|(?:sig|AccountKey|SharedAccessKey|Password|Pwd|ClientSecret|client_secret|access_token|refresh_token|api[_-]?key)\s*[=:]?\s*"?|"[A-Za-z]*"\s*:?\s*"?)$/i;

export interface Span {
  start: number;
  end: number;
}

export function shortHash(bytes: string): string {
  return createHash('sha256').update(Buffer.from(bytes, 'latin1')).digest('hex').slice(0, 12);
}

export function marker(bytes: string): string {
  return `[REDACTED sha256:${shortHash(bytes)}]`;
}

/** Finds secrets in byte strings. Build one per session with the secret parameter values. */
export class Redactor {
  private readonly known: string[];

  constructor(secretValues: Iterable<string> = []) {
    const set = new Set<string>();
    for (const v of secretValues) {
      if (v.length >= MIN_SECRET_LENGTH) set.add(Buffer.from(v, 'utf8').toString('latin1'));
    }
    // Longest first so a value containing another is masked whole.
    this.known = [...set].sort((a, b) => b.length - a.length);
  }

  get longestKnown(): number {
    return this.known[0]?.length ?? 0;
  }

  /** Sorted, merged spans to mask in `s`. */
  spans(s: string): Span[] {
    const raw: Span[] = [];
    for (const v of this.known) {
      for (let at = s.indexOf(v); at >= 0; at = s.indexOf(v, at + v.length)) {
        raw.push({ start: at, end: at + v.length });
      }
    }
    for (const p of PATTERNS) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(s); m; m = p.re.exec(s)) {
        const idx = m.indices?.[p.group ?? 0];
        if (idx) raw.push({ start: idx[0], end: idx[1] });
        if (m[0].length === 0) p.re.lastIndex++;
      }
    }
    return mergeSpans(raw);
  }

  /** Masks every secret in a byte string. */
  redactBytes(s: string): string {
    return applySpans(s, this.spans(s));
  }

  /** Masks every secret in ordinary (UTF-8) text: for audit events, prompts, check results. */
  redact(text: string): string {
    return Buffer.from(this.redactBytes(Buffer.from(text, 'utf8').toString('latin1')), 'latin1').toString('utf8');
  }

  /** How many trailing chars of `s` could be the start of a known value. */
  knownPrefixAtEnd(s: string): number {
    let best = 0;
    for (const v of this.known) {
      for (let k = Math.min(v.length - 1, s.length); k > best; k--) {
        if (s.endsWith(v.slice(0, k))) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}

/** Redacts one string with the patterns and the given known values. */
export function redactText(text: string, secretValues: Iterable<string> = []): string {
  return new Redactor(secretValues).redact(text);
}

export function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

export function applySpans(s: string, spans: readonly Span[]): string {
  if (spans.length === 0) return s;
  let out = '';
  let at = 0;
  for (const sp of spans) {
    out += s.slice(at, sp.start) + marker(s.slice(sp.start, sp.end));
    at = sp.end;
  }
  return out + s.slice(at);
}

export interface StreamRedactorOptions {
  /** Chars always held back while more may come (default 4096). */
  hold?: number;
  /** Past this much held text, emit anyway (default 1 MiB). */
  maxPending?: number;
}

/**
 * Redacts a stream of byte-string chunks. A secret split across chunks is still masked:
 * text that could be part of a secret (a match reaching the end, the start of a known
 * value, an open PEM block) is held back until the next chunk decides it.
 */
export class StreamRedactor {
  private pending = '';
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
    return this.emit(Math.max(0, this.pending.length - this.hold));
  }

  /** The stream went quiet: emit all but what could still become a secret. */
  flush(): string {
    const tail = KEYWORD_TAIL.exec(this.pending.slice(-256));
    const cut = tail ? this.pending.length - tail[0].length : this.pending.length;
    return this.emit(cut);
  }

  /** The stream ended: emit everything. */
  end(): string {
    const out = this.redactor.redactBytes(this.pending);
    this.pending = '';
    return out;
  }

  private emit(wanted: number): string {
    const s = this.pending;
    const spans = this.redactor.spans(s);
    let cut = Math.min(wanted, s.length - this.redactor.knownPrefixAtEnd(s));
    const open = OPEN_PEM.exec(s);
    if (open) cut = Math.min(cut, open.index);
    for (let k = spans.length - 1; k >= 0; k--) {
      const sp = spans[k];
      if (!sp) continue;
      if (sp.end >= s.length || (sp.start < cut && sp.end > cut)) cut = Math.min(cut, sp.start);
    }
    if (s.length - cut > this.maxPending) {
      // Too much held: emit up to the hold window, masking an open secret through the cut.
      cut = s.length - this.hold;
      const piece = s.slice(0, cut);
      const forced = mergeSpans([...spans.filter((sp) => sp.start < cut).map((sp) => ({ start: sp.start, end: Math.min(sp.end, cut) })), ...(open && open.index < cut ? [{ start: open.index, end: cut }] : [])]);
      this.pending = s.slice(cut);
      return applySpans(piece, forced);
    }
    if (cut <= 0) return '';
    const piece = s.slice(0, cut);
    this.pending = s.slice(cut);
    return applySpans(piece, spans.filter((sp) => sp.end <= cut));
  }
}
