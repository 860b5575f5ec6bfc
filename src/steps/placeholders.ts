// Parameters reach a command only through its environment. Placeholder spellings that
// bash would not expand (`{env}`, `<RESOURCE_GROUP>`) are rewritten into references to
// environment variables, quoted for where they stand, so a value is never pasted into the
// script text: a value like `$(touch pwned)` stays a string.
import type { Param } from '../runbook/model.js';

/** The environment variable a parameter is passed in. */
export function envName(paramName: string): string {
  const name = paramName.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name || '_';
}

/** Parameter values keyed by parameter name -> environment entries. */
export function paramEnv(values: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) env[envName(name)] = value;
  return env;
}

export interface Rewritten {
  script: string;
  /** Placeholders left as written because they sit where bash cannot expand (quoted heredoc). */
  unexpandable: string[];
}

type State = 'plain' | 'single' | 'double' | 'comment' | 'heredoc' | 'heredoc-quoted';

/** Rewrites `{x}` / `<X>` forms of the given parameters into `${X}` references. */
export function rewritePlaceholders(code: string, params: readonly Pick<Param, 'name' | 'forms'>[]): Rewritten {
  const forms = new Map<string, string>();
  for (const p of params) {
    for (const f of p.forms) {
      if (/^\{[^{}\s]+\}$/.test(f) || /^<[^<>\s]+>$/.test(f)) forms.set(f, envName(p.name));
    }
  }
  if (forms.size === 0) return { script: code, unexpandable: [] };
  const ordered = [...forms.keys()].sort((a, b) => b.length - a.length);
  const unexpandable = new Set<string>();
  let out = '';
  let state: State = 'plain';
  const heredocs: { delim: string; quoted: boolean; strip: boolean }[] = [];
  let i = 0;
  while (i < code.length) {
    const ch = code[i] ?? '';
    if (state === 'heredoc' || state === 'heredoc-quoted') {
      const lineEnd = code.indexOf('\n', i);
      const line = code.slice(i, lineEnd < 0 ? code.length : lineEnd);
      const doc = heredocs[0];
      if (doc && (doc.strip ? line.replace(/^\t+/, '') : line) === doc.delim) {
        heredocs.shift();
        const nextDoc = heredocs[0];
        state = nextDoc ? (nextDoc.quoted ? 'heredoc-quoted' : 'heredoc') : 'plain';
        out += line + (lineEnd < 0 ? '' : '\n');
        i = lineEnd < 0 ? code.length : lineEnd + 1;
        continue;
      }
    }
    const form = state === 'comment' ? undefined : matchForm(code, i, ordered);
    if (form !== undefined) {
      const name = forms.get(form) ?? '';
      switch (state) {
        case 'plain':
          out += `"\${${name}}"`;
          break;
        case 'double':
        case 'heredoc':
          out += `\${${name}}`;
          break;
        case 'single':
          out += `'"\${${name}}"'`;
          break;
        case 'heredoc-quoted':
          unexpandable.add(form);
          out += form;
          break;
        case 'comment':
          out += form;
          break;
        default: {
          const never: never = state;
          throw new Error(`unreachable state ${String(never)}`);
        }
      }
      i += form.length;
      continue;
    }
    out += ch;
    i++;
    switch (state) {
      case 'plain':
        if (ch === '\\') {
          out += code[i] ?? '';
          i++;
        } else if (ch === "'") state = 'single';
        else if (ch === '"') state = 'double';
        else if (ch === '#' && /(^|[\s;&|()])$/.test(code.slice(Math.max(0, i - 2), i - 1))) state = 'comment';
        else if (ch === '<' && code[i] === '<' && code[i + 1] !== '<' && code[i - 2] !== '<') {
          const m = /^<(-?)[ \t]*(['"]?)([A-Za-z0-9_.-]+)\2/.exec(code.slice(i));
          if (m) heredocs.push({ delim: m[3] ?? '', quoted: m[2] !== '', strip: m[1] === '-' });
        } else if (ch === '\n' && heredocs[0]) state = heredocs[0].quoted ? 'heredoc-quoted' : 'heredoc';
        break;
      case 'single':
        if (ch === "'") state = 'plain';
        break;
      case 'double':
        if (ch === '\\') {
          out += code[i] ?? '';
          i++;
        } else if (ch === '"') state = 'plain';
        break;
      case 'comment':
        if (ch === '\n') state = heredocs[0] ? (heredocs[0].quoted ? 'heredoc-quoted' : 'heredoc') : 'plain';
        break;
      case 'heredoc':
      case 'heredoc-quoted':
        break;
      default: {
        const never: never = state;
        throw new Error(`unreachable state ${String(never)}`);
      }
    }
  }
  return { script: out, unexpandable: [...unexpandable] };
}

function matchForm(code: string, at: number, ordered: readonly string[]): string | undefined {
  const c = code[at];
  if (c !== '{' && c !== '<') return undefined;
  // `${x}` is already a reference; `<<X>` is a heredoc operator.
  if (c === '{' && code[at - 1] === '$') return undefined;
  if (c === '<' && code[at - 1] === '<') return undefined;
  return ordered.find((f) => code.startsWith(f, at));
}
