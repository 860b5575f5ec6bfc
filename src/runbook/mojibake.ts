// Text damaged by copy/paste: UTF-8 bytes decoded with a single-byte code page, so "→"
// turns into "â†’" and "📖" into "ðŸ“–". Each run of non-ASCII characters is mapped back to
// bytes under each candidate code page and re-decoded as UTF-8; only sequences that form
// valid multi-byte UTF-8 are replaced, so clean text is never touched.
import type { Diagnostic } from './model.js';

type CodePage = 'Windows-1252' | 'Windows-1254' | 'Mac Roman' | 'Latin-1';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const HIGH_BYTES = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);

function reverseTable(page: CodePage): Map<string, number> {
  const map = new Map<string, number>();
  if (page === 'Latin-1') {
    for (let b = 0x80; b <= 0xff; b++) map.set(String.fromCharCode(b), b);
    return map;
  }
  const decoder = new TextDecoder(page === 'Mac Roman' ? 'macintosh' : 'windows-1254');
  // One decode of all 128 bytes: a single-byte page gives one character a byte, so
  // character i is byte 0x80 + i (otherwise decode byte by byte).
  const all = decoder.decode(HIGH_BYTES);
  for (let b = 0x80; b <= 0xff; b++) {
    const ch = all.length === HIGH_BYTES.length ? all.charAt(b - 0x80) : decoder.decode(Uint8Array.of(b));
    if (ch.length === 1 && ch !== '\uFFFD' && !map.has(ch)) map.set(ch, b);
  }
  if (page === 'Windows-1252') {
    // Node decodes "windows-1252" as Latin-1, so build it from Windows-1254, which shares
    // 0x80-0x9F with it, plus the six letters where the Turkish page differs.
    for (const [ch, b] of [...map]) if (b >= 0xa0) map.delete(ch);
    for (let b = 0xa0; b <= 0xff; b++) map.set(String.fromCharCode(b), b);
    map.set('\u017D', 0x8e).set('\u017E', 0x9e);
  }
  return map;
}

/**
 * The characters any of the code pages gives a UTF-8 continuation byte (0x80-0xBF) lie in
 * U+0080-U+2265 (U+2265 is Mac Roman's 0xB3): a run with none after its first character
 * has nothing to repair, and the tables are not built for it.
 */
const CONTINUATION = /[\u0080-\u2265]/;

let tables: [CodePage, Map<string, number>][] | undefined;
function codePages(): [CodePage, Map<string, number>][] {
  tables ??= (['Windows-1252', 'Windows-1254', 'Mac Roman', 'Latin-1'] as const).map((p) => [p, reverseTable(p)]);
  return tables;
}

function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

interface Repair {
  text: string;
  count: number;
}

function repairRun(run: string, table: Map<string, number>): Repair {
  let out = '';
  let count = 0;
  let i = 0;
  while (i < run.length) {
    const ch = run.charAt(i);
    const lead = table.get(ch);
    const n = lead === undefined ? -1 : continuationCount(lead);
    if (lead !== undefined && n > 0 && i + n < run.length) {
      const bytes = [lead];
      for (let k = 1; k <= n; k++) {
        const b = table.get(run.charAt(i + k));
        if (b === undefined || b < 0x80 || b > 0xbf) break;
        bytes.push(b);
      }
      if (bytes.length === n + 1) {
        try {
          out += UTF8.decode(Uint8Array.from(bytes));
          count++;
          i += n + 1;
          continue;
        } catch {
          // not valid UTF-8 (overlong, surrogate): leave the characters as they are
        }
      }
    }
    out += ch;
    i++;
  }
  return { text: out, count };
}

export interface MojibakeResult {
  text: string;
  diagnostic?: Diagnostic;
}

/** Repairs mojibake; returns the text unchanged (same string) when there is none. */
export function repairMojibake(source: string): MojibakeResult {
  let total = 0;
  let firstIndex = -1;
  let example = '';
  const pages = new Map<CodePage, number>();
  const text = source.replace(/[^\x00-\x7F]{2,}/g, (run, index: number) => {
    // Box drawing, emoji and the like: no continuation byte after the first character.
    if (!CONTINUATION.test(run.slice(1))) return run;
    let best: Repair = { text: run, count: 0 };
    let bestPage: CodePage | undefined;
    for (const [page, table] of codePages()) {
      const r = repairRun(run, table);
      if (r.count > best.count) {
        best = r;
        bestPage = page;
      }
    }
    if (!bestPage) return run;
    total += best.count;
    pages.set(bestPage, (pages.get(bestPage) ?? 0) + best.count);
    if (firstIndex < 0) {
      firstIndex = index;
      example = `${JSON.stringify(run)} -> ${JSON.stringify(best.text)}`;
    }
    return best.text;
  });
  if (total === 0) return { text: source };
  const page = [...pages.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'Windows-1252';
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < firstIndex; i = source.indexOf('\n', i + 1)) line++;
  return {
    text,
    diagnostic: {
      line,
      severity: 'warning',
      message: `repaired ${total} mojibake sequence${total === 1 ? '' : 's'} (UTF-8 text decoded as ${page}), e.g. ${example}; save the runbook as UTF-8 to silence this`,
    },
  };
}
