// Parameters inside expectations: `expect="${TARGET}"` checks for the value TARGET was
// given, not for the text `${TARGET}`. Also the names expectations use, so `--set` accepts
// them, and the values earlier blocks captured (capture=REV), which later blocks read.
import type { Check, Command, Expectation, Runbook } from '../runbook/model.js';

const USE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const HAS_USE = /\$\{?[A-Za-z_]/;

function expand(text: string, values: ReadonlyMap<string, string>, quote: (v: string) => string = (v) => v): string {
  return text.replace(USE, (whole, braced: string | undefined, bare: string | undefined) => {
    const v = values.get(braced ?? bare ?? '');
    return v === undefined ? whole : quote(v);
  });
}

const regexQuote = (v: string): string => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function expandCheck(check: Check, values: ReadonlyMap<string, string>): Check {
  switch (check.kind) {
    case 'text':
      return { ...check, text: expand(check.text, values) };
    case 'regex':
      return { ...check, pattern: expand(check.pattern, values, regexQuote) };
    case 'json-field':
      return typeof check.equals === 'string' ? { ...check, equals: expand(check.equals, values) } : check;
    case 'exit-code':
    case 'threshold':
    case 'manual':
      return check;
    default: {
      const never: never = check;
      return never;
    }
  }
}

/** The command with parameter values put into its expectations (the runbook's own copy is left alone). */
export function withExpandedExpectations(command: Command, values: ReadonlyMap<string, string>): Command {
  if (!command.expectations.some((e) => HAS_USE.test(e.text))) return command;
  const expectations: Expectation[] = command.expectations.map((e) => ({ ...e, text: expand(e.text, values), check: expandCheck(e.check, values) }));
  return { ...command, expectations };
}

/** Names used as `${NAME}` in any expectation of the runbook. */
export function expectationNames(runbook: Runbook): string[] {
  const names = new Set<string>();
  for (const step of runbook.steps) {
    for (const c of step.commands) for (const e of c.expectations) for (const m of e.text.matchAll(USE)) names.add(m[1] ?? m[2] ?? '');
  }
  names.delete('');
  return [...names];
}

/** Names that earlier blocks capture (capture=NAME). */
export function capturedNames(runbook: Runbook): string[] {
  return runbook.steps.flatMap((s) => s.commands.flatMap((c) => (c.capture ? [c.capture] : [])));
}
