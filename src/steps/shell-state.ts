// The session's shell as kept across a quit and resume: what blocks changed relative to
// the environment flightdeck started with (so a resumed session still gets the operator's
// fresh environment for everything else). Before it is written anywhere, whatever looks
// secret is held back: a secret parameter (it comes back as a parameter), any value that
// redaction would change (a secret parameter's value, a secret shape: src/text/redact.ts),
// a secret-looking name (password, token, key...). Only the names of what was held back
// are kept.
import { envName } from './placeholders.js';
import { Redactor } from '../text/redact.js';
import { declaredValue } from '../text/declared-value.js';
import { isSecretName } from '../text/secret-names.js';

export interface ShellSnapshot {
  cwd: string;
  /** Exported variables blocks set or changed. */
  env: Record<string, string>;
  /** Variables of flightdeck's own environment that blocks unset. */
  unset: string[];
  /** Plain variables: name -> bash's `declare -p` text. */
  vars: Record<string, string>;
  /** Functions: name -> `declare -f` text. */
  functions: Record<string, string>;
}

/** A saved shell to start from; no cwd when the saved one is gone. */
export type RestoredShell = Omit<ShellSnapshot, 'cwd'> & { cwd: string | undefined };

export interface HeldBack {
  /** The snapshot without anything that looked secret. */
  kept: ShellSnapshot;
  /** Names held back because they looked secret (functions as `name()`). */
  withheld: string[];
}

/** A value as `declare -p` / `declare -f` quote it inside double quotes. */
function doubleQuoted(value: string): string {
  return value.replace(/[\\"$`]/g, '\\$&');
}

function looksSecret(redactor: Redactor, text: string): boolean {
  return redactor.findsIn(text) || (text.includes('\\') && redactor.findsIn(declaredValue(text)));
}

/** Splits a snapshot into what may be written to disk and the names of what may not. */
export function holdBackSecrets(
  snap: ShellSnapshot,
  secretValues: readonly string[],
  secretParams: readonly string[],
): HeldBack {
  const redactor = new Redactor(secretValues.flatMap((v) => [v, doubleQuoted(v)]));
  const params = new Set(secretParams.flatMap((n) => [n, envName(n)]));
  const withheld: string[] = [];
  const keep = (name: string, text: string, label = name): boolean => {
    if (params.has(name)) return false;
    if (isSecretName(name) || looksSecret(redactor, text)) {
      withheld.push(label);
      return false;
    }
    return true;
  };
  const kept: ShellSnapshot = { cwd: snap.cwd, env: {}, unset: [...snap.unset], vars: {}, functions: {} };
  for (const [name, value] of Object.entries(snap.env)) if (keep(name, `${name}=${value}`)) kept.env[name] = value;
  for (const [name, text] of Object.entries(snap.vars)) if (keep(name, text)) kept.vars[name] = text;
  for (const [name, text] of Object.entries(snap.functions)) {
    if (!looksSecret(redactor, text)) kept.functions[name] = text;
    else withheld.push(`${name}()`);
  }
  return { kept, withheld };
}
