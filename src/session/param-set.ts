// The param.set event of one value: a secret's value is never recorded. A secret shorter
// than the redactor's minimum cannot be masked in output (every short match would be
// masked too), so the event says so and the operator is told.
import { MIN_SECRET_LENGTH } from '../text/redact.js';
import type { ParamSetData, ParamSource } from './event-data.js';

export function paramSetData(name: string, value: string, secret: boolean, source: ParamSource): ParamSetData {
  if (!secret) return { name, secret, source, value };
  return { name, secret, source, ...(value.length < MIN_SECRET_LENGTH ? { unmasked: true } : {}) };
}

/** The operator's warning for secrets that output will show as they are; undefined when none. */
export function unmaskedNotice(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const list = names.join(', ');
  return `secret ${list} ${names.length === 1 ? 'is' : 'are'} shorter than ${MIN_SECRET_LENGTH} characters and cannot be masked: output and spools show ${names.length === 1 ? 'it' : 'them'} as typed`;
}
