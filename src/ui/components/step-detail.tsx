import { Box, Text } from 'ink';
import { LinesView } from '../markdown/markdown-view.js';
import type { Line } from '../markdown/segments.js';

interface Props {
  lines: readonly Line[];
  scroll: number;
  width: number;
  height: number;
}

/** Highest useful scroll offset for `total` lines in `height` rows. */
export function maxScroll(total: number, height: number): number {
  return Math.max(0, total - Math.max(1, height - 1));
}

/** A window of the step's lines; says how much more there is instead of overflowing. */
export function StepDetail({ lines, scroll, width, height }: Props) {
  const top = scroll > 0 && height > 2 ? 1 : 0;
  const available = height - top;
  const bottom = lines.length - scroll > available && available > 1 ? 1 : 0;
  const rows = Math.max(0, available - bottom);
  const shown = lines.slice(scroll, scroll + rows);
  const below = lines.length - scroll - rows;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {top ? (
        <Text dimColor wrap="truncate-end">
          ↑ {scroll} more above ([ or PgUp)
        </Text>
      ) : null}
      <LinesView lines={shown} />
      {bottom ? (
        <Text dimColor wrap="truncate-end">
          ↓ {below} more below (] or PgDn)
        </Text>
      ) : null}
    </Box>
  );
}
