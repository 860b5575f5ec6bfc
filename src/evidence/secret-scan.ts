// The last line of defence before a pack leaves the machine: outputs and events were
// redacted when they were written (src/steps/redact.ts); this scans every text file of
// the pack again with the same patterns, and export refuses when anything is left.
import { Redactor } from '../steps/redact.js';

export interface SecretHit {
  line: number;
  /** A few leading characters only, so the message itself does not leak the value. */
  preview: string;
}

/** Values that are placeholders or already masked, not secrets. */
function harmless(value: string): boolean {
  return (
    value.startsWith('[REDACTED') ||
    /^[<{$%]/.test(value) ||
    /^(.)\1*$/.test(value) ||
    /^(x+|\*+|your[-_a-z]*|changeme|redacted|example|placeholder|none|null|undefined|true|false)$/i.test(value)
  );
}

/** Finds likely unredacted secrets in a file's bytes (read as latin1: one char per byte). */
export function scanForSecrets(content: Buffer, redactor: Redactor = new Redactor()): SecretHit[] {
  const s = content.toString('latin1');
  const hits: SecretHit[] = [];
  for (const span of redactor.spans(s)) {
    const value = s.slice(span.start, span.end);
    if (harmless(value)) continue;
    let line = 1;
    for (let i = s.indexOf('\n'); i !== -1 && i < span.start; i = s.indexOf('\n', i + 1)) line++;
    hits.push({ line, preview: `${value.slice(0, 4)}…` });
  }
  return hits;
}
