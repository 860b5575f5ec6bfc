// Explicit annotations, which always win over guesses:
//   ```bash {name=health timeout=60s expect="200" danger capture=REV}
//   <!-- flightdeck: param DB_PASSWORD secret description="..." -->
//   <!-- flightdeck: ignore -->            (the next code block is not a command)
//   <!-- flightdeck: timeout=5m danger -->  (attributes for the next code block)
// Mistakes become diagnostics with a line number, never exceptions.
//   <!-- flightdeck: wait 10m abort-if="error_rate > 1%" watch=error_rate,p95_latency every=30s -->
//                                           (a monitored wait at this point of the step)
import type { Diagnostic } from './model.js';

export interface FenceAttrs {
  name?: string;
  timeoutMs?: number;
  expect: string[];
  /** `danger` (true) or `danger="reason"`. */
  danger?: string | true;
  /** `safe`: the author says the guessed danger flags do not apply. */
  safe?: boolean;
  capture?: string;
  /** `ignore`: show the block, never run it. */
  ignore?: boolean;
}

export interface ParamDeclaration {
  line: number;
  name: string;
  secret?: boolean;
  default?: string;
  description?: string;
}

/** `wait 10m abort-if="..." watch=a,b every=30s`: the conditions stay text (annotation-blocks.ts reads them). */
export interface WaitDirective {
  seconds: number;
  abortIf: string[];
  watch: string[];
  intervalMs?: number;
}

export type Directive =
  | { kind: 'attrs'; line: number; attrs: FenceAttrs }
  | { kind: 'param'; line: number; param: ParamDeclaration }
  | { kind: 'wait'; line: number; wait: WaitDirective };

const KEY = /^[A-Za-z][\w-]*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Pair {
  key: string;
  value?: string;
}

/** Splits `a=1 b="two words" c` into pairs; reports an unterminated quote. The values of `lists` keys run on through commas (`watch=a,b`). */
export function splitPairs(text: string, line: number, diags: Diagnostic[], lists?: ReadonlySet<string>): Pair[] | undefined {
  const pairs: Pair[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /[\s,]/.test(text.charAt(i))) i++;
    if (i >= n) break;
    let key = '';
    while (i < n && !/[\s=,]/.test(text.charAt(i))) key += text.charAt(i++);
    if (text.charAt(i) !== '=') {
      pairs.push({ key });
      continue;
    }
    i++;
    const quote = text.charAt(i);
    let value = '';
    if (quote === '"' || quote === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const ch = text.charAt(i++);
        if (ch === '\\' && i < n) {
          value += text.charAt(i++);
          continue;
        }
        if (ch === quote) {
          closed = true;
          break;
        }
        value += ch;
      }
      if (!closed) {
        diags.push({ line, severity: 'error', message: `annotation: unterminated quote in ${key}=${quote}${value}` });
        return undefined;
      }
    } else {
      const end = lists?.has(key) ? /\s/ : /[\s,]/;
      while (i < n && !end.test(text.charAt(i))) value += text.charAt(i++);
    }
    pairs.push({ key, value });
  }
  return pairs;
}

/** "60s" -> 60000; "500ms", "5m", "1h", or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/.exec(text.trim());
  if (!m || !m[1]) return undefined;
  const v = Number(m[1]);
  switch (m[2]) {
    case 'ms':
      return Math.round(v);
    case 'm':
    case 'min':
      return Math.round(v * 60_000);
    case 'h':
      return Math.round(v * 3_600_000);
    default:
      return Math.round(v * 1000);
  }
}

export function parseAttrs(text: string, line: number, diags: Diagnostic[]): FenceAttrs | undefined {
  const pairs = splitPairs(text, line, diags);
  if (!pairs) return undefined;
  const attrs: FenceAttrs = { expect: [] };
  let ok = true;
  const bad = (message: string) => {
    diags.push({ line, severity: 'error', message: `annotation: ${message}` });
    ok = false;
  };
  for (const { key, value } of pairs) {
    switch (key) {
      case 'name':
        if (!value) bad('name needs a value (name=health)');
        else attrs.name = value;
        break;
      case 'timeout': {
        const ms = value === undefined ? undefined : parseDuration(value);
        if (ms === undefined || ms <= 0) bad(`timeout "${value ?? ''}" is not a duration (use 30s, 5m, 500ms)`);
        else attrs.timeoutMs = ms;
        break;
      }
      case 'expect':
        if (!value) bad('expect needs a value (expect="200", expect=/ok/i, expect=exit:0, expect=json:.status=ok)');
        else attrs.expect.push(value);
        break;
      case 'danger':
        attrs.danger = value === undefined || value === '' ? true : value;
        break;
      case 'safe':
        attrs.safe = true;
        break;
      case 'capture':
        if (!value || !IDENT.test(value)) bad(`capture needs a variable name (capture=REVISION), got "${value ?? ''}"`);
        else attrs.capture = value;
        break;
      case 'ignore':
      case 'norun':
        attrs.ignore = true;
        break;
      default:
        if (!KEY.test(key)) bad(`cannot read "${key}"`);
        else diags.push({ line, severity: 'warning', message: `annotation: unknown attribute "${key}" ignored` });
    }
  }
  return ok ? attrs : undefined;
}

/** Splits a fence info string `bash {name=x}` into its language and attribute text. */
export function splitInfo(info: string): { lang: string; attrs?: string } {
  const brace = info.indexOf('{');
  if (brace < 0) return { lang: info.split(/\s+/, 1)[0] ?? '' };
  const close = info.lastIndexOf('}');
  const lang = info.slice(0, brace).trim().split(/\s+/, 1)[0] ?? '';
  return { lang, attrs: info.slice(brace + 1, close > brace ? close : info.length) };
}

const COMMENT = /<!--\s*flightdeck\s*:([\s\S]*?)-->/gi;

/** Reads every `<!-- flightdeck: ... -->` in an HTML block. */
export function readDirectives(html: string, line: number, diags: Diagnostic[]): Directive[] {
  const out: Directive[] = [];
  for (const m of html.matchAll(COMMENT)) {
    const at = line + (html.slice(0, m.index).match(/\n/g)?.length ?? 0);
    const body = (m[1] ?? '').trim();
    const word = body.split(/\s+/, 1)[0] ?? '';
    if (word === 'wait') {
      const wait = readWait(body.slice(4), at, diags);
      if (wait) out.push({ kind: 'wait', line: at, wait });
      continue;
    }
    if (word === 'param') {
      const param = readParam(body.slice(5), at, diags);
      if (param) out.push({ kind: 'param', line: at, param });
      continue;
    }
    const attrs = parseAttrs(body, at, diags);
    if (attrs) out.push({ kind: 'attrs', line: at, attrs });
  }
  if (out.length === 0 && /<!--\s*flightdeck\b(?!\s*:)/i.test(html)) {
    diags.push({ line, severity: 'error', message: 'annotation: write <!-- flightdeck: ... --> with a colon' });
  }
  return out;
}

const WAIT_LISTS: ReadonlySet<string> = new Set(['watch']);

function readWait(text: string, line: number, diags: Diagnostic[]): WaitDirective | undefined {
  const pairs = splitPairs(text, line, diags, WAIT_LISTS);
  if (!pairs) return undefined;
  const [first, ...rest] = pairs;
  const ms = first && first.value === undefined ? parseDuration(first.key) : undefined;
  if (ms === undefined || ms < 1000) {
    diags.push({ line, severity: 'error', message: 'annotation: wait needs a duration first (<!-- flightdeck: wait 10m abort-if="error_rate > 1%" -->)' });
    return undefined;
  }
  const wait: WaitDirective = { seconds: Math.round(ms / 1000), abortIf: [], watch: [] };
  for (const { key, value } of rest) {
    if ((key === 'abort-if' || key === 'abort_if') && value) wait.abortIf.push(value);
    else if (key === 'watch' && value) wait.watch.push(...value.split(',').map((v) => v.trim()).filter(Boolean));
    else if (key === 'every' && value && (parseDuration(value) ?? 0) >= 1000) wait.intervalMs = parseDuration(value);
    else diags.push({ line, severity: 'warning', message: `annotation: wait attribute "${key}${value === undefined ? '' : `=${value}`}" ignored (abort-if="...", watch=a,b, every=30s)` });
  }
  return wait;
}

function readParam(text: string, line: number, diags: Diagnostic[]): ParamDeclaration | undefined {
  const pairs = splitPairs(text, line, diags);
  if (!pairs) return undefined;
  const [first, ...rest] = pairs;
  if (!first || first.value !== undefined || !/^[A-Za-z_][\w-]*$/.test(first.key)) {
    diags.push({ line, severity: 'error', message: 'annotation: param needs a name (<!-- flightdeck: param DB_PASSWORD secret -->)' });
    return undefined;
  }
  const decl: ParamDeclaration = { line, name: first.key };
  for (const { key, value } of rest) {
    if (key === 'secret') decl.secret = value === undefined || !/^(false|no|0)$/i.test(value);
    else if (key === 'default' && value !== undefined) decl.default = value;
    else if (key === 'description' && value !== undefined) decl.description = value;
    else diags.push({ line, severity: 'warning', message: `annotation: unknown param attribute "${key}" ignored` });
  }
  return decl;
}

/** Merges attributes from comments before a fence with the fence's own (the fence wins). */
export function mergeAttrs(base: FenceAttrs | undefined, over: FenceAttrs | undefined): FenceAttrs | undefined {
  if (!base) return over;
  if (!over) return base;
  return { ...base, ...stripUndefined(over), expect: [...base.expect, ...over.expect] };
}

function stripUndefined(a: FenceAttrs): Partial<FenceAttrs> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined));
}
