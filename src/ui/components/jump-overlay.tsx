import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import { ChoiceList } from './choice-list.js';
import type { Runbook } from '../../runbook/model.js';

interface Props {
  runbook: Runbook;
  height: number;
  onJump: (stepId: string) => void;
  onCancel: () => void;
}

/** Pick a section; selects its first step. */
export function JumpOverlay({ runbook, height, onJump, onCancel }: Props) {
  useKeys((input, key) => {
    if (promptKey(input, key) === 'back') onCancel();
  });
  const firstStep = new Map<string, string>();
  for (const s of runbook.steps) if (!firstStep.has(s.sectionId)) firstStep.set(s.sectionId, s.id);
  const options = runbook.sections
    .filter((s) => firstStep.has(s.id))
    .map((s) => ({ label: `${'  '.repeat(Math.max(0, s.level - 2))}${s.title}`, value: s.id }));
  return (
    <Box flexDirection="column">
      <Text bold>Go to section (Enter jumps · Esc cancels)</Text>
      <ChoiceList
        options={options}
        visibleOptionCount={Math.max(1, Math.min(options.length, height - 2))}
        onChange={(sectionId) => {
          const stepId = firstStep.get(sectionId);
          if (stepId) onJump(stepId);
        }}
      />
    </Box>
  );
}
