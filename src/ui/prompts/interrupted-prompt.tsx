import { useState } from 'react';
import { Box } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import type { PendingPrompt } from '../../session/types.js';
import { CodeLines } from './code-lines.js';
import { TextEntry } from '../components/text-entry.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { ClampedText } from '../components/clamped-text.js';
import { OutputTail } from '../components/output-tail.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'interrupted-command'>;
  width: number;
  height: number;
}

type Action = 'done' | 'rerun' | 'skip';

type RunningAction = 'end' | 'wait' | 'leave';

const RUNNING_OPTIONS: { label: string; value: RunningAction }[] = [
  { label: 'end it (SIGINT, then SIGTERM, then SIGKILL)', value: 'end' },
  { label: 'wait for it to finish', value: 'wait' },
  { label: 'leave it running', value: 'leave' },
];

const OPTIONS: { label: string; value: Action }[] = [
  { label: 'it finished: mark done (with a note)', value: 'done' },
  { label: 'run it again', value: 'rerun' },
  { label: 'skip the step (reason)', value: 'skip' },
];

/** The session ended while this command ran; the operator says what happened (or, if it still runs, what to do with it). */
export function InterruptedPrompt({ pending, width, height }: Props) {
  const { step, command, running, output } = pending.prompt;
  const codeRows = Math.max(1, Math.min(command.code.split('\n').length, Math.floor((innerRows(height) - 8) / 2)));
  const resolve = useResolveOnce(pending);
  const [action, setAction] = useState<'done' | 'skip' | undefined>();
  const others = running && running.pids.length > 1 ? ` (and ${running.pids.length - 1} more process${running.pids.length === 2 ? '' : 'es'})` : '';
  return (
    <PromptFrame title={`Interrupted while running "${step.title}"`} tone="warning" width={width} height={height}>
      <ClampedText
        width={innerWidth(width)}
        maxRows={3}
        text={running
          ? `flightdeck stopped while this command was running, and it is still running: pid ${running.pid}${others}.`
          : 'flightdeck stopped while this command was running; whether it finished is unknown.'}
      />
      <CodeLines code={command.code} max={codeRows} />
      <OutputTail text={output} rows={innerRows(height) - 8 - codeRows} width={innerWidth(width)} label="What it printed" />
      {running ? (
        <ChoiceList options={RUNNING_OPTIONS} onChange={(v) => resolve({ action: v })} />
      ) : action === undefined ? (
        <Box flexDirection="column">
          <ChoiceList
            options={OPTIONS}
            onChange={(a) => {
              if (a === 'rerun') resolve({ action: 'rerun' });
              else setAction(a);
            }}
          />
        </Box>
      ) : action === 'done' ? (
        <TextEntry title="Mark done" label="Note" required onSubmit={(note) => resolve({ action: 'done', note })} onCancel={() => setAction(undefined)} />
      ) : (
        <TextEntry title="Skip this step" label="Reason" required onSubmit={(reason) => resolve({ action: 'skip', reason })} onCancel={() => setAction(undefined)} />
      )}
    </PromptFrame>
  );
}
