import { Box, Text } from 'ink';
import type { OutputRow } from '../step-output.js';
import { terminalLine } from '../text/safe-text.js';

interface Props {
  rows: readonly OutputRow[];
  /** Rows scrolled up from the end. */
  scroll: number;
  /** A search is shown instead of the output. */
  search: string | undefined;
  width: number;
  height: number;
}

/** Highest useful scroll of `total` rows in a pane of `height` (its title takes one). */
export function maxOutputScroll(total: number, height: number): number {
  return Math.max(0, total - Math.max(1, height - 1));
}

/** A finished step's output (or a search of it), its end in view unless scrolled up. */
export function OutputPane({ rows, scroll, search, width, height }: Props) {
  const room = Math.max(0, height - 1);
  const end = Math.max(0, rows.length - scroll);
  const shown = rows.slice(Math.max(0, end - room), end);
  const above = Math.max(0, end - room);
  const title = search !== undefined ? `Search of the output: "${search}"` : 'Output';
  const where = above > 0 || scroll > 0 ? ` · ${above} rows above${scroll > 0 ? `, ${scroll} below` : ''}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text color="cyan" wrap="truncate-end">
        {title}
        <Text dimColor>{where}</Text>
      </Text>
      {shown.map((row, i) => (
        <Text key={i} wrap="truncate-end" dimColor={row.kind === 'head'} color={row.kind === 'note' ? 'yellow' : undefined}>
          {row.kind === 'line' ? terminalLine(row.text) || ' ' : row.text}
        </Text>
      ))}
    </Box>
  );
}
