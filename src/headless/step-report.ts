// What an unattended step did, for the headless log: each command it ran (as recorded,
// secrets masked) and the last lines of its output, read back from the spool. Escapes are
// dropped, colour included (printable): a CI log is no terminal to draw on.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import type { CommandRun } from '../session/types.js';
import { formatLimit } from '../steps/shell-executor.js';
import { printable } from '../text/printable.js';

/** Output lines shown per command; the spool named under them has all of it. */
export const TAIL_LINES = 5;
const SCRIPT_LINES = 6;
const TAIL_BYTES = 16 << 10;

/** The last `n` lines of a file (reads only its end). */
export function tailLines(path: string, n: number): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').replace(/\n$/, '').split('\n');
    if (len < size) lines.shift(); // the first one is cut
    return lines.slice(-n).map((l) => printable(l));
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function how(run: CommandRun): string {
  switch (run.status) {
    case 'exited':
      if (run.timedOut) return run.timeoutMs !== undefined ? `timed out after ${formatLimit(run.timeoutMs)}` : 'timed out';
      return run.exitCode !== undefined ? `exit ${run.exitCode}` : `killed by ${run.signal ?? 'a signal'}`;
    case 'would-run':
      return 'would run';
    case 'confirmed':
      return 'done by hand';
    case 'cancelled':
      return 'cancelled';
    case 'interrupted':
      return 'interrupted';
    case 'running':
      return 'running';
    default: {
      const never: never = run.status;
      return never;
    }
  }
}

/** Lines for the runs of one step: `$ script`, how it ended, and its output's last lines. */
export function runLines(runs: readonly CommandRun[], outputPath: (file: string) => string): string[] {
  const out: string[] = [];
  for (const run of runs) {
    const script = (run.resolved ?? run.commandId).replace(/\n+$/, '').split('\n').map((l) => printable(l));
    const shown = script.slice(0, SCRIPT_LINES);
    out.push(...shown.map((l, i) => `    ${i === 0 ? '$' : '>'} ${l}`));
    if (script.length > shown.length) out.push(`    > … (${script.length - shown.length} more lines)`);
    const duration = run.durationMs !== undefined ? `, ${(run.durationMs / 1000).toFixed(1)} s` : '';
    out.push(`    ${how(run)}${duration}`);
    if (!run.output) continue;
    const tail = tailLines(outputPath(run.output.file), TAIL_LINES);
    const cut = run.output.lines > tail.length ? ` (last ${tail.length} of ${run.output.lines} lines; all in ${outputPath(run.output.file)})` : '';
    if (tail.length > 0) out.push(`    output${cut}:`, ...tail.map((l) => `    | ${l}`));
  }
  return out;
}
