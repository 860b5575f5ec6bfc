// What the operator types into a running command (the `i` box), as the `input` event records
// it: the line as typed, or masked when it could be a secret. Never stored: a value shaped
// like a secret, one holding a secret parameter's value, or the answer to a prompt that asks
// for a password, token or key (`read -s -p "DB password: "` takes `hunter2` as well).
import type { InputData } from './event-data.js';
import { looksSecretValue } from '../text/secret-shape.js';
import { isSecretName } from '../text/secret-names.js';

export const MASKED_INPUT = '[masked]';

/** The input event for `data` typed at `prompt` (the command's last output line). */
export function typedInput(stepId: string, commandId: string, data: string, prompt: string, secretValues: readonly string[]): InputData {
  const text = data.replace(/\r?\n$/, '');
  const secret = looksSecretValue(text) || isSecretName(prompt) || secretValues.some((v) => v.length > 0 && text.includes(v));
  return secret ? { stepId, commandId, text: MASKED_INPUT, masked: true } : { stepId, commandId, text };
}
