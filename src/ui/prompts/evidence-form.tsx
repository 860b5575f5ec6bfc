import { useState } from 'react';
import { Box, Text } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { EvidenceKind } from '../../runbook/model.js';
import type { PendingPrompt } from '../../session/types.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerWidth } from './prompt-frame.js';
import { ClampedText } from '../components/clamped-text.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'evidence'>;
  width: number;
  height: number;
}

type Choice = EvidenceKind | 'waive';

const LABELS: Record<Choice, string> = {
  output: 'captured command output',
  file: 'attach a file (copied into the session)',
  screenshot: 'screenshot path',
  note: 'typed note',
  waive: 'waive it (needs a reason, recorded as a deviation)',
};

/** Satisfy an evidence requirement, or waive it with a reason. */
export function EvidenceForm({ pending, width, height }: Props) {
  const { requirement, step } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [choice, setChoice] = useState<Choice | undefined>();
  const order: Choice[] = [requirement.kind, ...(['output', 'file', 'screenshot', 'note', 'waive'] as const).filter((k) => k !== requirement.kind)];

  useKeys((input, key) => {
    if (promptKey(input, key) === 'back' && choice === 'output') setChoice(undefined);
  });

  const body = (() => {
    switch (choice) {
      case undefined:
        return (
          <Box flexDirection="column">
            <ChoiceList options={order.map((k) => ({ label: LABELS[k], value: k }))} onChange={(v) => setChoice(v)} />
            <Text dimColor>↑↓ choose · Enter</Text>
          </Box>
        );
      case 'output': {
        const options = [
          ...step.commands.map((c) => ({ label: c.name ?? c.code.split('\n')[0] ?? c.id, value: c.id })),
          { label: 'all output of this step', value: 'all' },
        ];
        return (
          <Box flexDirection="column">
            <Text>Which output?</Text>
            <ChoiceList options={options} onChange={(value) => resolve({ kind: 'output', value })} />
            <Text dimColor>Enter choose · Esc back</Text>
          </Box>
        );
      }
      case 'file':
      case 'screenshot':
      case 'note': {
        const kind = choice;
        return (
          <TextEntry
            title={LABELS[kind]}
            label={kind === 'note' ? 'Note' : 'Path'}
            required
            onSubmit={(value) => resolve({ kind, value })}
            onCancel={() => setChoice(undefined)}
          />
        );
      }
      case 'waive':
        return (
          <TextEntry
            title="Waive this evidence"
            label="Reason"
            required
            onSubmit={(reason) => resolve({ waived: reason })}
            onCancel={() => setChoice(undefined)}
          />
        );
      default: {
        const never: never = choice;
        return never;
      }
    }
  })();

  return (
    <PromptFrame title={`Evidence for "${step.title}"`} width={width} height={height}>
      <ClampedText text={`Required (${requirement.kind}): ${requirement.text}`} width={innerWidth(width)} maxRows={3} />
      {body}
    </PromptFrame>
  );
}
