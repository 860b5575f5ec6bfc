import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import type { PendingPrompt } from '../../session/types.js';
import { LineView } from '../components/line-input.js';
import { editLine, lineState, type LineState } from '../text/line-edit.js';
import { PromptFrame, innerRows, innerWidth } from './prompt-frame.js';
import { clampRows } from '../components/clamped-text.js';
import { mayBeSecretValue } from '../../text/secret-shape.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'params'>;
  width: number;
  height: number;
}

interface FormState {
  fields: LineState[];
  focus: number;
}

/**
 * Every missing parameter in one form; any may be left empty. Secret values are masked and live only in this
 * form's memory: secret by name, or by what is typed (a URL with a password, a token...), masked from the
 * first character that gives it away. The form owns its keys (one handler, state in a ref) so that fast typing,
 * "v1" Enter "prod" Enter in one burst, lands each value in its own field.
 */
export function ParamsForm({ pending, width, height }: Props) {
  const { params } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [form, setForm] = useState<FormState>(() => ({ fields: params.map((p) => lineState(p.secret ? '' : (p.default ?? ''))), focus: 0 }));
  const ref = useRef(form);

  const valuesOf = (fields: LineState[]): Record<string, string> =>
    Object.fromEntries(params.map((p, i) => [p.name, fields[i]?.value ?? '']));

  const update = (next: FormState): void => {
    ref.current = next;
    setForm(next);
  };

  // Empty fields are allowed: the engine asks again, for just those, when a step needs one.
  const submit = (fields: LineState[]): void => resolve(valuesOf(fields));

  useKeys((input, key) => {
    const { fields, focus } = ref.current;
    const last = params.length - 1;
    const k = promptKey(input, key);
    if (k === 'next' || (key.tab && !key.shift)) return update({ fields, focus: Math.min(last, focus + 1) });
    if (k === 'previous' || (key.tab && key.shift)) return update({ fields, focus: Math.max(0, focus - 1) });
    if (k === 'back') return submit(fields);
    const field = fields[focus];
    if (!field) return;
    const result = editLine(field, input, key);
    if (result.ignored) return;
    const next = fields.map((f, i) => (i === focus ? result.state : f));
    if (result.submit === undefined) return update({ fields: next, focus });
    if (focus < last) return update({ fields: next, focus: focus + 1 });
    update({ fields: next, focus });
    submit(next);
  }, { text: true });

  const { fields, focus } = form;
  const empty = fields.filter((f) => f.value === '').length;
  const inner = innerWidth(width);
  // the hint wraps (never cut): its rows are kept, the fields scroll in the rest
  const hint = clampRows('Enter next (on the last: submit) · Esc submit now · ↑↓ Tab move · secrets never written to disk', inner, 3);
  const rows = Math.max(1, innerRows(height) - 2 - hint.length);
  const start = Math.max(0, Math.min(focus - Math.floor(rows / 2), params.length - rows));
  const labelWidth = Math.min(28, Math.floor(inner / 3), Math.max(...params.map((p) => p.name.length)) + 1);
  const valueWidth = Math.max(4, inner - labelWidth - 2);
  return (
    <PromptFrame title={`Parameters this runbook needs (${params.length})`} width={width} height={height}>
      {params.slice(start, start + rows).map((p, k) => {
        const i = start + k;
        const field = fields[i] ?? lineState();
        const focused = i === focus;
        const secret = p.secret || mayBeSecretValue(field.value);
        return (
          <Box key={p.name} width={inner}>
            <Box width={labelWidth + 2} flexShrink={0}>
              <Text color={focused ? 'cyan' : undefined} bold={focused} wrap="truncate-end">
                {focused ? '› ' : '  '}
                {p.name}
              </Text>
            </Box>
            {focused ? (
              <LineView state={field} mask={secret} width={valueWidth} placeholder={p.secret ? 'secret, hidden' : (p.description ?? '')} />
            ) : (
              <Text dimColor={field.value === ''} wrap="truncate-end">
                {secret ? (field.value ? '•••••• (set)' : '(secret, empty)') : field.value || '(empty)'}
              </Text>
            )}
          </Box>
        );
      })}
      <Text dimColor wrap="truncate-end">
        {empty > 0 ? `${empty} left empty: asked again when a step needs one` : 'every value filled in'}
      </Text>
      <Text dimColor wrap="truncate-end">
        {hint.join('\n')}
      </Text>
    </PromptFrame>
  );
}
