import { useState } from 'react';
import { Box, Text } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { OutputTail, wrapColumns } from '../components/output-tail.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'check-failed'>;
  width: number;
  height: number;
}

type Action = 'retry' | 'pass' | 'skip' | 'abort';

const OPTIONS: { label: string; value: Action }[] = [
  { label: 'retry the command', value: 'retry' },
  { label: 'mark passed anyway (reason, recorded as a deviation)', value: 'pass' },
  { label: 'skip the step (reason)', value: 'skip' },
  { label: 'abort the session', value: 'abort' },
];

/** Rows the choices (or the reason field) take under the output. */
const CHOICE_ROWS = 6;

/** A check failed: what failed and the command's last lines, then retry, override with a reason, skip with a reason, or abort. */
export function CheckFailedPrompt({ pending, width, height }: Props) {
  const { step, command, output } = pending.prompt;
  // one row each: an expected JSON document spans lines, and rows beyond the frame push its title and choices off
  const failures = pending.prompt.failures.map((f) => f.replace(/\s*\n\s*/g, ' '));
  const budget = Math.max(1, innerRows(height) - CHOICE_ROWS - 4);
  // wrapped when they fit (what to do is often at the end of the line), else one row each
  const wrapped = failures.map((f) => wrapColumns(`✘ ${f}`, innerWidth(width)));
  const fits = wrapped.reduce((n, rows) => n + rows.length, 0) <= budget;
  const shownFailures = fits ? wrapped.flat() : failures.slice(0, budget).map((f) => `✘ ${f}`);
  const outputRows = innerRows(height) - 1 - shownFailures.length - CHOICE_ROWS;
  const resolve = useResolveOnce(pending);
  const [action, setAction] = useState<Action | undefined>();
  useKeys(
    (input, key) => {
      const k = promptKey(input, key);
      if (k === 'yes') resolve({ action: 'abort' });
      else if (k === 'no' || k === 'back') setAction(undefined);
    },
    { isActive: action === 'abort' },
  );
  return (
    <PromptFrame title={`Check failed in "${step.title}"`} tone="danger" width={width} height={height}>
      <Text dimColor wrap="truncate-end">
        $ {command.name ?? command.code.split('\n')[0]}
      </Text>
      {shownFailures.map((f, i) => (
        <Text key={i} color="red" wrap="truncate-end">
          {f}
        </Text>
      ))}
      <OutputTail text={output} rows={outputRows} width={innerWidth(width)} />
      {action === undefined ? (
        <Box flexDirection="column">
          <ChoiceList
            options={OPTIONS}
            onChange={(a) => {
              if (a === 'retry') resolve({ action: 'retry' });
              else setAction(a);
            }}
          />
          <Text dimColor>↑↓ choose · Enter</Text>
        </Box>
      ) : action === 'abort' ? (
        <Text>
          Abort the whole session? <Text bold color="red">y</Text> abort · <Text bold>n</Text> back
        </Text>
      ) : (
        <TextEntry
          title={action === 'pass' ? 'Mark passed despite the failure' : 'Skip this step'}
          label="Reason"
          required
          onSubmit={(reason) => resolve({ action, reason })}
          onCancel={() => setAction(undefined)}
        />
      )}
    </PromptFrame>
  );
}
