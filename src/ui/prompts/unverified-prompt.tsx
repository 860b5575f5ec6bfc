import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { OutputTail } from '../components/output-tail.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'unverified'>;
  width: number;
  height: number;
}

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
  // the question (or the note field) keeps its rows; thresholds, then the output, take the rest
  const room = innerRows(height) - 2 - (confirmed === undefined ? 1 : 3);
  const shownThresholds = thresholds.slice(0, Math.max(0, room - 1));
  const outputRows = room - (shownThresholds.length > 0 ? shownThresholds.length + 1 : 0);
  return (
    <PromptFrame title={`Check by eye: "${step.title}"`} tone="warning" width={width} height={height}>
      <Text wrap="truncate-end">
        Expected: <Text bold>{expectation.text}</Text>
      </Text>
      {shownThresholds.length > 0 ? (
        <Box flexDirection="column">
          <Text dimColor wrap="truncate-end">
            Thresholds{thresholds.length > shownThresholds.length ? ` (${shownThresholds.length} of ${thresholds.length})` : ''}:
          </Text>
          {shownThresholds.map((t, i) => (
            <Text key={i} wrap="truncate-end">
              {'• '}
              {t.text}
              <Text dimColor> · seen: {t.seen ?? 'not measured'}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
      <OutputTail text={output} rows={outputRows} width={innerWidth(width)} />
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
    </PromptFrame>
  );
}
