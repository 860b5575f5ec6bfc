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

/**
 * Before a command that changes something: the exact block (values filled in) and what it
 * does. A destructive one runs only after the confirmation word is typed; a change on Enter.
 * Esc never runs it.
 */
export function DangerPrompt({ pending, width, height }: Props) {
  const { reasons, word, step, resolved, effect, rehearsal, shellValues = [] } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | undefined>();
  useKeys((input, key) => {
    const k = promptKey(input, key);
    if (k === 'back') resolve({ confirmed: false });
    else if (k === 'choose' && word === undefined) resolve({ confirmed: true });
  });
  const codeRows = Math.max(1, innerRows(height) - reasons.length - 6 - Math.min(3, shellValues.length));
  const title = effect === 'destructive' ? `⚠ Dangerous command in "${step.title}"` : `This command changes something ("${step.title}")`;
  const verb = rehearsal ? 'rehearse it (nothing runs)' : 'run it';
  return (
    <PromptFrame title={title} tone={effect === 'destructive' ? 'danger' : 'warning'} width={width} height={height}>
      {reasons.map((r) => (
        <Text key={r} color="red" wrap="truncate-end">
          • {r}
        </Text>
      ))}
      <CodeLines code={resolved} max={codeRows} />
      {shellValues.slice(0, 3).map((v) => (
        <Text key={v.name} wrap="truncate-end">
          <Text dimColor>with </Text>
          <Text bold>${v.name}</Text>
          <Text dimColor> = </Text>
          <Text color="cyan">{v.value}</Text>
          <Text dimColor> (from the session's shell)</Text>
        </Text>
      ))}
      {word !== undefined ? (
        <Box>
          <Text>
            Type <Text bold color="red">{word}</Text> to {verb} ›{' '}
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
      ) : (
        <Text>
          Enter: {verb}
        </Text>
      )}
      {error ? (
        <Text color="red" wrap="truncate-end">
          {error}
        </Text>
      ) : null}
      <Text dimColor>Esc: do not run it (the step stays pending)</Text>
    </PromptFrame>
  );
}
