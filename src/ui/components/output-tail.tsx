import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { plainText } from '../text/safe-text.js';

interface Props {
  /** What the command printed (its last lines). */
  text: string | undefined;
  /** Rows this may take, its heading included. */
  rows: number;
  /** Columns of each row. */
  width: number;
  /** Heading word: "Output" by default. */
  label?: string;
}

/** A line cut into rows of at most `width` columns (a long JSON line stays readable, not cut at the edge). */
export function wrapColumns(line: string, width: number): string[] {
  const w = Math.max(1, width);
  if (stringWidth(line) <= w) return [line];
  const rows: string[] = [];
  let row = '';
  let used = 0;
  for (const ch of line) {
    const cw = stringWidth(ch);
    if (used + cw > w && row !== '') {
      rows.push(row);
      row = '';
      used = 0;
    }
    row += ch;
    used += cw;
  }
  if (row !== '') rows.push(row);
  return rows;
}

/** The last `rows` screen rows of `text` wrapped at `width`, and how many lines the text has. */
export function tailRows(text: string, rows: number, width: number): { rows: string[]; lines: number; shownLines: number } {
  const lines = plainText(text).replace(/\n+$/, '').split('\n');
  const out: string[] = [];
  let shownLines = 0;
  for (let i = lines.length - 1; i >= 0 && out.length < rows; i--) {
    const wrapped = wrapColumns(lines[i] ?? '', width);
    out.unshift(...wrapped.slice(-(rows - out.length)));
    shownLines++;
  }
  return { rows: out, lines: lines.length, shownLines };
}

/** The last lines of a command's output that fit, wrapped inside the pane, under a heading that says how many. */
export function OutputTail({ text, rows, width, label = 'Output' }: Props) {
  if (text === undefined || text.trim() === '' || rows < 2) return null;
  const tail = tailRows(text, rows - 1, width);
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">
        {label}
        {tail.lines > tail.shownLines ? ` (last ${tail.shownLines} of ${tail.lines} lines)` : ''}:
      </Text>
      {tail.rows.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l === '' ? ' ' : l}
        </Text>
      ))}
    </Box>
  );
}
