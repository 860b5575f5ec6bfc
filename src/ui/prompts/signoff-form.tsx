import { useState } from 'react';
import { Box, Text } from 'ink';
import { ChoiceList } from '../components/choice-list.js';
import { useKeys } from '../hooks/use-keys.js';
import { promptKey } from '../keymap.js';
import { LineInput } from '../components/line-input.js';
import type { PendingPrompt } from '../../session/types.js';
import { PromptFrame, innerWidth } from './prompt-frame.js';
import { ClampedText } from '../components/clamped-text.js';
import { useResolveOnce } from './resolve-once.js';

interface Props {
  pending: PendingPrompt<'signoff'>;
  actor: string;
  width: number;
  height: number;
}

type Phase = 'choice' | 'name' | 'comment' | 'approve';

/** A sign-off: optional choice, the signer's name (prefilled), an optional comment, then an explicit approval key. */
export function SignoffForm({ pending, actor, width, height }: Props) {
  const { form, role, suggestedName, azurePrincipal, error, step, failed, refused, earlier } = pending.prompt;
  const resolve = useResolveOnce(pending);
  const [phase, setPhase] = useState<Phase>(form.choice && earlier?.choice === undefined ? 'choice' : 'name');
  // asked again after a refusal: the choice and comment typed before stay
  const [choice, setChoice] = useState<string | undefined>(earlier?.choice);
  // never prefilled with a name four-eyes refuses for this role
  const [name, setName] = useState(suggestedName ?? (refused?.some((r) => r.name === actor) ? '' : actor));
  const [comment, setComment] = useState(earlier?.comment ?? '');
  const [nameError, setNameError] = useState<string | undefined>();

  const answer = (approved: boolean): void => {
    const trimmed = comment.trim();
    resolve({ name: name.trim(), approved, ...(trimmed ? { comment: trimmed } : {}), ...(choice !== undefined ? { choice } : {}) });
  };

  useKeys(
    (input, key) => {
      const k = promptKey(input, key);
      if (phase === 'approve') {
        if (k === 'approve') answer(true);
        else if (k === 'decline') answer(false);
        else if (k === 'back') setPhase('comment');
      } else if (k === 'back') {
        if (phase === 'comment') setPhase('name');
        else if (phase === 'name' && form.choice) setPhase('choice');
      }
    },
  );

  const roles = role ? role : form.roles.join(', ');
  return (
    <PromptFrame title={`Sign-off: ${form.title}`} width={width} height={height}>
      <Text wrap="truncate-end">
        Role: <Text bold>{roles || 'approver'}</Text> · step: {step.title}
        {form.fourEyes ? <Text color="yellow"> · four-eyes</Text> : null}
      </Text>
      {failed ? <ClampedText color="red" text={`✘ failed and not passed since: ${failed.join('; ')}`} width={innerWidth(width)} maxRows={2} /> : null}
      {error ? <ClampedText color="red" text={error} width={innerWidth(width)} maxRows={2} /> : null}
      {form.choice && choice !== undefined ? (
        <Text wrap="truncate-end">
          {form.choice.label || 'Outcome'}: <Text bold>{choice}</Text>
        </Text>
      ) : null}
      {phase === 'choice' && form.choice ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{form.choice.label || 'Outcome'}:</Text>
          <ChoiceList
            options={form.choice.options.map((o) => ({ label: o, value: o }))}
            onChange={(v) => {
              setChoice(v);
              setPhase('name');
            }}
          />
        </Box>
      ) : null}
      {phase === 'name' ? (
        <Box>
          <Text color="cyan">Name › </Text>
          <LineInput
            defaultValue={name}
            onChange={setName}
            onSubmit={(v) => {
              if (v.trim() === '') {
                setNameError('a sign-off needs the signer’s name');
                return false;
              }
              const no = refused?.find((r) => r.name === v.trim());
              if (no) {
                setNameError(no.why);
                return false;
              }
              setNameError(undefined);
              setName(v);
              setPhase('comment');
            }}
          />
        </Box>
      ) : phase === 'comment' || phase === 'approve' ? (
        <Text wrap="truncate-end">
          Name: <Text bold>{name}</Text>
        </Text>
      ) : null}
      {azurePrincipal && name.trim() === suggestedName ? <Text dimColor wrap="truncate-end">Azure: signed in as {azurePrincipal} (recorded with the sign-off)</Text> : null}
      {nameError ? <Text color="red">{nameError}</Text> : null}
      {phase === 'comment' ? (
        <Box>
          <Text color="cyan">Comment (optional) › </Text>
          <LineInput
            defaultValue={comment}
            onChange={setComment}
            onSubmit={(v) => {
              setComment(v);
              setPhase('approve');
            }}
          />
        </Box>
      ) : phase === 'approve' && comment.trim() ? (
        <Text wrap="truncate-end">Comment: {comment.trim()}</Text>
      ) : null}
      {phase === 'approve' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            <Text bold color="green">a</Text> I approve · <Text bold color="red">d</Text> decline · Esc back
          </Text>
          <Text dimColor>The time is recorded when you answer.</Text>
        </Box>
      ) : (
        <Text dimColor>Enter next · Esc back</Text>
      )}
    </PromptFrame>
  );
}
