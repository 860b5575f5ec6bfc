// The session's shell state on disk (sessions/<id>/shell-state.json, 0600 in the 0700
// session dir), rewritten after every block so a quit and `flightdeck resume` continue the
// same shell. Written atomically (temp file, fsync, rename): a crash leaves the old state or
// the new one, never half of one. Nothing secret is ever written (src/steps/shell-state.ts
// holds it back; only its name is kept, with the step that set it). Not part of the
// evidence pack: it is working state, not a record.
import { readFileSync } from 'node:fs';
import { holdBackSecrets, type ShellSnapshot } from '../steps/shell-state.js';
import { sha256Hex } from './canonical.js';
import { writeFileAtomic } from './durable-write.js';

export interface Withheld {
  name: string;
  /** The step whose block last set it (to re-run). */
  stepId?: string;
}

export interface SavedShell extends ShellSnapshot {
  v: 1;
  withheld: Withheld[];
}

export type LoadedShell = { kind: 'none' } | { kind: 'ok'; saved: SavedShell; sha256: string } | { kind: 'bad'; reason: string };

const isRecordOfStrings = (x: unknown): x is Record<string, string> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((v) => typeof v === 'string');
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((v) => typeof v === 'string');

/** What is wrong with a parsed state file, if anything. */
function fault(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return 'not a JSON object';
  const o = x as Record<string, unknown>;
  if (o['v'] !== 1) return `unknown format version ${JSON.stringify(o['v'])}`;
  if (typeof o['cwd'] !== 'string' || o['cwd'] === '') return 'no working directory';
  for (const key of ['env', 'vars', 'functions']) if (!isRecordOfStrings(o[key])) return `${key} is malformed`;
  if (!isStrings(o['unset'])) return 'unset is malformed';
  const withheld = o['withheld'];
  if (!Array.isArray(withheld) || !withheld.every((w) => typeof w === 'object' && w !== null && typeof (w as Withheld).name === 'string')) {
    return 'withheld is malformed';
  }
  return undefined;
}

export function loadShellState(path: string): LoadedShell {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'bad', reason: (err as Error).message };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'not valid JSON' };
  }
  const why = fault(parsed);
  return why ? { kind: 'bad', reason: why } : { kind: 'ok', saved: parsed as SavedShell, sha256: sha256Hex(text) };
}

/** Names a snapshot holds, each with its text, to see which ones a block changed. */
function entries(snap: ShellSnapshot): Map<string, string> {
  const all = new Map<string, string>();
  for (const [k, v] of Object.entries(snap.env)) all.set(k, `=${v}`);
  for (const [k, v] of Object.entries(snap.vars)) all.set(k, v);
  for (const [k, v] of Object.entries(snap.functions)) all.set(`${k}()`, v);
  return all;
}

/** Keeps the state file of one session up to date, remembering which step set each name. */
export class ShellStateFile {
  private last = new Map<string, string>();
  private readonly origins = new Map<string, string>();

  constructor(readonly path: string) {}

  /** After a resume: the state the next blocks start from and where the held-back names came from. */
  seed(snap: ShellSnapshot, withheld: readonly Withheld[]): void {
    this.last = entries(snap);
    for (const w of withheld) if (w.stepId) this.origins.set(w.name, w.stepId);
  }

  /** Records the shell after a block of `stepId`; returns the sha256 of what was written. */
  save(snap: ShellSnapshot, stepId: string, secretValues: readonly string[], secretParams: readonly string[]): string {
    const now = entries(snap);
    for (const [name, text] of now) if (this.last.get(name) !== text) this.origins.set(name, stepId);
    this.last = now;
    const { kept, withheld } = holdBackSecrets(snap, secretValues, secretParams);
    const held = withheld.map((name) => {
      const origin = this.origins.get(name);
      return origin ? { name, stepId: origin } : { name };
    });
    const text = JSON.stringify({ v: 1, ...kept, withheld: held } satisfies SavedShell);
    writeFileAtomic(this.path, text);
    return sha256Hex(text);
  }
}
