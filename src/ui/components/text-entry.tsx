import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import { LineInput } from './line-input.js';

interface Props {
  title: string;
  label: string;
  /** Refuse an empty answer (reasons for skips and waivers are required). */
  required?: boolean;
  placeholder?: string;
  defaultValue?: string;
  /** Clear the field after each submit (typing lines into a command). */
  repeat?: boolean;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}

/** One line of text with Enter to submit and Esc to cancel. */
export function TextEntry({ title, label, required, placeholder, defaultValue, repeat, onSubmit, onCancel }: Props) {
  const [error, setError] = useState<string | undefined>();
  const [generation, setGeneration] = useState(0);
  useKeys((input, key) => {
    if (promptKey(input, key) === 'back') onCancel();
  });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <Box>
        <Text color="cyan">{label} › </Text>
        <LineInput
          key={generation}
          placeholder={placeholder}
          defaultValue={defaultValue}
          onSubmit={(value) => {
            const v = repeat ? value : value.trim();
            if (required && v.trim() === '') {
              setError(`${label} is required`);
              return false;
            }
            setError(undefined);
            if (repeat) setGeneration((g) => g + 1);
            onSubmit(v);
          }}
        />
      </Box>
      {error ? (
        <Text color="red" wrap="truncate-end">
          {error}
        </Text>
      ) : null}
      <Text dimColor>Enter {repeat ? 'sends' : 'confirms'} · Esc {repeat ? 'closes' : 'cancels'}</Text>
    </Box>
  );
}
