import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { PasswordInput, TextInput } from '@inkjs/ui';
import type { PendingPrompt } from '../../session/types.js';
import { PromptFrame, innerRows } from './prompt-frame.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'params'>;
  width: number;
  height: number;
}

/** Every missing parameter in one form. Secret values are masked and live only in this form's memory. */
export function ParamsForm({ pending, width, height }: Props) {
  const { params } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(params.map((p) => [p.name, p.secret ? '' : (p.default ?? '')])),
  );
  const [focus, setFocus] = useState(0);
  const [error, setError] = useState<string | undefined>();

  const submit = (current: Record<string, string>): void => {
    const missing = params.findIndex((p) => (current[p.name] ?? '') === '');
    if (missing !== -1) {
      setError(`${params[missing]?.name ?? ''} needs a value`);
      setFocus(missing);
      return;
    }
    resolve(current);
  };

  useInput((_input, key) => {
    if (key.downArrow || (key.tab && !key.shift)) setFocus((f) => Math.min(params.length - 1, f + 1));
    if (key.upArrow || (key.tab && key.shift)) setFocus((f) => Math.max(0, f - 1));
  });

  const onChange = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const onSubmit = (name: string) => (value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    if (focus < params.length - 1) setFocus(focus + 1);
    else submit(next);
  };

  const rows = Math.max(1, innerRows(height) - 3);
  const start = Math.max(0, Math.min(focus - Math.floor(rows / 2), params.length - rows));
  const labelWidth = Math.min(28, Math.max(...params.map((p) => p.name.length)) + 1);
  return (
    <PromptFrame title={`Parameters this runbook needs (${params.length})`} width={width} height={height}>
      {params.slice(start, start + rows).map((p, k) => {
        const i = start + k;
        const value = values[p.name] ?? '';
        const focused = i === focus;
        return (
          <Box key={p.name}>
            <Text color={focused ? 'cyan' : undefined} bold={focused}>
              {focused ? '› ' : '  '}
              {p.name.padEnd(labelWidth)}
            </Text>
            {focused ? (
              p.secret ? (
                <PasswordInput key={`${p.name}:${focus}`} placeholder="secret, hidden" onChange={onChange(p.name)} onSubmit={onSubmit(p.name)} />
              ) : (
                <TextInput
                  key={`${p.name}:${focus}`}
                  defaultValue={value}
                  placeholder={p.description ?? ''}
                  onChange={onChange(p.name)}
                  onSubmit={onSubmit(p.name)}
                />
              )
            ) : (
              <Text dimColor={value === ''} wrap="truncate-end">
                {p.secret ? (value ? '•••••• (set)' : '(secret, empty)') : value || '(empty)'}
              </Text>
            )}
          </Box>
        );
      })}
      {error ? <Text color="red">{error}</Text> : <Text> </Text>}
      <Text dimColor wrap="truncate-end">
        Enter next/submit · ↑↓ Tab move · secrets are never written to disk
      </Text>
    </PromptFrame>
  );
}
