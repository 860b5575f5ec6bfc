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

const PEM_AT = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/y;

/** Start of the last PEM block when its end has not been seen yet. */
function openPem(s: string): number | undefined {
  const begin = s.lastIndexOf('-----BEGIN ');
  if (begin < 0) return undefined;
  PEM_AT.lastIndex = begin;
  return PEM_AT.test(s) ? undefined : begin;
}
/**
 * What may still become a secret when the stream goes quiet mid-line: a key word whose value
 * has not come yet, the start of a key word, a JWT or a credential URL being written.
 * Deliberately not `Password:`-style prompts: those wait for the operator's input.
 */
const RISKY_TAILS: readonly RegExp[] = [
  /\b(?:Bearer|Basic)\s*[A-Za-z0-9._~+/=-]*$/i,
  /(?:sig|AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|ClientSecret|client_secret|access_token|refresh_token|api[_-]?key)\s*=\s*"?[^\s;"'&,]*$/i,
  /(?:AccountKey|SharedAccessKey|SharedAccessSignature|ClientSecret|client_secret|access_token|refresh_token|api[_-]?key)\s*:?\s*"?[^\s;"'&,]*$/i,
  /\beyJ[A-Za-z0-9_.-]*$/,
  /-{1,5}[A-Z0-9 ]*-{0,5}$/,
  /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|rediss?|amqps?|https?|s?ftp|mssql|sqlserver):(?:\/\/?[^\s/@'"]*)?$/i,
];
const KEYWORDS = ['eyj', 'bearer', 'basic', 'sig=', 'accountkey=', 'sharedaccesskey=', 'postgres', 'mysql', 'mongodb', 'redis', 'amqp', 'https', 'sftp', 'mssql', 'sqlserver'];

/** Length of the end of `s` to keep back on an idle flush. */
function riskyTail(s: string, window: number): number {
  const tail = s.slice(-window);
  let hold = 0;
  for (const re of RISKY_TAILS) {
    const m = re.exec(tail);
    if (m) hold = Math.max(hold, m[0].length);
  }
  const word = /[A-Za-z]+=?$/.exec(tail)?.[0].toLowerCase();
  if (word && KEYWORDS.some((k) => k.startsWith(word) && k !== word)) hold = Math.max(hold, word.length);
  return hold;
}

export interface Span {
  start: number;
  end: number;
  /** Where the text that identifies it begins ("Bearer " before a token): never cut between. */
  from: number;
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
        raw.push({ start: at, end: at + v.length, from: at });
      }
    }
    for (const p of PATTERNS) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(s); m; m = p.re.exec(s)) {
        const idx = m.indices?.[p.group ?? 0];
        if (idx) raw.push({ start: idx[0], end: idx[1], from: m.index });
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
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      last.from = Math.min(last.from, s.from);
    } else out.push({ ...s });
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

/**
 * Redacts a stream of byte-string chunks. A secret split across chunks is still masked:
 * text that could be part of a secret (a match reaching the end, the start of a known
 * value, an open PEM block) is held back until the next chunk decides it.
 */
export class StreamRedactor {
  private pending = '';
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
    const len = this.pending.length;
    return this.emit(Math.max(0, Math.min(len - this.hold, len - riskyTail(this.pending, this.hold + 512))));
  }

  /** The stream went quiet: emit all but what could still become a secret. */
  flush(): string {
    return this.emit(this.pending.length - riskyTail(this.pending, this.hold + 512));
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
    if (this.continuing) {
      // The rest of a secret cut by a forced emit: mask its remaining characters too.
      const run = /^[^\s;"'&,<>]*/.exec(s)?.[0].length ?? 0;
      if (run > 0) spans.unshift({ start: 0, end: run, from: 0 });
      if (run < s.length) this.continuing = false;
    }
    const merged = mergeSpans(spans);
    let cut = Math.min(wanted, s.length - this.redactor.knownPrefixAtEnd(s));
    const open = openPem(s);
    if (open !== undefined) cut = Math.min(cut, open);
    for (let k = merged.length - 1; k >= 0; k--) {
      const sp = merged[k];
      if (!sp) continue;
      if (sp.end >= s.length || (sp.from < cut && sp.end > cut)) cut = Math.min(cut, sp.from);
    }
    if (s.length - cut > this.maxPending) {
      // Too much held: emit up to the hold window, masking an open secret through the cut.
      cut = s.length - this.hold;
      const forced = merged.filter((sp) => sp.start < cut).map((sp) => ({ ...sp, end: Math.min(sp.end, cut) }));
      if (open !== undefined && open < cut) forced.push({ start: open, end: cut, from: open });
      this.continuing = merged.some((sp) => sp.start < cut && sp.end > cut) || (open !== undefined && open < cut);
      this.pending = detach(s.slice(cut));
      return applySpans(s.slice(0, cut), mergeSpans(forced));
    }
    if (cut <= 0) return '';
    this.pending = detach(s.slice(cut));
    return applySpans(s.slice(0, cut), merged.filter((sp) => sp.end <= cut));
  }
}
