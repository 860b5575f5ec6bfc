import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerRows } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'unverified'>;
  width: number;
  height: number;
}

/** An expectation flightdeck cannot decide: the operator says whether it holds. */
export function UnverifiedPrompt({ pending, width, height }: Props) {
  const { expectation, output, step } = pending.prompt;
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
  const outLines = (output ?? '').replace(/\n$/, '').split('\n');
  const room = Math.max(0, innerRows(height) - 6);
  const tail = output ? outLines.slice(-room) : [];
  return (
    <PromptFrame title={`Check by eye: "${step.title}"`} tone="warning" width={width} height={height}>
      <Text wrap="wrap">
        Expected: <Text bold>{expectation.text}</Text>
      </Text>
      {tail.length > 0 ? (
        <Box flexDirection="column">
          <Text dimColor>Output{outLines.length > tail.length ? ` (last ${tail.length} of ${outLines.length} lines)` : ''}:</Text>
          {tail.map((l, i) => (
            <Text key={i} wrap="truncate-end">
              {l || ' '}
            </Text>
          ))}
        </Box>
      ) : null}
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
