// Where text still holds something shaped like a secret: the pack scan before export and
// lint of a runbook use this, with the same rules redaction uses. A hit says where and
// what kind, never any character of the value, so the message about it leaks nothing.
import { isPlaceholder } from './placeholders.js';
import { Redactor } from './redact.js';

export interface SecretHit {
  line: number;
  /** 1-based, in bytes. */
  column: number;
  /** What it looks like ("a GitHub token"). */
  what: string;
}

/** Large files are scanned in windows that overlap by more than any secret is long. */
const WINDOW = 4 * 1024 * 1024;
const OVERLAP = 64 * 1024;

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a, from); i !== -1 && i < to; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Likely unredacted secrets in a file's bytes (read as latin1: one char per byte). */
export function findSecrets(content: Buffer | string, redactor: Redactor = new Redactor()): SecretHit[] {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const hits: SecretHit[] = [];
  const seen = new Set<number>();
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  for (let start = 0; start < bytes.length || start === 0; start += WINDOW - OVERLAP) {
    const s = bytes.subarray(start, start + WINDOW).toString('latin1');
    for (const span of redactor.spans(s)) {
      const at = start + span.start;
      if (seen.has(at)) continue;
      seen.add(at);
      // masked already (a marker, the bullets of a secret parameter) or a stand-in
      if (isPlaceholder(s.slice(span.start, span.end))) continue;
      if (at < counted) {
        line = 1;
        lineStart = 0;
        counted = 0;
      }
      line += countNewlines(bytes, counted, at);
      const nl = bytes.lastIndexOf(0x0a, at - 1);
      if (nl >= lineStart) lineStart = nl + 1;
      counted = at;
      hits.push({ line, column: at - lineStart + 1, what: span.what });
    }
    if (start + WINDOW >= bytes.length) break;
  }
  return hits;
}
