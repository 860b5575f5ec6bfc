import { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { setByText } from '../../session/preflight.js';
import { TextEntry } from '../components/text-entry.js';
import { ParamsForm } from './params-form.js';
import { PromptFrame } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'preflight'>;
  width: number;
  height: number;
}

type Mode = 'choose' | 'set' | 'run';

/**
 * Pre-flight: the block reads variables another step sets, and they have no value now. Set
 * them here, go to the step that sets them, run anyway with a reason (a deviation), or not now.
 */
export function PreflightPrompt({ pending, width, height }: Props) {
  const { unset, command, step, leftEmpty, rehearsal } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [mode, setMode] = useState<Mode>('choose');
  useKeys(
    (input, key) => {
      if (promptKey(input, key) === 'back') resolve({ action: 'cancel' });
    },
    { isActive: mode === 'choose' },
  );
  const names = unset.map((u) => u.name).join(', ');
  const options = useMemo(() => {
    const steps = [...new Map(unset.flatMap((u) => [[u.stepId, u.stepLabel] as const, ...(u.alsoSetBy ?? []).map((s) => [s.stepId, s.stepLabel] as const)])).entries()];
    const set = { label: `set ${names} now`, value: 'set' };
    const goto = steps.map(([id, label]) => ({ label: `go to step ${label} (not run now)`, value: `goto:${id}` }));
    const run = { label: rehearsal ? 'rehearse it anyway (reason, recorded as a deviation; nothing runs)' : 'run anyway (reason, recorded as a deviation)', value: 'run' };
    const cancel = { label: 'do not run it now', value: 'cancel' };
    if (!leftEmpty) return [set, ...goto, run, cancel];
    // "set now" was left empty: the way on first (a rehearsal walks past, a run goes to the step that sets it)
    return rehearsal ? [run, ...goto, cancel, set] : [...goto, run, cancel, set];
  }, [unset, names, leftEmpty, rehearsal]);
  // the set form is the parameters form, its answer turned into this prompt's
  const setForm = useMemo<PendingPrompt<'params'>>(
    () => ({
      id: pending.id,
      prompt: { kind: 'params', params: unset.map((u) => ({ name: u.name, secret: false, forms: [`$${u.name}`], line: command.line, description: `set by ${setByText(u)}` })) },
      resolve: (values) => resolve({ action: 'set', values }),
    }),
    [pending.id, unset, command.line, resolve],
  );
  if (mode === 'set') return <ParamsForm pending={setForm} width={width} height={height} />;
  return (
    <PromptFrame title={`Not set: ${names}`} tone="warning" width={width} height={height}>
      <Text dimColor wrap="truncate-end">
        {step.title} · $ {command.name ?? command.code.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? ''}
      </Text>
      {unset.map((u) => (
        <Text key={u.name} wrap="truncate-end">
          <Text bold color="yellow">
            {u.name}
          </Text>{' '}
          is not set: it is set by {setByText(u)}
        </Text>
      ))}
      {leftEmpty ? (
        <Text color="yellow" wrap="truncate-end">
          {names} left empty: {rehearsal ? 'rehearse the block without it' : 'go to the step that sets it'} (first below)
        </Text>
      ) : null}
      {mode === 'choose' ? (
        <Box flexDirection="column">
          <ChoiceList
            options={options}
            onChange={(v) => {
              if (v === 'set' || v === 'run') setMode(v);
              else if (v === 'cancel') resolve({ action: 'cancel' });
              else resolve({ action: 'goto', stepId: v.slice('goto:'.length) });
            }}
          />
          <Text dimColor>↑↓ choose · Enter · Esc not now</Text>
        </Box>
      ) : (
        <TextEntry title={`Run with ${names} not set`} label="Reason" required onSubmit={(reason) => resolve({ action: 'run', reason })} onCancel={() => setMode('choose')} />
      )}
    </PromptFrame>
  );
}
