import { Box, Text } from 'ink';
import type { StepState } from '../../session/types.js';
import { statusLook } from '../format.js';
import { windowStart, type ListRow } from '../step-rows.js';

interface Props {
  rows: readonly ListRow[];
  steps: Record<string, StepState>;
  selectedId: string | undefined;
  width: number;
  height: number;
}

/** The step list grouped by section; only the rows that fit are rendered. */
export function StepList({ rows, steps, selectedId, width, height }: Props) {
  const cursor = Math.max(0, rows.findIndex((r) => r.kind === 'step' && r.stepId === selectedId));
  const start = windowStart(rows.length, cursor, height);
  const visible = withStickySection(rows, start, cursor, height);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {visible.map((row) => {
        if (row.kind === 'section') {
          return (
            <Text key={`s:${row.sectionId}`} bold color={row.contingency ? 'gray' : 'blue'} wrap="truncate-end">
              {row.title}
              {row.contingency ? ' · if needed' : ''}
            </Text>
          );
        }
        const status = steps[row.stepId]?.status ?? 'pending';
        const look = statusLook(status);
        const selected = row.stepId === selectedId;
        // off the main path and not entered: greyed, so the eye follows the main path
        const aside = row.path !== 'main' && status === 'pending';
        return (
          <Text key={row.stepId} wrap="truncate-end" inverse={selected} dimColor={aside}>
            <Text>{selected ? '▸' : ' '}</Text>
            <Text color={look.color}>{look.icon}</Text> {row.index + 1}. {row.title}
          </Text>
        );
      })}
    </Box>
  );
}

/** The window's rows; when it starts mid-section, that section's heading is pinned on top. */
function withStickySection(rows: readonly ListRow[], start: number, cursor: number, height: number): ListRow[] {
  if (height <= 2) return rows.slice(start, start + height);
  // Pinning takes a row: shift by one when the cursor would fall off the bottom.
  const from = cursor >= start + height - 1 ? start + 1 : start;
  const first = rows[from];
  if (first?.kind !== 'step') return rows.slice(start, start + height);
  for (let i = from - 1; i >= 0; i--) {
    const row = rows[i];
    // a section shown without a heading row (one step named like it) has nothing to pin
    if (row?.kind === 'step' && row.sectionId !== first.sectionId) break;
    if (row?.kind === 'section') return [row, ...rows.slice(from, from + height - 1)];
  }
  return rows.slice(start, start + height);
}
