import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';

export interface Choice<V extends string> {
  label: string;
  value: V;
}

interface Props<V extends string> {
  options: readonly Choice<V>[];
  /** How many options show at once; the list scrolls with the highlight. */
  visibleOptionCount?: number;
  onChange: (value: V) => void;
}

/** A list to pick one option from: ↑↓ move the highlight, Enter picks it. */
export function ChoiceList<V extends string>({ options, visibleOptionCount = 5, onChange }: Props<V>) {
  const focus = useRef(0);
  const [shown, setShown] = useState(0);
  useKeys((input, key) => {
    const last = options.length - 1;
    const k = promptKey(input, key);
    if (k === 'previous' || k === 'next') {
      focus.current = Math.max(0, Math.min(last, focus.current + (k === 'next' ? 1 : -1)));
      setShown(focus.current);
    } else if (k === 'choose') {
      const picked = options[focus.current];
      if (picked) onChange(picked.value);
    }
  });
  const rows = Math.max(1, Math.min(visibleOptionCount, options.length));
  const start = Math.max(0, Math.min(shown - rows + 1, options.length - rows));
  return (
    <Box flexDirection="column">
      {options.slice(start, start + rows).map((o, k) => {
        const focused = start + k === shown;
        return (
          <Box key={o.value} gap={1} paddingLeft={focused ? 0 : 2}>
            {focused ? <Text color="blue">❯</Text> : null}
            <Text color={focused ? 'blue' : undefined} wrap="truncate-end">
              {o.label}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
