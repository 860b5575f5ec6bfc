// The bash wrapper around one command block. The block's own text is sourced from a file
// (so bash's error messages carry the block's line numbers); an EXIT trap writes the
// working directory and exported environment, NUL-separated, to a state file that the
// next block starts from. Nothing from parameters is ever written into these files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKER_VAR } from './shell-runner-procs.js';

/** Variables that describe one bash process, not the operator's session. */
const NOT_CARRIED = new Set(['SHLVL', '_', 'PWD', MARKER_VAR]);

// bash's `read -p` shows its prompt only when stdin is a terminal, and here stdin is a pipe
// the operator types into. This shim prints the prompt to stderr, then calls the builtin
// with the same options minus -p. Option clusters such as -rp are understood.
const READ_SHIM = `read() {
  local __fd_out=() __fd_prompt= __fd_has=0 __fd_a __fd_c __fd_i __fd_rest
  while (($#)); do
    __fd_a=$1
    if [[ $__fd_a == -- ]]; then __fd_out+=("$@"); break; fi
    if [[ $__fd_a != -?* ]]; then __fd_out+=("$@"); break; fi
    shift
    __fd_c=-
    for ((__fd_i = 1; __fd_i < \${#__fd_a}; __fd_i++)); do
      __fd_rest=\${__fd_a:__fd_i+1}
      case \${__fd_a:__fd_i:1} in
        p)
          if [[ -n $__fd_rest ]]; then __fd_prompt=$__fd_rest; else __fd_prompt=$1; shift; fi
          __fd_has=1; break ;;
        [adinNtu])
          __fd_c+=\${__fd_a:__fd_i:1}
          __fd_out+=("$__fd_c")
          if [[ -n $__fd_rest ]]; then __fd_out+=("$__fd_rest"); else __fd_out+=("$1"); shift; fi
          __fd_c=-; break ;;
        *) __fd_c+=\${__fd_a:__fd_i:1} ;;
      esac
    done
    [[ $__fd_c != - ]] && __fd_out+=("$__fd_c")
  done
  ((__fd_has)) && printf '%s' "$__fd_prompt" >&2
  builtin read "\${__fd_out[@]}"
}`;

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
    READ_SHIM,
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
