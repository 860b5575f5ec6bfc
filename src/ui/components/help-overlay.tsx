import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';

/** Highest useful scroll of the help in `height` rows (its title takes one). */
export function maxHelpScroll(height: number): number {
  return Math.max(0, KEYMAP.length - Math.max(1, height - 2));
}

/** Every key, generated from the keymap: one row each, cut at the edge; PgUp/PgDn when taller than the pane. */
export function HelpOverlay({ width, height, scroll = 0 }: { width: number; height: number; scroll?: number }) {
  const labelWidth = Math.max(...KEYMAP.map((b) => b.label.length)) + 2;
  const fits = KEYMAP.length + 1 <= height;
  const room = fits ? KEYMAP.length : Math.max(1, height - 2);
  const from = Math.min(scroll, maxHelpScroll(height));
  const shown = KEYMAP.slice(from, from + room);
  const below = KEYMAP.length - from - shown.length;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Keys (? or Esc closes{fits ? '' : ' · PgUp/PgDn scroll'})
      </Text>
      {shown.map((b) => (
        <Box key={b.action} width={width}>
          <Box width={labelWidth} flexShrink={0}>
            <Text color="cyan">{b.label}</Text>
          </Box>
          <Box flexGrow={1} flexShrink={1}>
            <Text wrap="truncate-end">
              {b.description}
              {b.when === 'always' ? '' : <Text dimColor> (when {b.when})</Text>}
            </Text>
          </Box>
        </Box>
      ))}
      {fits ? null : (
        <Text dimColor wrap="truncate-end">
          {from > 0 ? `↑ ${from} above · ` : ''}
          {below > 0 ? `↓ ${below} more` : 'end of the keys'}
        </Text>
      )}
    </Box>
  );
}
