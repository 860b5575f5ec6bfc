// Small text helpers shared by the detectors.

/** GitHub-style heading anchor: "Rollback Steps" -> "rollback-steps". */
export function slugify(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Drops a trailing status mark ("Step 12: Closure ✅") and collapses whitespace. */
export function cleanTitle(text: string): string {
  return text
    .replace(/[\s✅☑✔️]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first line of a possibly multi-line text, without a trailing colon. */
export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.trim().replace(/:$/, '').trim();
}

/** Markdown emphasis and code markers removed from a raw line. */
export function stripInline(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|`)/g, '')
    .trim();
}

/** Lines of `source` from `from` to `to` (1-based, inclusive). */
export function sliceLines(lines: readonly string[], from: number, to: number): string {
  return lines.slice(Math.max(0, from - 1), Math.max(0, to)).join('\n');
}

/** Lowercase words without punctuation, for fuzzy matching of titles. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
