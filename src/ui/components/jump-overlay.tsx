import { Box, Text, useInput } from 'ink';
import { Select } from '@inkjs/ui';
import type { Runbook } from '../../runbook/model.js';

interface Props {
  runbook: Runbook;
  height: number;
  onJump(stepId: string): void;
  onCancel(): void;
}

/** Pick a section; selects its first step. */
export function JumpOverlay({ runbook, height, onJump, onCancel }: Props) {
  useInput((_input, key) => {
    if (key.escape) onCancel();
  });
  const firstStep = new Map<string, string>();
  for (const s of runbook.steps) if (!firstStep.has(s.sectionId)) firstStep.set(s.sectionId, s.id);
  const options = runbook.sections
    .filter((s) => firstStep.has(s.id))
    .map((s) => ({ label: `${'  '.repeat(Math.max(0, s.level - 2))}${s.title}`, value: s.id }));
  return (
    <Box flexDirection="column">
      <Text bold>Go to section (Enter jumps · Esc cancels)</Text>
      <Select
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
