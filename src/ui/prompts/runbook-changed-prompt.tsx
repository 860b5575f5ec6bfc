import { Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { PromptFrame, innerRows } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'runbook-changed'>;
  width: number;
  height: number;
}

function diffColor(line: string): string | undefined {
  if (line.startsWith('+') && !line.startsWith('+++')) return 'green';
  if (line.startsWith('-') && !line.startsWith('---')) return 'red';
  if (line.startsWith('@@')) return 'cyan';
  return undefined;
}

/** The runbook file changed since the session started: show the change, then proceed or stop. */
export function RunbookChangedPrompt({ pending, width, height }: Props) {
  const { oldSha256, newSha256, diff } = pending.prompt;
  const resolve = useResolveOnce(pending);
  useKeys((input, key) => {
    const k = promptKey(input, key);
    if (k === 'yes') resolve({ proceed: true });
    else if (k === 'no' || k === 'back') resolve({ proceed: false });
  });
  const lines = diff.replace(/\n$/, '').split('\n');
  const room = Math.max(1, innerRows(height) - 3);
  const shown = lines.slice(0, lines.length > room ? room - 1 : room);
  return (
    <PromptFrame title="The runbook changed since this session started" tone="warning" width={width} height={height}>
      <Text dimColor wrap="truncate-end">
        {oldSha256.slice(0, 12)} → {newSha256.slice(0, 12)}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} color={diffColor(l)} wrap="truncate-end">
          {l || ' '}
        </Text>
      ))}
      {lines.length > shown.length ? <Text dimColor>… {lines.length - shown.length} more lines of diff</Text> : null}
      <Text>
        Continue with the changed runbook? <Text bold color="green">y</Text> yes · <Text bold color="red">n</Text> no
      </Text>
    </PromptFrame>
  );
}
