import { Box, Text } from 'ink';
import type { Line } from './segments.js';

/** Renders pre-wrapped lines, one Text row each; never wraps again. */
export function LinesView({ lines }: { lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.length === 0
            ? ' '
            : line.map((s, j) => (
                <Text
                  key={j}
                  bold={s.style?.bold}
                  italic={s.style?.italic}
                  underline={s.style?.underline}
                  strikethrough={s.style?.strike}
                  dimColor={s.style?.dim}
                  color={s.style?.color}
                >
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
