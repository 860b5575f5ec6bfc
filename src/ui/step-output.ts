// The output of a step's finished runs, for the pane under its detail: each run's last lines
// (read from its spool, so they are there when the step is revisited and after a resume) under
// a line naming the command, or, while a search is on, the lines that match with their numbers.
import type { Step } from '../runbook/model.js';
import type { StepState } from '../session/types.js';
import type { SpoolTail } from '../steps/spool-tail.js';
import { plainText } from './text/safe-text.js';

export interface OutputRow {
  text: string;
  /** head: the line naming a run; line: its output; note: what the search found. */
  kind: 'head' | 'line' | 'note';
}

export interface StepOutput {
  rows: OutputRow[];
  /** Every spool file of the step, oldest first (what `o` opens). */
  files: string[];
  /** Lines of output the rows show (before a search). */
  lines: number;
}

export type TailReader = (file: string, lines: number) => SpoolTail | undefined;

function runHead(step: Step, commandId: string, status: string, exitCode: number | undefined, lines: number, before: number): string {
  const cmd = step.commands.find((c) => c.id === commandId);
  const name = plainText(cmd?.name ?? cmd?.code.split('\n')[0] ?? commandId);
  const exit = exitCode !== undefined ? ` · exit ${exitCode}` : ` · ${status}`;
  const cut = before > 0 ? ` · last ${lines - before} of ${lines} lines (o: all)` : ` · ${lines} line${lines === 1 ? '' : 's'}`;
  return `$ ${name}${exit}${cut}`;
}

/** The step's finished output as rows, or undefined when no run of it has spooled output. */
export function stepOutput(step: Step, state: StepState | undefined, read: TailReader, search?: string): StepOutput | undefined {
  const rows: OutputRow[] = [];
  const files: string[] = [];
  let lines = 0;
  let matches = 0;
  const needle = search?.toLowerCase();
  for (const run of state?.runs ?? []) {
    if (!run.output || run.status === 'running') continue;
    const tail = read(run.output.file, run.output.lines);
    if (!tail) continue;
    files.push(run.output.file);
    rows.push({ kind: 'head', text: runHead(step, run.commandId, run.status, run.exitCode, run.output.lines, tail.before) });
    tail.lines.forEach((text, i) => {
      lines++;
      if (needle === undefined) return void rows.push({ kind: 'line', text });
      if (!plainText(text).toLowerCase().includes(needle)) return;
      matches++;
      rows.push({ kind: 'line', text: `${tail.before + i + 1}: ${text}` });
    });
  }
  if (files.length === 0) return undefined;
  if (search !== undefined) {
    rows.unshift({ kind: 'note', text: matches === 0 ? `no line matches "${search}"` : `${matches} line${matches === 1 ? '' : 's'} match "${search}"` });
  }
  return { rows, files, lines };
}
