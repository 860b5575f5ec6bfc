// A shell block as simple statements and words, enough to read the arguments of the az
// commands flightdeck recognises (container-app changes, Log Analytics queries): newlines,
// ;, &&, ||, | split statements; continuations are joined; comments dropped; quotes removed
// (a word that is all single-quoted starts with \0: it is literal, never expanded); $(...)
// is kept whole inside its word.

export interface Statement {
  text: string;
  /** Words with quotes removed; a fully single-quoted word starts with \0 (never expanded). */
  words: string[];
}

/** Splits a block into simple statements (newlines, ;, &&, ||, |), continuations joined, comments dropped. */
export function statements(script: string): Statement[] {
  const src = script.replace(/\\\r?\n/g, ' ');
  const out: Statement[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let single = false;
  let start = 0;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
    single = false;
  };
  const endStatement = (at: number): void => {
    endWord();
    if (words.length > 0) out.push({ text: src.slice(start, at).trim(), words });
    words = [];
    start = at + 1;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      const body = src.slice(i + 1, close < 0 ? src.length : close);
      // a word that is all single-quoted is literal
      if (!inWord) single = true;
      word += body;
      inWord = true;
      i = close < 0 ? src.length : close;
      if (single && (src[i + 1] === undefined || /[\s;&|]/.test(src[i + 1] ?? ''))) word = `\u0000${word}`;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      word += src.slice(i + 1, j);
      inWord = true;
      i = j;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      word += src.slice(i, j + 1);
      inWord = true;
      i = j;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = src.indexOf('\n', i);
      i = (nl < 0 ? src.length : nl) - 1;
      continue;
    }
    if (c === '\n' || c === ';' || c === '|' || (c === '&' && src[i + 1] === '&')) {
      endStatement(i);
      if ((c === '&' || c === '|') && src[i + 1] === c) {
        i++;
        start = i + 1;
      }
      continue;
    }
    if (/\s/.test(c)) {
      endWord();
      continue;
    }
    word += c;
    inWord = true;
  }
  endStatement(src.length);
  return out;
}

/**
 * An az command's arguments: `--flag value` and `--flag=value` (`withValue` makes the word
 * of the value after "="); a flag `many` says takes every word up to the next flag.
 */
export function parseFlags<W>(words: readonly W[], text: (w: W) => string, withValue: (w: W, value: string) => W, many: (flag: string) => boolean = () => false): Map<string, W[]> {
  const out = new Map<string, W[]>();
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    i++;
    if (w === undefined || !text(w).startsWith('-')) continue;
    const t = text(w);
    const eq = t.indexOf('=');
    if (t.startsWith('--') && eq > 0) {
      out.set(t.slice(0, eq), [withValue(w, t.slice(eq + 1))]);
      continue;
    }
    const taken: W[] = [];
    const takesMany = many(t);
    for (let next = words[i]; next !== undefined && !text(next).startsWith('-'); next = words[i]) {
      taken.push(next);
      i++;
      if (!takesMany) break;
    }
    out.set(t, taken);
  }
  return out;
}
