// Which blocks change a container app: `az containerapp update`, `revision copy`,
// `ingress traffic set`, `revision activate|deactivate|restart`, read from the command text
// with its arguments. Variables are filled from the session's values and from plain
// assignments earlier in the same block; what cannot be known before the block runs (a
// `$(...)`, an unset variable) is kept as written and marked unresolved.
import { parseFlags, statements } from '../runbook/shell-statements.js';

export type AppChangeKind = 'update' | 'copy' | 'traffic' | 'activate' | 'deactivate' | 'restart';

export interface WeightAsk {
  /** The revision as resolved (or as written when unresolved); for latest=N, "latest". */
  revision: string;
  resolved: boolean;
  latest: boolean;
  weight: number;
  /** As written in the block. */
  raw: string;
}

export interface AppChange {
  kind: AppChangeKind;
  /** The az command as written (one statement, continuations joined). */
  text: string;
  app?: string;
  resourceGroup?: string;
  subscription?: string;
  revision?: string;
  image?: string;
  /** --revision-suffix, when known before the block runs. */
  suffix?: string;
  weights?: WeightAsk[];
  /** Arguments that could not be resolved before the block runs. */
  unresolved: string[];
}

interface Word {
  text: string;
  resolved: boolean;
  /** As written. */
  raw: string;
}

/** Every container-app change in a shell block, in order. */
export function recogniseAppChanges(script: string, values: ReadonlyMap<string, string>): AppChange[] {
  return eachAzContainerApp(script, values, changeOf);
}

/** The app a container-app command names (any subcommand: show, revision list, logs...). */
export interface NamedApp {
  app?: string;
  resourceGroup?: string;
  subscription?: string;
  /** Arguments that could not be resolved before the block runs. */
  unresolved: string[];
}

/** Every container app an `az containerapp` command of the block names, in order. */
export function recogniseNamedApps(script: string, values: ReadonlyMap<string, string>): NamedApp[] {
  // `OLD=$(az containerapp revision list --name web ...)` names the app inside the substitution
  const text = [script, ...commandSubstitutions(script)].join('\n');
  return eachAzContainerApp(text, values, (words) => {
    const at = words.findIndex((w, i) => w.text === 'az' && words[i + 1]?.text === 'containerapp');
    if (at < 0) return undefined;
    const rest = words.slice(at + 2);
    // `az containerapp env|job|compose|connected-env ...` name other resources than an app
    if (NOT_APPS.has(rest[0]?.text ?? '')) return undefined;
    const sub = rest.findIndex((w) => w.text.startsWith('-'));
    const named = appArgs(parseFlags(rest.slice(sub < 0 ? rest.length : sub), (w) => w.text, (w, text) => ({ ...w, text, raw: w.raw }), () => false));
    return named.app ? named : undefined;
  });
}

const NOT_APPS = new Set(['env', 'job', 'compose', 'connected-env']);

/** The text inside each `$( ... )` of a script (nested ones included, each once). */
function commandSubstitutions(script: string): string[] {
  const out: string[] = [];
  const open: number[] = [];
  for (let i = 0; i < script.length; i++) {
    if (script[i] === '$' && script[i + 1] === '(') {
      open.push(i + 2);
      i++;
    } else if (script[i] === '(' && open.length > 0) {
      open.push(-1);
    } else if (script[i] === ')' && open.length > 0) {
      const start = open.pop();
      if (start !== undefined && start >= 0) out.push(script.slice(start, i));
    }
  }
  return out;
}

function eachAzContainerApp<T>(script: string, values: ReadonlyMap<string, string>, pick: (words: Word[], text: string) => T | undefined): T[] {
  const vars = new Map<string, Word>();
  const out: T[] = [];
  for (const statement of statements(script)) {
    const raws = statement.words[0] === 'export' ? statement.words.slice(1) : statement.words;
    if (raws.length > 0 && raws.every((r) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(r))) {
      for (const raw of raws) {
        const eq = raw.indexOf('=');
        vars.set(raw.slice(0, eq), expand(raw.slice(eq + 1), vars, values));
      }
      continue;
    }
    const words = statement.words.map((w) => expand(w, vars, values));
    const found = pick(words, statement.text);
    if (found) out.push(found);
  }
  return out;
}

/** --name/-n (or a revision's app--suffix prefix), --resource-group/-g and --subscription, as resolved. */
function appArgs(args: ReadonlyMap<string, Word[]>): NamedApp & { revision?: string } {
  const unresolved: string[] = [];
  const one = (...names: string[]): string | undefined => {
    for (const n of names) {
      const w = args.get(n)?.[0];
      if (!w) continue;
      if (!w.resolved) unresolved.push(`${n} ${w.text}`);
      return w.text;
    }
    return undefined;
  };
  const out: NamedApp & { revision?: string } = { unresolved };
  const revision = one('--revision');
  let app = one('--name', '-n');
  if (revision) out.revision = revision;
  // revision commands may leave out --name: the app is the revision's prefix (app--suffix)
  if (!app && revision && revision.includes('--')) app = revision.slice(0, revision.lastIndexOf('--'));
  if (app) out.app = app;
  const rg = one('--resource-group', '-g');
  if (rg) out.resourceGroup = rg;
  const sub = one('--subscription');
  if (sub) out.subscription = sub;
  return out;
}

const KINDS: [string[], AppChangeKind][] = [
  [['update'], 'update'],
  [['revision', 'copy'], 'copy'],
  [['ingress', 'traffic', 'set'], 'traffic'],
  [['revision', 'activate'], 'activate'],
  [['revision', 'deactivate'], 'deactivate'],
  [['revision', 'restart'], 'restart'],
];

function changeOf(words: Word[], text: string): AppChange | undefined {
  const at = words.findIndex((w, i) => w.text === 'az' && words[i + 1]?.text === 'containerapp');
  if (at < 0) return undefined;
  const rest = words.slice(at + 2);
  const kind = KINDS.find(([path]) => path.every((p, i) => rest[i]?.text === p));
  if (!kind) return undefined;
  const args = parseFlags(rest.slice(kind[0].length), (w) => w.text, (w, text) => ({ ...w, text, raw: w.raw.slice(w.raw.indexOf('=') + 1) }), (flag) => flag === '--revision-weight' || flag === '--label-weight');
  const change: AppChange = { kind: kind[1], text, ...appArgs(args) };
  const unresolved = change.unresolved;
  const imageFlag = args.has('--image') ? '--image' : '-i';
  const imageWord = args.get(imageFlag)?.[0];
  if (imageWord) {
    if (!imageWord.resolved) unresolved.push(`${imageFlag} ${imageWord.text}`);
    change.image = imageWord.text;
  }
  const suffix = args.get('--revision-suffix')?.[0];
  if (suffix?.resolved) change.suffix = suffix.text;
  const weights = args.get('--revision-weight');
  if (weights) {
    change.weights = weights.flatMap((w): WeightAsk[] => {
      const eq = w.text.lastIndexOf('=');
      const weight = Number(w.text.slice(eq + 1));
      if (eq <= 0 || !Number.isFinite(weight)) return [];
      const revision = w.text.slice(0, eq);
      const latest = revision === 'latest';
      return [{ revision, resolved: w.resolved || latest, latest, weight, raw: w.raw }];
    });
  }
  return change;
}

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Fills $X / ${X} / ${X:-default}; a word with $(...) or an unknown variable stays unresolved. */
function expand(raw: string, vars: ReadonlyMap<string, Word>, values: ReadonlyMap<string, string>): Word {
  if (raw.startsWith('\u0000')) return { text: raw.slice(1), resolved: true, raw: raw.slice(1) };
  let resolved = !raw.includes('$(') && !raw.includes('`');
  const text = raw.replace(REF, (whole, a?: string, fallback?: string, b?: string) => {
    const name = a ?? b ?? '';
    const local = vars.get(name);
    if (local) {
      if (!local.resolved) resolved = false;
      return local.text;
    }
    const v = values.get(name);
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    resolved = false;
    return whole;
  });
  return { text, resolved, raw };
}
