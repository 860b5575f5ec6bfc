// `flightdeck lint <file> [--json] [--fix-encoding]`: the parsed outline and problems of a
// runbook; --fix-encoding also writes a copy with its damaged text repaired. Loads only
// the parser: no Ink, React or Azure here.
import { isUtf8 } from 'node:buffer';
import { link, rm, stat, writeFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { styleText } from 'node:util';
import { ExitCode, UserError } from '../errors.js';
import { readRunbook } from '../runbook/load.js';
import { hasErrors, lintSummary, type LintSummary } from '../runbook/lint.js';
import type { Runbook, Severity } from '../runbook/model.js';
import { repairMojibake } from '../runbook/mojibake.js';
import { outlineTree } from './lint-outline.js';

type Style = Parameters<typeof styleText>[0];

export async function lintCommand(file: string, opts: { json?: boolean; fixEncoding?: boolean }): Promise<number> {
  const { runbook, bytes } = await readRunbook(file);
  const summary = lintSummary(runbook);
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else process.stdout.write(humanReport(runbook, summary, useColour()));
  if (opts.fixEncoding) {
    const note = await writeRepairedCopy(file, bytes);
    (opts.json ? process.stderr : process.stdout).write(note + '\n');
  }
  return hasErrors(runbook) ? ExitCode.usage : ExitCode.ok;
}

/** `deploy.md` -> `deploy.utf8.md`, beside it. */
export function repairedCopyPath(file: string): string {
  const { dir, name, ext } = parse(file);
  return join(dir, `${name}.utf8${ext}`);
}

/** Writes the runbook with its damaged text repaired next to it; never over an existing file. */
async function writeRepairedCopy(file: string, bytes: Buffer): Promise<string> {
  if (!isUtf8(bytes)) {
    throw new UserError(
      `${file} is not UTF-8 text, so --fix-encoding cannot repair it (it repairs UTF-8 that was read through a code page)`,
      `convert the file to UTF-8 first, e.g. iconv -f WINDOWS-1252 -t UTF-8 ${file}`,
    );
  }
  // as the parser reads it: without a byte-order mark, line endings kept
  const { text, found } = repairMojibake(new TextDecoder('utf-8').decode(bytes));
  if (found.length === 0) return `nothing to repair in ${file}: no damaged text found, no copy written`;
  const dest = repairedCopyPath(file);
  const tmp = `${dest}.${process.pid}.tmp`;
  const mode = (await stat(file)).mode & 0o666;
  try {
    await writeFile(tmp, text, { flag: 'wx', mode });
    // a hard link never replaces an existing file, and the copy appears whole or not at all
    await link(tmp, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UserError(`${dest} already exists`, 'remove or rename it and run again');
    }
    throw new UserError(`cannot write ${dest}: ${(err as Error).message}`, 'check the directory permissions');
  } finally {
    await rm(tmp, { force: true });
  }
  const total = found.reduce((n, f) => n + f.count, 0);
  const pages = found.map((f) => `${f.count} through ${f.page}, first at line ${f.firstLine}`).join('; ');
  return `wrote ${dest}: ${total} damaged sequence${total === 1 ? '' : 's'} repaired (${pages}); check it, then replace ${file} with it`;
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
