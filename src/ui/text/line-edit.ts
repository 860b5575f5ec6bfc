// The editing rules of a one-line field, pure so that they are easy to test: typing and
// pasting (control characters dropped, a CR/LF submits), cursor keys, backspace, Ctrl-U.
import type { Key } from 'ink';
import { typedChunk } from './safe-text.js';

export interface LineState {
  value: string;
  /** Cursor position in code points. */
  cursor: number;
}

export interface LineEditResult {
  state: LineState;
  /** Set when this input submits the field (Enter, or a pasted line ending). */
  submit?: string;
  /** The field did not use the key: others (Esc, arrows between fields, Tab) may. */
  ignored?: boolean;
}

export function lineState(value = ''): LineState {
  const clean = typedChunk(value).text;
  return { value: clean, cursor: [...clean].length };
}

export function editLine(state: LineState, input: string, key: Key): LineEditResult {
  const chars = [...state.value];
  const at = Math.min(state.cursor, chars.length);
  if (key.return) return { state, submit: state.value };
  if (key.escape || key.upArrow || key.downArrow || key.tab || key.pageUp || key.pageDown) return { state, ignored: true };
  if (key.leftArrow) return { state: { ...state, cursor: Math.max(0, at - 1) } };
  if (key.rightArrow) return { state: { ...state, cursor: Math.min(chars.length, at + 1) } };
  if (key.home) return { state: { ...state, cursor: 0 } };
  if (key.end) return { state: { ...state, cursor: chars.length } };
  if (key.backspace || key.delete) {
    if (at === 0) return { state };
    chars.splice(at - 1, 1);
    return { state: { value: chars.join(''), cursor: at - 1 } };
  }
  if (key.ctrl) {
    if (input === 'u') return { state: { value: chars.slice(at).join(''), cursor: 0 } };
    return { state, ignored: true };
  }
  // a held Backspace arrives as several DEL/BS bytes in one read: each one erases
  let cursor = at;
  const pieces = input.split(/([\x7f\b])/);
  for (const piece of pieces) {
    if (piece === '\x7f' || piece === '\b') {
      if (cursor > 0) chars.splice(--cursor, 1);
      continue;
    }
    const typed = typedChunk(piece);
    const added = [...typed.text];
    chars.splice(cursor, 0, ...added);
    cursor += added.length;
    if (typed.submit) return { state: { value: chars.join(''), cursor }, submit: chars.join('') };
  }
  return { state: { value: chars.join(''), cursor } };
}
