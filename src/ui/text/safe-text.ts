// Everything the TUI draws or accepts passes through here, so that no text (a runbook line,
// a parameter value, a pasted answer, a command's output) can carry a control character
// that moves the terminal's cursor and corrupts the screen. Only SGR colour in command
// output survives.
import { sanitizeLine } from '../../steps/sanitize.js';

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
export function plainText(text: string): string {
  // newlines alone need nothing done (most runbook text): skip the line-by-line pass
  if (!/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
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
 * A copy of plain data with every string made safe by plainText. Ids are left alone (the
 * UI hands them back to the engine) and so are functions (a prompt's resolve).
 */
export function cleanDeep<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return ID_KEY.test(key) ? value : plainText(value);
  if (Array.isArray(value)) return value.map((v) => clean(v, key));
  if (value !== null && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clean(v, k);
    return out;
  }
  return value;
}
