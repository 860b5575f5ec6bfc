import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import { LineInput } from '../components/line-input.js';
import type { PendingPrompt } from '../../session/types.js';
import { CodeLines } from './code-lines.js';
import { PromptFrame, innerRows } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'danger'>;
  width: number;
  height: number;
}

/** A dangerous command runs only after the operator types the confirmation word. */
export function DangerPrompt({ pending, width, height }: Props) {
  const { command, reasons, word, step } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | undefined>();
  useKeys((input, key) => {
    if (promptKey(input, key) === 'back') resolve({ confirmed: false });
  });
  const codeRows = Math.max(1, innerRows(height) - reasons.length - 5);
  return (
    <PromptFrame title={`⚠ Dangerous command in "${step.title}"`} tone="danger" width={width} height={height}>
      {reasons.map((r) => (
        <Text key={r} color="red" wrap="truncate-end">
          • {r}
        </Text>
      ))}
      <CodeLines code={command.code} max={codeRows} />
      <Box>
        <Text>
          Type <Text bold color="red">{word}</Text> to run it ›{' '}
        </Text>
        <LineInput
          key={attempt}
          onSubmit={(value) => {
            if (value.trim() === word) {
              resolve({ confirmed: true });
              return true;
            }
            setError(`"${value}" is not ${word}; nothing ran`);
            setAttempt((a) => a + 1);
          }}
        />
      </Box>
      {error ? <Text color="red">{error}</Text> : null}
      <Text dimColor>Esc: do not run it</Text>
    </PromptFrame>
  );
}
