// The bash wrapper around one command block. The block's own text is sourced from a file
// (so bash's error messages carry the block's line numbers); an EXIT trap writes the
// working directory and exported environment, NUL-separated, to a state file that the
// next block starts from. Nothing from parameters is ever written into these files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKER_VAR } from './shell-runner-procs.js';

/** Variables that describe one bash process, not the operator's session. */
const NOT_CARRIED = new Set(['SHLVL', '_', 'PWD', MARKER_VAR]);

export interface BlockFiles {
  wrapper: string;
  block: string;
  state: string;
}

function singleQuoted(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/** Writes the wrapper and block files into `dir` (a private temp dir). */
export function writeBlockFiles(dir: string, script: string): BlockFiles {
  const files: BlockFiles = {
    wrapper: join(dir, 'wrapper.sh'),
    block: join(dir, 'block.sh'),
    state: join(dir, 'state'),
  };
  const wrapper = [
    `__flightdeck_save_state() { { printf '%s\\0' "$PWD"; env -0; } > ${singleQuoted(files.state)} 2>/dev/null; }`,
    `trap __flightdeck_save_state EXIT`,
    `. ${singleQuoted(files.block)}`,
    '',
  ].join('\n');
  writeFileSync(files.wrapper, wrapper, { mode: 0o600 });
  writeFileSync(files.block, script.endsWith('\n') ? script : `${script}\n`, { mode: 0o600 });
  return files;
}

export interface ShellState {
  cwd: string;
  env: Record<string, string>;
}

/** The state the block left behind, or undefined when it did not get to write it (killed). */
export function readState(path: string): ShellState | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const parts = raw.split('\0');
  const cwd = parts.shift();
  if (!cwd || parts.pop() !== '') return undefined;
  const env: Record<string, string> = {};
  for (const entry of parts) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (!NOT_CARRIED.has(name)) env[name] = entry.slice(eq + 1);
  }
  return { cwd, env };
}
