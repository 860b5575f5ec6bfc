import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

/** Every key, generated from the keymap. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const labelWidth = Math.max(...KEYMAP.map((b) => b.label.length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold>Keys (? or Esc closes)</Text>
      {KEYMAP.map((b) => (
        <Box key={b.action} width={width}>
          <Box width={labelWidth} flexShrink={0}>
            <Text color="cyan">{b.label}</Text>
          </Box>
          <Box flexGrow={1} flexShrink={1}>
            <Text>
              {b.description}
              {b.when === 'always' ? '' : <Text dimColor> (when {b.when})</Text>}
            </Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}
