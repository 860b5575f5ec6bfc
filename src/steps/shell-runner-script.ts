// The bash wrapper around one command block. The block's own text is sourced from a file
// (so bash's error messages carry the block's line numbers). An EXIT trap saves the shell
// state the next block starts from, runme-style: the working directory and exported
// environment (`env -0`), the plain variables as bash's own `declare -p` text, and the
// functions as `declare -f` text. The next block sources that text back from files in its
// private temp dir before its own code, so values are quoted by bash itself and never pass
// through script text we compose; options (`set -e`, `-u`, `-x`, pipefail) are not saved.
//
// stdout and stderr share one pipe (`exec 2>&1` first thing), so their lines arrive in
// exactly the order the block wrote them, as in a terminal. Two pipes read side by side
// can swap lines written at the same instant. Only a block whose stdout is read on its
// own (`capture=`, a JSON field or a number checked) keeps two pipes, in arrival order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKER_VAR } from './shell-runner-procs.js';

/** Variables that describe one bash process, not the operator's session. */
const NOT_CARRIED = new Set(['SHLVL', '_', 'PWD', MARKER_VAR]);

/**
 * Plain variables bash sets or computes itself (dynamic, readonly, per-process; SHELL and
 * TERM when the environment has none), and the
 * ones that act like options (IFS, OPTIND): none of them is session state.
 */
const NOT_CARRIED_PLAIN = new Set([
  ...NOT_CARRIED, 'OLDPWD', 'BASH', 'BASHOPTS', 'BASHPID', 'COLUMNS', 'LINES', 'DIRSTACK', 'EPOCHREALTIME', 'EPOCHSECONDS',
  'EUID', 'UID', 'PPID', 'FUNCNAME', 'GROUPS', 'HISTCMD', 'HISTFILE', 'HISTFILESIZE', 'HISTSIZE', 'HOSTNAME', 'HOSTTYPE',
  'MACHTYPE', 'OSTYPE', 'IFS', 'LINENO', 'MAILCHECK', 'OPTERR', 'OPTIND', 'OPTARG', 'PIPESTATUS', 'PS1', 'PS2', 'PS3',
  'PS4', 'RANDOM', 'SRANDOM', 'SECONDS', 'SHELLOPTS', 'COPROC', 'COPROC_PID', 'SHELL', 'TERM',
]);
const NOT_CARRIED_PREFIX = /^(?:BASH_|COMP_|__fd_|__flightdeck_)/;

/** Whether an exported variable of this name is carried to the next block (bash sets the others itself). */
export function carriesExportedVariable(name: string): boolean {
  return !NOT_CARRIED.has(name);
}

/** Whether a plain (non-exported) variable of this name is carried to the next block. */
export function carriesPlainVariable(name: string): boolean {
  return !NOT_CARRIED_PLAIN.has(name) && !NOT_CARRIED_PREFIX.test(name);
}

// bash's `read -p` shows its prompt only when stdin is a terminal, and here stdin is a pipe
// the operator types into. This shim prints the prompt to stderr, then calls the builtin
// with the same options minus -p. Option clusters such as -rp are understood. Bash scripts
// the block runs (./deploy.sh) get it too, through BASH_ENV (bashEnvFile).
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

/**
 * The BASH_ENV file of a block: every non-interactive bash the block starts (a `#!/bin/bash`
 * script, `bash -c`) reads it first, so a script's own `read -p` shows its prompt too. The
 * BASH_ENV the session had is read first. Not covered: sh/dash scripts and bash run as `sh`
 * (they ignore BASH_ENV), and programs that prompt on /dev/tty themselves.
 */
function bashEnvFile(before: string | undefined): string {
  return `${before ? `. ${singleQuoted(before)}\n` : ''}${READ_SHIM}\n`;
}

export interface BlockFiles {
  wrapper: string;
  block: string;
  /** cwd and exported environment, NUL-separated; written last, so it vouches for the others. */
  state: string;
  /** `declare -p` records of plain variables, each followed by a NUL. */
  vars: string;
  /** Each function of the block: its name, a NUL, its `declare -f` text, a NUL. */
  functions: string;
  /** What BASH_ENV names while the block runs: the read shim for the bash scripts it starts. */
  bashEnv: string;
  /** The command that stopped the block (ERR trap): exit code, line, file when not the block, command text, NUL-separated. */
  failed: string;
}

/** Shell state carried into a block besides its environment. */
export interface CarriedShell {
  /** Plain variable name -> bash's own `declare -p` text for it. */
  vars?: Readonly<Record<string, string>>;
  /** Function name -> its `declare -f` text, for the functions defined so far. */
  functions?: Readonly<Record<string, string>>;
}

function singleQuoted(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

// "${!A@}" lists the names of the variables starting with A, without starting a process.
const ALL_NAMES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'].map((c) => `"\${!${c}@}"`).join(' ');

function saveStateFunction(files: BlockFiles): string {
  return [
    '__flightdeck_save_state() {',
    '  local __fd_n __fd_a __fd_f',
    '  {',
    `    for __fd_n in ${ALL_NAMES}; do`,
    '      __fd_a=${!__fd_n@a}',
    // An exported scalar travels in the environment; bash cannot export arrays.
    '      [[ $__fd_a == *x* && $__fd_a != *[aA]* ]] && continue',
    "      declare -p -- \"$__fd_n\" && printf '\\0'",
    '    done',
    `  } > ${singleQuoted(files.vars)}`,
    `  declare -F > ${singleQuoted(files.functions)}.names`,
    '  {',
    '    while builtin read -r __fd_f __fd_f __fd_n; do',
    "      [[ $__fd_f == -f && $__fd_n != read && $__fd_n != __flightdeck_* ]] && printf '%s\\0' \"$__fd_n\" && declare -f -- \"$__fd_n\" && printf '\\0'",
    `    done < ${singleQuoted(files.functions)}.names`,
    `  } > ${singleQuoted(files.functions)}`,
    `  { printf '%s\\0' "$PWD"; env -0; } > ${singleQuoted(files.state)}`,
    '}',
  ].join('\n');
}

/**
 * A command of the block that fails where `set -e` would stop (bash's ERR trap: not in an
 * if/while condition, not left of && or ||, not negated with !, not before the last command
 * of a pipeline) stops the block there, as a terminal user who saw the error would not go on
 * to the next line. The EXIT trap still saves the shell state. The failure is written down
 * (exit code, line, the command as written) for the step's checks. Without errtrace the trap
 * does not run inside functions or subshells: their call fails as a whole at its own line.
 * The wrapper's own `. block.sh` (a tolerated failure as the block's last command) is not one.
 */
function stopOnFailure(files: BlockFiles): string {
  return [
    '__flightdeck_failed() {',
    `  [[ \${BASH_SOURCE[1]} == ${singleQuoted(files.wrapper)} ]] && return "$1"`,
    '  local __fd_file=',
    `  [[ \${BASH_SOURCE[1]} == ${singleQuoted(files.block)} ]] || __fd_file=\${BASH_SOURCE[1]}`,
    `  printf '%s\\0%s\\0%s\\0%s\\0' "$1" "\${BASH_LINENO[0]}" "$__fd_file" "$BASH_COMMAND" > ${singleQuoted(files.failed)} 2>/dev/null`,
    // a block that set its own EXIT trap replaced ours: save here, as after a normal end
    `  { set +xveu; [[ $(trap -p EXIT) == *__flightdeck_save_state* ]] || __flightdeck_save_state; } 2>/dev/null`,
    '  exit "$1"',
    '}',
  ].join('\n');
}

/**
 * Writes the wrapper, the block and the carried state into `dir` (a private temp dir).
 * `prelude` is shell text run before anything else (joining the block's cgroup).
 */
export function writeBlockFiles(
  dir: string,
  script: string,
  carried: CarriedShell = {},
  stdoutApart = false,
  prelude?: string,
  bashEnvBefore?: string,
): BlockFiles {
  const files: BlockFiles = {
    wrapper: join(dir, 'wrapper.sh'),
    block: join(dir, 'block.sh'),
    state: join(dir, 'state'),
    vars: join(dir, 'vars'),
    functions: join(dir, 'functions'),
    failed: join(dir, 'failed'),
    bashEnv: join(dir, 'bash-env.sh'),
  };
  const restoreVars = join(dir, 'restore-vars.sh');
  const restoreFunctions = join(dir, 'restore-functions.sh');
  const vars = Object.values(carried.vars ?? {});
  writeFileSync(restoreVars, vars.length > 0 ? `${vars.join('\n')}\n` : '', { mode: 0o600 });
  const functions = Object.values(carried.functions ?? {});
  writeFileSync(restoreFunctions, functions.length > 0 ? `${functions.join('\n')}\n` : '', { mode: 0o600 });
  const wrapper = [
    ...(prelude ? [prelude] : []),
    ...(stdoutApart ? [] : ['exec 2>&1']),
    READ_SHIM,
    saveStateFunction(files),
    stopOnFailure(files),
    // set +xveu: the block's options must not trace or stop the saving of its state.
    `trap '{ trap - ERR; set +xveu; __flightdeck_save_state; } 2>/dev/null' EXIT`,
    `. ${singleQuoted(restoreVars)} 2>/dev/null`,
    `. ${singleQuoted(restoreFunctions)} 2>/dev/null`,
    "trap '__flightdeck_failed \"$?\"' ERR",
    `. ${singleQuoted(files.block)}`,
    // A block that set its own EXIT trap replaced ours: save here when it ends normally.
    '{ __fd_rc=$?; trap - ERR; set +xveu; } 2>/dev/null',
    `[[ $(trap -p EXIT) == *__flightdeck_save_state* ]] || __flightdeck_save_state 2>/dev/null`,
    'exit "$__fd_rc"',
    '',
  ].join('\n');
  writeFileSync(files.wrapper, wrapper, { mode: 0o600 });
  writeFileSync(files.bashEnv, bashEnvFile(bashEnvBefore), { mode: 0o600 });
  writeFileSync(files.block, script.endsWith('\n') ? script : `${script}\n`, { mode: 0o600 });
  return files;
}

export interface ShellState {
  cwd: string;
  env: Record<string, string>;
  /** Plain variable name -> its `declare -p` text (readonly dropped: a later block may assign it). */
  vars: Record<string, string>;
  /** Function name -> its `declare -f` text. */
  functions: Record<string, string>;
}

const DECLARATION = /^declare -([A-Za-z-]+) ([A-Za-z_][A-Za-z0-9_]*)(?==|\n|$)/;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The plain variables from a `vars` file: bash's records, minus what is not session state. */
export function parseDeclarations(raw: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const records = raw.split('\0');
  records.pop();
  for (const record of records) {
    const m = DECLARATION.exec(record);
    const name = m?.[2];
    if (!m || !name || !carriesPlainVariable(name)) continue;
    const flags = (m[1] ?? '-').replace(/r/g, '');
    vars[name] = `declare -${flags || '-'} ${record.slice(m[0].length - name.length).replace(/\n$/, '')}`;
  }
  return vars;
}

/** The functions from a `functions` file: name -> `declare -f` text. */
export function parseFunctions(raw: string): Record<string, string> {
  const functions: Record<string, string> = {};
  const parts = raw.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const name = parts[i];
    const text = parts[i + 1];
    if (name && text) functions[name] = text.replace(/\n$/, '');
  }
  return functions;
}

/** The command that stopped a block: what `set -e` would have stopped on. */
export interface FailedCommand {
  exitCode: number;
  /** Its line in the block (or in `file`, a script the block sourced). */
  line: number;
  file?: string;
  /** The command as written (variables not expanded), first line only, cut at 200 characters. */
  command: string;
}

/** How a failed command is named in checks and the record: `cd /x` exit 1 (line 2). */
export function describeFailed(failed: FailedCommand): string {
  const where = failed.file ? `line ${failed.line} of ${failed.file}` : `line ${failed.line}`;
  return `\`${failed.command}\` exit ${failed.exitCode} (${where})`;
}

/** The failure the ERR trap wrote down, if the block stopped on one. */
export function readFailed(path: string): FailedCommand | undefined {
  const parts = readText(path)?.split('\0');
  if (!parts || parts.length < 5) return undefined;
  const [code, line, file, command] = parts;
  const exitCode = Number(code);
  if (!Number.isInteger(exitCode) || command === undefined) return undefined;
  const first = command.split('\n')[0] ?? '';
  return {
    exitCode,
    line: Number(line) || 0,
    ...(file ? { file } : {}),
    command: first.length > 200 ? `${first.slice(0, 200)}…` : first,
  };
}

/** The state the block left behind, or undefined when it did not get to write it (killed). */
export function readState(files: Pick<BlockFiles, 'state' | 'vars' | 'functions'>): ShellState | undefined {
  const raw = readText(files.state);
  if (raw === undefined) return undefined;
  const parts = raw.split('\0');
  const cwd = parts.shift();
  if (!cwd || parts.pop() !== '') return undefined;
  const env: Record<string, string> = {};
  for (const entry of parts) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (carriesExportedVariable(name)) env[name] = entry.slice(eq + 1);
  }
  return { cwd, env, vars: parseDeclarations(readText(files.vars) ?? ''), functions: parseFunctions(readText(files.functions) ?? '') };
}

/** bash arguments that run a PowerShell file with pwsh from PATH, stderr on stdout's pipe unless apart. */
export function powershellArgs(ps1: string, stdoutApart = false, prelude?: string): string[] {
  const redirect = stdoutApart ? '' : 'exec 2>&1; ';
  const first = prelude ? `${prelude}; ` : '';
  return ['--noprofile', '--norc', '-c', `${first}${redirect}exec pwsh -NoLogo -NoProfile -NonInteractive -File "$1"`, 'pwsh', ps1];
}
