import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

/** Every key, generated from the keymap. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const labelWidth = Math.max(...KEYMAP.map((b) => b.label.length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold>Keys (? or Esc closes)</Text>
      {KEYMAP.map((b) => (
        <Text key={b.action} wrap="truncate-end">
          <Text color="cyan">{b.label.padEnd(labelWidth)}</Text>
          {b.description}
          <Text dimColor> ({b.when})</Text>
        </Text>
      ))}
    </Box>
  );
}
