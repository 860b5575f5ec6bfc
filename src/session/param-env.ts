// Parameters from the environment. A runbook parameter NAME is read from
// FLIGHTDECK_PARAM_<NAME> (upper case, every character other than a letter or digit as
// `_`: `storage-key` -> FLIGHTDECK_PARAM_STORAGE_KEY), which any name can use, then from a
// variable named exactly like it (`ENVIRONMENT`), which only shell-style names can.
import { UserError } from '../errors.js';
import type { Runbook } from '../runbook/model.js';
import { expectationNames } from './expect-params.js';

export function paramEnvName(name: string): string {
  return `FLIGHTDECK_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The parameter's value from the environment, if it is there and not empty. */
export function paramFromEnv(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const v = env[paramEnvName(name)] || env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Refuses --set names the runbook has no parameter for (a typo would otherwise go unnoticed). */
export function checkSetNames(sets: Readonly<Record<string, string>>, runbook: Runbook, file: string): void {
  // a name only an expectation uses (expect="${TARGET}") is a parameter too
  const names = [...new Set([...runbook.params.map((p) => p.name), ...expectationNames(runbook)])];
  const known = new Set(names);
  const unknown = Object.keys(sets).filter((n) => !known.has(n));
  if (unknown.length === 0) return;
  throw new UserError(
    `--set ${unknown.join(', ')}: ${file} has no parameter${unknown.length === 1 ? '' : 's'} of that name`,
    names.length > 0 ? `its parameters are: ${names.join(', ')}` : 'it has no parameters',
  );
}
