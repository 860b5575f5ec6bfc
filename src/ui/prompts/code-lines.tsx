import { Box, Text } from 'ink';

/** A command's script, at most `max` lines, never reflowed. */
export function CodeLines({ code, max }: { code: string; max: number }) {
  const all = code.replace(/\n$/, '').split('\n');
  const shown = all.slice(0, Math.max(1, max));
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => (
        <Text key={i} color="yellow" wrap="truncate-end">
          {'│ '}
          {l || ' '}
        </Text>
      ))}
      {all.length > shown.length ? <Text dimColor>… {all.length - shown.length} more lines</Text> : null}
    </Box>
  );
}
