import type { PendingPrompt } from '../../session/types.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerWidth } from './prompt-frame.js';
import { ClampedText } from '../components/clamped-text.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'halted'>;
  width: number;
  height: number;
}

/** An answer said stop: nothing goes on until the operator records how it was resolved. */
export function HaltedPrompt({ pending, width, height }: Props) {
  const { question, answer } = pending.prompt;
  const resolve = useResolveOnce(pending);
  return (
    <PromptFrame title="Stopped by a decision" tone="danger" width={width} height={height}>
      <ClampedText text={`"${question}" was answered ${answer}: the runbook says not to go on.`} width={innerWidth(width)} maxRows={4} />
      <TextEntry
        title="How was it resolved? (recorded; Esc: stay stopped)"
        label="Resolution"
        required
        onSubmit={(note) => resolve({ resolved: true, note })}
        onCancel={() => resolve({ resolved: false })}
      />
    </PromptFrame>
  );
}
