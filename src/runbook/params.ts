// Parameters a command needs: `${VAR}`, `$VAR`, `{env}`, `<PLACEHOLDER>`, `<lower-case>`.
// Variables the block assigns itself (VAR=..., loop variables, read) are not parameters,
// and neither are variables an earlier block left in the session's shell: the runner
// carries plain and exported variables between blocks as a terminal does.
import type { Command, Param } from './model.js';
import { isSecretName } from '../text/secret-names.js';

export interface ParamUse {
  name: string;
  form: string;
  line: number;
  default?: string;
  /** Seen in a commented-out command only: bash never reads it. */
  commented?: true;
}

export interface ParamScan {
  uses: ParamUse[];
  assigned: Set<string>;
  exported: Set<string>;
  /**
   * Variables still set in the shell after the block: assignments, `read`, `mapfile`,
   * `printf -v`, `for`, `export`, `declare`; not `local` ones nor `X=1 cmd` (which sets X for cmd alone).
   */
  produced?: Set<string>;
}

const SHELL_BUILTINS = new Set([
  'HOME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'RANDOM', 'LINENO', 'HOSTNAME', 'IFS', 'UID',
  'EUID', 'SECONDS', 'REPLY', 'OPTARG', 'OPTIND', 'PPID', 'TERM', 'LANG', 'EDITOR', 'PIPESTATUS', 'BASH_SOURCE',
  'BASH_VERSION', 'FUNCNAME', 'HISTFILE', 'PS1', 'PS4',
]);
const COMMAND_WORDS =
  'az|kubectl|curl|docker|git|gh|helm|sqlcmd|alembic|npm|ssh|scp|export|terraform|psql|mysql|pwsh|func|azcopy|k6|jq';
const COMMENTED_COMMAND = new RegExp(`^\\s*#\\s*(?:${COMMAND_WORDS})\\s`);
const ASSIGN_AT_START = /(?:^\s*|[;&|(]\s*|\bthen\s+|\bdo\s+|\belse\s+)([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/g;
const HEREDOC = /<<-?[ \t]*(['"]?)([A-Za-z0-9_.-]+)\1/g;
const DECLARE = /\b(export|local|readonly|declare|typeset)((?:\s+-\w+)*)\s+((?:[A-Za-z_]\w*(?:=(?:"[^"]*"|'[^']*'|\S*))?\s*)+)/g;
const DECLARE_WORDS = ['export', 'local', 'readonly', 'declare', 'typeset'];
const FOR_VAR = /\bfor\s+([A-Za-z_]\w*)\s+in\b/g;
// mapfile/readarray NAME (options -t alone, -d -n -s -u -C -c with a value) and printf -v NAME
const ARRAY_READ = /\b(?:mapfile|readarray)((?:\s+-t|\s+-[dnsuCc]\s*(?:'[^']*'|"[^"]*"|[^\s'"]+))*)\s+([A-Za-z_]\w*)/g;
const PRINTF_V = /\bprintf\s+-v\s+([A-Za-z_]\w*)/g;
const READ_VAR = /\bread\s+((?:-\w+\s+(?:'[^']*'\s+|"[^"]*"\s+)?)*)([A-Za-z_][\w\s]*)/g;
// `${#NAME}` (its length) reads NAME too
const BRACED = /(?<!\\)\$\{#?([A-Za-z_]\w*)([^}]*)\}/g;
const BARE = /(?<!\\)\$([A-Za-z_]\w*)/g;
const CURLY = /(?<![$%\w{])\{([A-Za-z][\w-]*)\}(?!\})/g;
const ANGLE = /(?<![<\w])<([A-Za-z][\w-]*)>(?!>)/g;

/** The part of a line bash would read: full-line comments dropped unless they are a commented-out command. */
function codePart(line: string): string | undefined {
  if (/^\s*#/.test(line)) return COMMENTED_COMMAND.test(line) ? line.replace(/^\s*#\s*/, '') : undefined;
  const hash = line.search(/\s#\s/);
  if (hash < 0) return line;
  const before = line.slice(0, hash);
  const quotes = (before.match(/"/g)?.length ?? 0) + (before.match(/'/g)?.length ?? 0);
  return quotes % 2 === 0 ? before : line;
}

export function scanParams(code: string, firstLine: number): ParamScan {
  const uses: ParamUse[] = [];
  const assigned = new Set<string>();
  const exported = new Set<string>();
  const produced = new Set<string>();
  const lines = code.split('\n');
  let continued = false;
  // Heredoc bodies are data: `APP_NAME=x` in one assigns nothing.
  const heredocs: { delim: string; strip: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const doc = heredocs[0];
    const inHeredoc = doc !== undefined;
    if (doc && (doc.strip ? raw.replace(/^\t+/, '') : raw) === doc.delim) {
      heredocs.shift();
      continue;
    }
    const line = inHeredoc ? raw : codePart(raw);
    const isContinuation = continued;
    continued = !inHeredoc && /\\\s*$/.test(raw);
    if (line === undefined) continue;
    const at = firstLine + 1 + i;
    const hasDollar = line.includes('$');
    // a commented-out command: its names are listed, but bash reads none of them
    const commented = !inHeredoc && /^\s*#/.test(raw);
    const from = uses.length;
    if (!inHeredoc && line.includes('<<')) {
      for (const m of line.matchAll(HEREDOC)) if (m[2]) heredocs.push({ delim: m[2], strip: m[0].startsWith('<<-') });
    }
    if (!inHeredoc && (line.includes('=') || /\b(export|local|readonly|declare|typeset|for|read|mapfile|readarray|printf)\b/.test(line))) {
      if (!isContinuation) {
        for (const m of line.matchAll(ASSIGN_AT_START)) {
          if (!m[1]) continue;
          assigned.add(m[1]);
          const chain = [m[1]];
          if (persists(line, (m.index ?? 0) + m[0].length, chain)) {
            for (const name of chain) {
              assigned.add(name);
              produced.add(name);
            }
          }
        }
      }
      scanDeclarations(line, assigned, exported, produced);
    }
    if (hasDollar) {
      for (const m of line.matchAll(BRACED)) {
        const name = m[1] ?? '';
        const rest = m[2] ?? '';
        const use: ParamUse = { name, form: `\${${name}}`, line: at };
        const dflt = /^:?-(.*)$/.exec(rest);
        if (dflt) use.default = dflt[1] ?? '';
        uses.push(use);
      }
      for (const m of line.matchAll(BARE)) if (m[1]) uses.push({ name: m[1], form: `$${m[1]}`, line: at });
    }
    if (line.includes('{')) for (const m of line.matchAll(CURLY)) if (m[1]) uses.push({ name: m[1], form: `{${m[1]}}`, line: at });
    if (line.includes('<')) for (const m of line.matchAll(ANGLE)) if (m[1]) uses.push({ name: m[1], form: `<${m[1]}>`, line: at });
    if (commented) for (let k = from; k < uses.length; k++) (uses[k] as ParamUse).commented = true;
  }
  return {
    uses: uses.filter((u) => !assigned.has(u.name) && !SHELL_BUILTINS.has(u.name)),
    assigned,
    exported,
    produced,
  };
}

/** Each pattern runs only on a line holding its keyword: a first run compiles it, which costs more than a scan. */
function scanDeclarations(line: string, assigned: Set<string>, exported: Set<string>, produced: Set<string>): void {
  if (DECLARE_WORDS.some((w) => line.includes(w))) {
    for (const m of line.matchAll(DECLARE)) {
      for (const part of (m[3] ?? '').split(/\s+/)) {
        const name = /^([A-Za-z_]\w*)/.exec(part)?.[1];
        if (!name) continue;
        assigned.add(name);
        if (m[1] === 'export') exported.add(name);
        if (m[1] !== 'local') produced.add(name);
      }
    }
  }
  const loops = line.includes('for') ? [...line.matchAll(FOR_VAR)].map((m) => m[1]) : [];
  const arrays = line.includes('mapfile') || line.includes('readarray') ? [...line.matchAll(ARRAY_READ)].map((m) => m[2]) : [];
  const printed = line.includes('printf') ? [...line.matchAll(PRINTF_V)].map((m) => m[1]) : [];
  for (const name of [...loops, ...arrays, ...printed]) {
    if (!name) continue;
    assigned.add(name);
    produced.add(name);
  }
  if (!line.includes('read')) return;
  for (const m of line.matchAll(READ_VAR)) {
    for (const v of (m[2] ?? '').trim().split(/\s+/)) {
      if (!/^[A-Za-z_]\w*$/.test(v)) continue;
      assigned.add(v);
      produced.add(v);
    }
  }
}

/**
 * After `NAME=` at `from`: whether the assignment stays in the shell, i.e. no command word
 * follows its value (`X=1 cmd` sets X for cmd alone). A value still open at the end of the
 * line (`X=$(az ... \`) is a multi-line assignment, which stays. The names of further
 * assignments in the same statement (`A=1 B=2`) are pushed onto `chain`.
 */
function persists(line: string, from: number, chain: string[]): boolean {
  let i = from;
  let depth = 0;
  let quote: string | undefined;
  for (; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '$' && line[i + 1] === '(') {
      depth++;
      i++;
    } else if (c === '(' && depth > 0) depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0 && /[\s;&|)]/.test(c)) break;
  }
  if (quote || depth > 0) return true;
  const rest = line.slice(i).trimStart();
  if (rest === '' || /^[;&|)#]/.test(rest) || /^(?:fi|done|esac)\b/.test(rest)) return true;
  const next = /^([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/.exec(rest);
  if (next?.[1]) {
    chain.push(next[1]);
    return persists(rest, next[0].length, chain);
  }
  return false;
}

/** Variables a command leaves in the session's shell for later blocks (none for PowerShell, which keeps no state). */
export function producedBy(command: Pick<Command, 'lang' | 'capture'>, scan: ParamScan): string[] {
  const names = command.lang === 'pwsh' || command.lang === 'powershell' ? [] : [...(scan.produced ?? scan.exported)];
  if (command.capture) names.push(command.capture);
  return names;
}

/** Secrets are recognised by name (password, secret, token, key, SAS, connection, DSN, credentials...): src/text/secret-names.ts. */
export { isSecretName };

/** Adds a use to the runbook-level parameter list, merging spellings. */
export function addParam(params: Map<string, Param>, use: ParamUse): void {
  const existing = params.get(use.name);
  if (existing) {
    if (!existing.forms.includes(use.form)) existing.forms.push(use.form);
    if (use.default !== undefined && existing.default === undefined) existing.default = use.default;
    if (!use.commented) delete existing.inComments;
    return;
  }
  const param: Param = { name: use.name, secret: isSecretName(use.name), forms: [use.form], line: use.line };
  if (use.default !== undefined) param.default = use.default;
  if (use.commented) param.inComments = true;
  params.set(use.name, param);
}
