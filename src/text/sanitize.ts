// Makes one line of text safe to put on the operator's terminal, in the TUI and in
// headless mode and error messages alike. SGR colour sequences (ESC [ ... m) are kept;
// every other escape (OSC 52 clipboard writes, window titles, cursor movement, screen
// clears, DCS/APC strings, C1 controls) is dropped, so a command cannot rewrite the
// terminal flightdeck draws in. Bidirectional controls (U+202E and its kin), which make
// text read differently from what it is, are shown as visible placeholders: <U+202E>.

const ESC = 0x1b;
const BEL = 0x07;

/** Bidirectional formatting characters (embeddings, overrides, isolates, marks) and the line and paragraph separators. */
export const BIDI_CHARS = '\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069';
const BIDI = new RegExp(`[${BIDI_CHARS}]`);

/** Anything sanitizeLine would change or drop, newline aside: C0 controls but tab, DEL, C1, bidi controls. */
export const UNSAFE = new RegExp(`[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f${BIDI_CHARS}]`);

/** The visible stand-in for a bidi control. */
export function bidiPlaceholder(ch: string): string {
  return `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Strips everything but SGR from `line` (no '\n' in it). A bare CR keeps what follows it. */
export function sanitizeLine(line: string): string {
  // Most lines are plain: returned as they are, not rebuilt a character at a time.
  if (!UNSAFE.test(line)) return line;
  let text = line;
  if (text.endsWith('\r')) text = text.replace(/\r+$/, '');
  const cr = text.lastIndexOf('\r');
  if (cr >= 0) text = text.slice(cr + 1);
  let out = '';
  let colourOn = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === ESC || c === 0x9b || c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) {
      const parsed = parseEscape(text, i);
      if (parsed.sgr) {
        out += parsed.sgr;
        colourOn = !/^\x1b\[0*m$/.test(parsed.sgr);
      }
      i = parsed.end;
      continue;
    }
    const ch = text[i] ?? '';
    if (BIDI.test(ch)) out += bidiPlaceholder(ch);
    else if (c === 0x09 || (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c <= 0x9f))) out += ch;
    i++;
  }
  // A colour left on at the end of a line would bleed into whatever the UI draws next.
  if (colourOn) out += '\x1b[0m';
  return out;
}

interface Parsed {
  end: number;
  sgr?: string;
}

function parseEscape(s: string, start: number): Parsed {
  const c = s.charCodeAt(start);
  if (c === 0x9b) return parseCsi(s, start + 1);
  if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) return { end: skipString(s, start + 1) };
  const next = s.charCodeAt(start + 1);
  if (Number.isNaN(next)) return { end: start + 1 };
  if (next === 0x5b /* [ */) return parseCsi(s, start + 2);
  // OSC ], DCS P, SOS X, PM ^, APC _: strings terminated by BEL or ST.
  if (next === 0x5d || next === 0x50 || next === 0x58 || next === 0x5e || next === 0x5f) {
    return { end: skipString(s, start + 2) };
  }
  // Other escapes: ESC, intermediates 0x20-0x2f, one final byte.
  let i = start + 1;
  while (i < s.length && s.charCodeAt(i) >= 0x20 && s.charCodeAt(i) <= 0x2f) i++;
  return { end: Math.min(i + 1, s.length) };
}

function parseCsi(s: string, from: number): Parsed {
  let i = from;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x3f) i++;
  const paramsEnd = i;
  while (i < s.length && s.charCodeAt(i) >= 0x20 && s.charCodeAt(i) <= 0x2f) i++;
  if (i >= s.length) return { end: s.length };
  const final = s.charCodeAt(i);
  if (final < 0x40 || final > 0x7e) return { end: i };
  const params = s.slice(from, paramsEnd);
  if (final === 0x6d /* m */ && paramsEnd === i && /^[0-9;:]*$/.test(params)) {
    return { end: i + 1, sgr: `\x1b[${params}m` };
  }
  return { end: i + 1 };
}

/** Skips to just after BEL, ESC \ or the 8-bit ST; an unterminated string runs to the end. */
function skipString(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BEL || c === 0x9c) return i + 1;
    if (c === ESC && s.charCodeAt(i + 1) === 0x5c) return i + 2;
  }
  return s.length;
}
