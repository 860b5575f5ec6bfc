// Runbook parameters in a metric block's fields (resource ids, workspace, KQL) filled in
// from the session's values: `${NAME}`, `$NAME`, `{name}`, `<NAME>`. A value that would
// change a query's shape (quotes, pipes, newlines) is refused rather than pasted in.
import { UserError } from '../errors.js';
import { declaredValue } from '../text/declared-value.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_.-]*)\}|<([A-Za-z_][A-Za-z0-9_.-]*)>/g;

export interface Filled {
  text: string;
  /** Names referenced that have no value. */
  missing: string[];
}

/** Replaces every reference that has a value; the others stay as written and are listed. */
export function fillParams(text: string, values: ReadonlyMap<string, string>): Filled {
  const missing = new Set<string>();
  const out = text.replace(REFERENCE, (whole, a?: string, b?: string, c?: string, d?: string) => {
    const name = a ?? b ?? c ?? d ?? '';
    const value = values.get(name);
    if (value !== undefined) return value;
    // `<` in KQL is a comparison and `{...}` can be a dynamic literal: only a known name is a parameter
    if (a || b) missing.add(name);
    return whole;
  });
  return { text: out, missing: [...missing] };
}

const UNSAFE_IN_QUERY = /['"`|;\n\r\\]/;

/** Fills a metric block field; a missing value, or one unsafe in a query, is a UserError. */
export function fillField(field: string, text: string, values: ReadonlyMap<string, string>, query = false): string {
  if (query) {
    for (const [name, value] of values) {
      if (UNSAFE_IN_QUERY.test(value) && fillParams(text, new Map([[name, value]])).text !== text) {
        throw new UserError(`the value of ${name} holds quotes, pipes or line breaks and would change the metric block's ${field}`, `set ${name} to a plain value`);
      }
    }
  }
  const filled = fillParams(text, values);
  if (filled.missing.length > 0) {
    throw new UserError(`the metric block's ${field} names ${filled.missing.map((n) => `\${${n}}`).join(', ')} with no value`, `set ${filled.missing.map((n) => `--set ${n}=…`).join(' ')}`);
  }
  return filled.text;
}

/** What the session's shell holds: exported variables, and plain ones from their `declare -p` text. */
interface ShellVariables {
  env: Record<string, string>;
  vars: Record<string, string>;
}

/** A plain string variable's value from `declare -- NAME="value"` (arrays and others: none). */
function plainValue(text: string): string | undefined {
  const m = /^declare -[-ilrtuxn]* [A-Za-z_][A-Za-z0-9_]*="((?:[^"\\]|\\.)*)"$/s.exec(text.trim());
  return m?.[1] === undefined ? undefined : declaredValue(m[1]);
}

/**
 * The session's values, and for names they lack, what earlier blocks left in the shell (a
 * query naming `${REVISION_SUFFIX}` that a block set to `canary-$(date ...)`), then the
 * environment's AZURE_SUBSCRIPTION_ID (the one variable of flightdeck's own environment an
 * Azure reference may name without being a parameter).
 */
export function withShellValues(values: ReadonlyMap<string, string>, shell: ShellVariables | undefined, env: NodeJS.ProcessEnv = {}): ReadonlyMap<string, string> {
  const subscription = env['AZURE_SUBSCRIPTION_ID'];
  if (!shell && !subscription) return values;
  const out = new Map<string, string>(subscription ? [['AZURE_SUBSCRIPTION_ID', subscription]] : []);
  for (const [name, text] of Object.entries(shell?.vars ?? {})) {
    const v = plainValue(text);
    if (v !== undefined) out.set(name, v);
  }
  for (const [name, v] of Object.entries(shell?.env ?? {})) out.set(name, v);
  for (const [name, v] of values) out.set(name, v);
  return out;
}
