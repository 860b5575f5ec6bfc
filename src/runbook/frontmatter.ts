// YAML front matter (`---` ... `---` at the top). Its lines are blanked before markdown
// parsing so line numbers stay true and `---` is not read as a rule or setext heading.
import { parse } from 'yaml';
import type { Diagnostic } from './model.js';

export interface FrontMatter {
  /** The source with the front matter lines replaced by empty lines. */
  body: string;
  title?: string;
}

export function readFrontMatter(source: string, diags: Diagnostic[]): FrontMatter {
  if (!/^---[ \t]*\r?\n/.test(source)) return { body: source };
  const end = /\r?\n---[ \t]*(?:\r?\n|$)/.exec(source.slice(3));
  if (!end) return { body: source };
  const stop = 3 + end.index + end[0].length;
  const yamlText = source.slice(source.indexOf('\n') + 1, 3 + end.index);
  const blank = source.slice(0, stop).replace(/[^\n]/g, '');
  const fm: FrontMatter = { body: blank + source.slice(stop) };
  try {
    const data: unknown = parse(yamlText, { maxAliasCount: 10 });
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const title = (data as Record<string, unknown>)['title'];
      if (typeof title === 'string' && title.trim()) fm.title = title.trim();
    }
  } catch (err) {
    diags.push({ line: 1, severity: 'warning', message: `front matter is not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` });
  }
  return fm;
}
