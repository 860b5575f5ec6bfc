// Text for the terminal outside the TUI: the headless printer, error messages, notices on
// stderr. The same sanitiser as the TUI (no escapes but colour, which is dropped too here;
// bidi controls as visible placeholders) after the same redaction, so neither a command's
// output quoted in a failure line nor a value quoted in an error can write to the
// terminal or show a secret.
import { patternRedactor, type Redactor } from './redact.js';
import { sanitizeLine } from './sanitize.js';

const SGR = /\x1b\[[0-9;:]*m/g;

/** `text` made safe to print: redacted, each line sanitised, no colour. Newlines are kept. */
export function printable(text: string, redactor: Redactor = patternRedactor()): string {
  const redacted = redactor.findsIn(text) ? redactor.redact(text) : text;
  return redacted
    .split('\n')
    .map((line) => sanitizeLine(line).replace(SGR, ''))
    .join('\n');
}
