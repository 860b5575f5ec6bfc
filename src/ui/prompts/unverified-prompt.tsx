import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { boundedRows, wordRows } from '../components/clamped-text.js';
import { OutputTail, tailRows } from '../components/output-tail.js';
import { TextEntry } from '../components/text-entry.js';
import { shareRows } from '../layout.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'unverified'>;
  width: number;
  height: number;
}

/** Rows of the question, and of the note field (title, input, hint). */
const QUESTION_ROWS = 1;
const NOTE_ROWS = 3;

/** An expectation flightdeck cannot decide: the operator says whether it holds. */
export function UnverifiedPrompt({ pending, width, height }: Props) {
  const { expectation, output, step, thresholds = [] } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [confirmed, setConfirmed] = useState<boolean | undefined>();
  useKeys(
    (input, key) => {
      const k = promptKey(input, key);
      if (k === 'yes') setConfirmed(true);
      else if (k === 'no') setConfirmed(false);
    },
    { isActive: confirmed === undefined },
  );
  const cols = innerWidth(width);
  // the question (or the note field) keeps its rows; the expectation, thresholds and output share the rest
  const room = innerRows(height) - (confirmed === undefined ? QUESTION_ROWS : NOTE_ROWS);
  const expected = wordRows(`Expected: ${expectation.text}`, cols);
  const hasOutput = output !== undefined && output.trim() !== '';
  const outputNeed = hasOutput ? tailRows(output, Number.MAX_SAFE_INTEGER, cols).rows.length + 1 : 0;
  const [expRows = 1, thrRows = 0, outRows = 0] = shareRows([expected.length, thresholds.length > 0 ? thresholds.length + 1 : 0, outputNeed], room);
  const shownExpected = boundedRows(expected, Math.max(1, expRows), 'lines');
  const thresholdRows = boundedRows(
    thresholds.map((t) => `• ${t.text} · seen: ${t.seen ?? 'not measured'}`),
    thrRows - 1,
  );
  return (
    <PromptFrame title={`Check by eye: "${step.title}"`} tone="warning" width={width} height={height}>
      {shownExpected.map((row, i) => (
        <Text key={i} wrap="truncate-end" bold={i > 0}>
          {i === 0 && row.startsWith('Expected: ') ? (
            <>
              Expected: <Text bold>{row.slice('Expected: '.length)}</Text>
            </>
          ) : (
            row
          )}
        </Text>
      ))}
      {thresholdRows.length > 0 ? (
        <Box flexDirection="column" flexShrink={0}>
          <Text dimColor wrap="truncate-end">
            Thresholds:
          </Text>
          {thresholdRows.map((t, i) => (
            <Text key={i} wrap="truncate-end">
              {t}
            </Text>
          ))}
        </Box>
      ) : null}
      <OutputTail text={output} rows={outRows} width={cols} />
      <Box flexDirection="column" flexShrink={0}>
        {confirmed === undefined ? (
          <Text>
            Does it hold? <Text bold color="green">y</Text> yes · <Text bold color="red">n</Text> no
          </Text>
        ) : (
          <TextEntry
            title={confirmed ? 'Confirmed: it holds' : 'It does not hold'}
            label="Note (optional)"
            onSubmit={(note) => resolve(note ? { confirmed, note } : { confirmed })}
            onCancel={() => setConfirmed(undefined)}
          />
        )}
      </Box>
    </PromptFrame>
  );
}
