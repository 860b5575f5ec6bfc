// Everything the TUI draws or accepts passes through here, so that no text (a runbook line,
// a parameter value, a pasted answer, a command's output) can carry a control character
// that moves the terminal's cursor and corrupts the screen. Only SGR colour in command
// output survives; bidi controls show as <U+202E>-style placeholders (src/text/sanitize.ts).
import { BIDI_CHARS, sanitizeLine } from '../../text/sanitize.js';

const SGR = /\x1b\[[0-9;:]*m/g;
const TAB_STOP = 4;

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(TAB_STOP - (out.replace(SGR, '').length % TAB_STOP));
    else out += ch;
  }
  return out;
}

/** One line of command output for the screen: SGR colour kept, every other control dropped, tabs expanded. */
export function terminalLine(line: string): string {
  return expandTabs(sanitizeLine(line.replace(/\n/g, ' ')));
}

/** Text from a runbook or the operator, for the screen: newlines kept, a stray CR dropped, no escapes or controls at all. */
/** A control character other than a newline, or a bidi control: text without one is drawn as it is. */
const CONTROL = new RegExp(`[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f${BIDI_CHARS}]`);

export function plainText(text: string): string {
  // newlines alone need nothing done (most runbook text): skip the line-by-line pass
  if (!CONTROL.test(text)) return text;
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => expandTabs(sanitizeLine(l).replace(SGR, '')))
    .join('\n');
}

/** What a keypress or a paste adds to a one-line field: the text, and whether it held Enter. */
export interface TypedChunk {
  text: string;
  /** A CR or LF was in the chunk: the field is submitted with the text before it; the rest is dropped. */
  submit: boolean;
}

export function typedChunk(input: string): TypedChunk {
  const eol = input.search(/[\r\n]/);
  const line = eol === -1 ? input : input.slice(0, eol);
  const text = sanitizeLine(line.replace(/\t/g, ' ')).replace(SGR, '');
  return { text, submit: eol !== -1 };
}

const ID_KEY = /^(id|.*Id|.*Ids)$/;

/**
 * Plain data with every string made safe by plainText: the value itself when no string
 * needs it (most runbooks: no copy of the whole runbook on the first frame), else a copy.
 * Ids are left alone (the UI hands them back to the engine) and so are functions (a
 * prompt's resolve).
 */
export function cleanDeep<T>(value: T): T {
  return needsCleaning(value) ? (clean(value) as T) : value;
}

function needsCleaning(value: unknown, key = ''): boolean {
  if (typeof value === 'string') return CONTROL.test(value) && !ID_KEY.test(key);
  if (Array.isArray(value)) return value.some((v) => needsCleaning(v, key));
  if (!isPlainObject(value)) return false;
  for (const k of Object.keys(value)) if (needsCleaning(value[k], k)) return true;
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function clean(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return ID_KEY.test(key) ? value : plainText(value);
  if (Array.isArray(value)) return value.map((v) => clean(v, key));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = clean(v, k);
  return out;
}
