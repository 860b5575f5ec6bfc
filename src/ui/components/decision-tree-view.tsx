import { Box, Text } from 'ink';
import type { Decision, DecisionNode } from '../../runbook/model.js';
import { decisionRows, impliedPath, type TakenAnswer, type TreeRow } from '../../runbook/decision-rows.js';

interface Props {
  decision: Decision;
  /** The question being asked now: highlighted. */
  current: DecisionNode;
  /** The answers given so far in this decision; without it, the path that leads to `current`. */
  taken?: readonly TakenAnswer[];
  /** What the data says about a list question's conditions, by condition text: ✓ it holds, ✗ it does not, with the data; absent: no data. */
  conditions?: ReadonlyMap<string, { holds: boolean; why: string }>;
  width: number;
  /** Rows the tree may take; a longer tree shows the part around the current question. */
  maxRows: number;
}

function rowColor(row: TreeRow, isCurrent: boolean, holds: boolean | undefined): string | undefined {
  if (isCurrent) return 'yellow';
  if (row.kind === 'condition') return holds === undefined ? undefined : holds ? 'green' : 'red';
  if (row.taken) return 'green';
  if (row.stop) return 'red';
  return undefined;
}

function mark(row: TreeRow, isCurrent: boolean, holds: boolean | undefined): string {
  if (isCurrent) return '▶ ';
  if (row.kind === 'condition') return holds === undefined ? '• ' : holds ? '✓ ' : '✗ ';
  return row.taken ? '✓ ' : '';
}

/** The rows to show: all of them, or a window around the current question with what is left out counted. */
function windowed(rows: TreeRow[], at: number, maxRows: number): { rows: TreeRow[]; above: number; below: number } {
  if (rows.length <= maxRows) return { rows, above: 0, below: 0 };
  const room = Math.max(1, maxRows - 2);
  const start = Math.max(0, Math.min(at - Math.floor(room / 3), rows.length - room));
  return { rows: rows.slice(start, start + room), above: start, below: rows.length - start - room };
}

/**
 * A decision as a tree: its questions, conditions and answers and where each leads, the
 * question asked now highlighted (▶) and the path taken so far marked (✓, green).
 */
export function DecisionTreeView({ decision, current, taken, conditions, width, maxRows }: Props) {
  const all = decisionRows(decision, taken ?? impliedPath(decision, current));
  const context = decision.context ? 1 : 0;
  const at = Math.max(0, all.findIndex((r) => r.kind === 'question' && r.node === current));
  const shown = windowed(all, at, Math.max(1, maxRows - context));
  return (
    <Box flexDirection="column" width={width}>
      {context ? (
        <Text dimColor wrap="truncate-end">
          {decision.context}
        </Text>
      ) : null}
      {shown.above > 0 ? <Text dimColor>{`   … ${shown.above} more above`}</Text> : null}
      {shown.rows.map((row, i) => {
        const isCurrent = row.kind === 'question' && row.node === current;
        const judged = row.kind === 'condition' ? conditions?.get(row.text) : undefined;
        const holds = judged?.holds;
        return (
          <Text key={`${shown.above + i}`} wrap="truncate-end">
            <Text dimColor>{row.prefix}</Text>
            <Text color={rowColor(row, isCurrent, holds)} bold={isCurrent || (row.kind === 'answer' && row.taken === true)} inverse={isCurrent}>
              {mark(row, isCurrent, holds)}
              {row.text}
            </Text>
            {judged ? <Text dimColor>{` (${judged.why})`}</Text> : null}
          </Text>
        );
      })}
      {shown.below > 0 ? <Text dimColor>{`   … ${shown.below} more below`}</Text> : null}
    </Box>
  );
}
