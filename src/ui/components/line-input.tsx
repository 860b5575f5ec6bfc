import { useRef, useState } from 'react';
import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { editLine, lineState, type LineState } from '../text/line-edit.js';

interface ViewProps {
  state: LineState;
  placeholder?: string;
  /** Show bullets instead of the text (secrets). */
  mask?: boolean;
  /** Columns the field has: a longer value shows the part around the cursor, "…" where it is cut. */
  width?: number;
}

/** The part of `chars` (with the cursor at `at`) that fits `width` columns, and whether each end was cut. */
function windowAround(chars: string[], at: number, width: number): { from: number; to: number } {
  const room = Math.max(2, width - 2);
  if (chars.length + 1 <= width) return { from: 0, to: chars.length };
  const to = Math.min(chars.length, Math.max(at + 1, room));
  return { from: Math.max(0, to - room), to };
}

/** A one-line field's text with its cursor, on one row. */
export function LineView({ state, placeholder, mask, width }: ViewProps) {
  const chars = [...(mask ? '•'.repeat([...state.value].length) : state.value)];
  if (chars.length === 0) {
    return (
      <Text wrap="truncate-end">
        <Text inverse> </Text>
        {placeholder ? <Text dimColor>{placeholder}</Text> : null}
      </Text>
    );
  }
  const at = Math.min(state.cursor, chars.length);
  const { from, to } = width !== undefined ? windowAround(chars, at, width) : { from: 0, to: chars.length };
  return (
    // without a width: the end of a long value shows when the cursor is there, its start otherwise
    <Text wrap={at >= chars.length ? 'truncate-start' : 'truncate-end'}>
      {from > 0 ? '…' : ''}
      {chars.slice(from, at).join('')}
      <Text inverse>{chars[at] ?? ' '}</Text>
      {chars.slice(at + 1, to).join('')}
      {to < chars.length ? '…' : ''}
    </Text>
  );
}

interface Props {
  defaultValue?: string;
  placeholder?: string;
  mask?: boolean;
  onChange?: (value: string) => void;
  /** Return false to refuse the value and keep editing; otherwise the field stops taking keys until remounted. */
  onSubmit: (value: string) => boolean | void;
}

/**
 * The one text field of the TUI. Pasted text is cleaned of control characters and a line
 * ending inside a paste submits the field, so "v1\r" arriving in one read never lands a CR
 * on the screen. Keys that arrive after a submit, before the screen moves on, are not typed
 * into a field that is on its way out. Remount it (a new `key`) to start over.
 */
export function LineInput({ defaultValue, placeholder, mask, onChange, onSubmit }: Props) {
  const [state, setState] = useState<LineState>(() => lineState(defaultValue));
  const ref = useRef(state);
  const submitted = useRef(false);
  useKeys((input, key) => {
    if (submitted.current) return;
    const result = editLine(ref.current, input, key);
    if (result.ignored) return;
    const changed = result.state.value !== ref.current.value;
    ref.current = result.state;
    setState(result.state);
    if (changed) onChange?.(result.state.value);
    if (result.submit !== undefined) submitted.current = onSubmit(result.submit) !== false;
  }, { text: true });
  return <LineView state={state} placeholder={placeholder} mask={mask} />;
}
