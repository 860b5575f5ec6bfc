// Loads parts of src/ that other engineers are still building. Each loader returns the
// function, or a sentence saying why it is not there yet (the bench prints n/a).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Parse = (source: string, file: string) => unknown;

export interface ParsedRunbook {
  title: string;
  steps: { title: string }[];
}

export async function loadExport(relPath: string, name: string): Promise<unknown> {
  const url = new URL(`../${relPath}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return `${relPath} does not exist yet`;
  let mod: unknown;
  try {
    mod = await import(url.href);
  } catch (err) {
    return `${relPath} does not load: ${firstLine(err)}`;
  }
  const value = mod !== null && typeof mod === 'object' ? (mod as Record<string, unknown>)[name] : undefined;
  if (value === undefined) return `${relPath} has no ${name} export yet`;
  return value;
}

export async function loadParser(): Promise<Parse | string> {
  const fn = await loadExport('src/runbook/parse.ts', 'parseRunbook');
  if (typeof fn === 'string') return fn;
  if (typeof fn !== 'function') return 'parseRunbook is not a function';
  return fn as Parse;
}

/** Parses with the project's parser; undefined when it is missing or returns no steps. */
export async function parseWithProject(source: string, file: string): Promise<ParsedRunbook | undefined> {
  const parse = await loadParser();
  if (typeof parse === 'string') return undefined;
  try {
    const r: unknown = await Promise.resolve(parse(source, file));
    if (r === null || typeof r !== 'object') return undefined;
    const { title, steps } = r as Record<string, unknown>;
    if (typeof title !== 'string' || !Array.isArray(steps)) return undefined;
    return {
      title,
      steps: steps.map((s: unknown) => ({
        title: s !== null && typeof s === 'object' && typeof (s as Record<string, unknown>).title === 'string'
          ? String((s as Record<string, unknown>).title)
          : '',
      })),
    };
  } catch {
    return undefined;
  }
}

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
