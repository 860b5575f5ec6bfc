// `flightdeck lint <file> [--json]`: the parsed outline and problems of a runbook.
// Loads only the parser: no Ink, React or Azure here.
import { styleText } from 'node:util';
import { ExitCode } from '../errors.js';
import { loadRunbook } from '../runbook/load.js';
import { hasErrors, lintSummary, type LintSummary } from '../runbook/lint.js';
import type { Runbook, Severity } from '../runbook/model.js';
import { outlineTree } from './lint-outline.js';

type Style = Parameters<typeof styleText>[0];

export async function lintCommand(file: string, opts: { json?: boolean }): Promise<number> {
  const runbook = await loadRunbook(file);
  const summary = lintSummary(runbook);
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else process.stdout.write(humanReport(runbook, summary, useColour()));
  return hasErrors(runbook) ? ExitCode.usage : ExitCode.ok;
}

function useColour(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

export function humanReport(runbook: Runbook, s: LintSummary, colour: boolean): string {
  const paint = (style: Style, text: string) => (colour ? styleText(style, text) : text);
  const out: string[] = [];
  out.push(paint('bold', s.title), paint('dim', `${s.file}  sha256 ${s.sha256.slice(0, 12)}`), '');
  out.push(...outlineTree(runbook, s.outline, s.branches, paint));
  out.push('');
  const totals: [string, number][] = [
    ['steps', s.steps],
    ['checks', s.checks],
    ['commands', s.commands],
    ['expectations', s.expectations],
    ['gates', s.gates],
    ['decisions', s.decisions],
    ['sign-offs', s.signoffs],
    ['evidence', s.evidence],
    ['dangerous', s.dangerous],
  ];
  out.push(totals.map(([k, v]) => `${paint('bold', String(v))} ${k}`).join('  '));
  if (s.signoffRoles.length > 0) out.push(`sign-off roles: ${s.signoffRoles.join(', ')}`);
  if (s.params.length > 0) out.push(`parameters: ${s.params.map((p) => (p.secret ? `${p.name} (secret)` : p.name)).join(', ')}`);
  out.push('');
  if (s.diagnostics.length === 0) out.push(paint('green', 'no problems found'));
  for (const d of s.diagnostics) {
    out.push(`${s.file}:${d.line}: ${paint(SEVERITY_STYLE[d.severity], d.severity)}: ${d.message}`);
  }
  return out.join('\n') + '\n';
}
