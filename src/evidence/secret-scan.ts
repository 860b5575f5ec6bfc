// The last line of defence before a pack leaves the machine: outputs and events were
// redacted when they were written (src/steps/redact.ts); this scans every text file of
// the pack again with the same patterns, and export refuses when anything is left.
import { Redactor } from '../steps/redact.js';

export interface SecretHit {
  line: number;
  /** A few leading characters only, so the message itself does not leak the value. */
  preview: string;
}

/** Large files are scanned in windows that overlap by more than any secret is long. */
const WINDOW = 4 * 1024 * 1024;
const OVERLAP = 64 * 1024;

/** Values that are placeholders or already masked, not secrets. */
function harmless(value: string): boolean {
  return (
    value.startsWith('[REDACTED') ||
    /^[<{$%]/.test(value) ||
    /^(.)\1*$/.test(value) ||
    /^(x+|\*+|your[-_a-z]*|changeme|redacted|example|placeholder|none|null|undefined|true|false)$/i.test(value)
  );
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a, from); i !== -1 && i < to; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Finds likely unredacted secrets in a file's bytes (read as latin1: one char per byte). */
export function scanForSecrets(content: Buffer, redactor: Redactor = new Redactor()): SecretHit[] {
  const hits: SecretHit[] = [];
  const seen = new Set<number>();
  let line = 1;
  let counted = 0;
  for (let start = 0; start < content.length || start === 0; start += WINDOW - OVERLAP) {
    const s = content.subarray(start, start + WINDOW).toString('latin1');
    for (const span of redactor.spans(s)) {
      const at = start + span.start;
      if (seen.has(at)) continue;
      seen.add(at);
      const value = s.slice(span.start, span.end);
      if (harmless(value)) continue;
      if (at < counted) {
        line = 1;
        counted = 0;
      }
      line += countNewlines(content, counted, at);
      counted = at;
      hits.push({ line, preview: `${value.slice(0, 4)}…` });
    }
    if (start + WINDOW >= content.length) break;
  }
  return hits;
}
