import { Text } from 'ink';
import stringWidth from 'string-width';
import { wrapColumns } from './output-tail.js';

/** Words laid into rows of `width` columns (a word longer than a row is cut across rows). */
export function wordRows(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const rows: string[] = [];
  for (const para of text.split('\n')) {
    let row = '';
    for (const word of para.split(/\s+/).filter((x) => x !== '')) {
      const joined = row === '' ? word : `${row} ${word}`;
      if (stringWidth(joined) <= w) {
        row = joined;
        continue;
      }
      if (row !== '') rows.push(row);
      const pieces = wrapColumns(word, w);
      row = pieces.pop() ?? '';
      rows.push(...pieces);
    }
    rows.push(row);
  }
  return rows;
}

/** At most `maxRows` rows of `text` wrapped at `width`; the last one ends in "…" when text was left out. */
export function clampRows(text: string, width: number, maxRows: number): string[] {
  const rows = wordRows(text, width);
  if (rows.length <= maxRows) return rows;
  const kept = rows.slice(0, Math.max(1, maxRows));
  const last = kept.length - 1;
  const cut = wrapColumns(kept[last] ?? '', Math.max(1, width - 1))[0] ?? '';
  kept[last] = `${cut}…`;
  return kept;
}

interface Props {
  text: string;
  width: number;
  maxRows: number;
  bold?: boolean;
  color?: string;
  dimColor?: boolean;
}

/** Text wrapped inside a frame to a bounded number of rows, so what follows it stays on screen. */
export function ClampedText({ text, width, maxRows, bold, color, dimColor }: Props) {
  return (
    <Text bold={bold} color={color} dimColor={dimColor} wrap="truncate-end">
      {clampRows(text, width, maxRows).join('\n')}
    </Text>
  );
}

/** At most `maxRows` of `rows`; when some are left out the last row says how many ("… 4 more"). */
export function boundedRows(rows: readonly string[], maxRows: number, unit = ''): string[] {
  if (rows.length <= maxRows) return [...rows];
  if (maxRows <= 0) return [];
  const kept = rows.slice(0, maxRows - 1);
  const more = rows.length - kept.length;
  return [...kept, `… ${more} more${unit ? ` ${unit}` : ''}`];
}
