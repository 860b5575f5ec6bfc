// The cheap first look, run on every file: could any two neighbouring characters be a
// UTF-8 lead byte and a continuation byte read through one of the code pages? The two
// classes below are the union over all pages (test/runbook/mojibake-pages.test.ts checks
// them against the tables), so a file with no such pair has nothing to repair and never
// loads the tables. Emoji, arrows, most box drawing and ordinary prose pass straight on.
import type { CodePage } from './code-pages.js';

const LEAD =
  '\\u00A0\\u00A4\\u00AB\\u00AC\\u00B1\\u00B5\\u00B7\\u00BB\\u00C0-\\u00F4\\u00F7\\u00FF-\\u0103\\u0105-\\u0107\\u010C-\\u0113' +
  '\\u0116-\\u011B\\u011E\\u011F\\u0122\\u0123\\u012A\\u012B\\u012F\\u0130\\u0136\\u0137\\u0139-\\u013C\\u0141\\u0143-\\u0148' +
  '\\u014C\\u014D\\u0150\\u0152\\u0153\\u0155\\u0158\\u015A\\u015E\\u0160-\\u0162\\u016A\\u016E\\u0170\\u0172\\u0178-\\u017B' +
  '\\u017D\\u0192\\u0392-\\u03A1\\u03A3-\\u03C4\\u03C6\\u0412-\\u0444\\u2013\\u2014\\u2018-\\u201A\\u201C-\\u201E\\u2021\\u2026' +
  '\\u2030\\u2039\\u203A\\u2044\\u20AC\\u2206\\u221A\\u221E\\u2229\\u2248\\u2261\\u2264\\u2265\\u2320\\u2500\\u250C\\u2518\\u251C' +
  '\\u252C\\u253C\\u2550\\u2552-\\u2554\\u2558-\\u255A\\u255E-\\u2560\\u2564-\\u256C\\u2580\\u2584\\u2588\\u258C\\u2590' +
  '\\u25CA\\uF8FF\\uFB01\\uFB02';

const CONT =
  '\\u0080-\\u00BF\\u00C4-\\u00C7\\u00C9\\u00D1\\u00D6\\u00D8\\u00DC\\u00DF-\\u00EF\\u00F1-\\u00F6\\u00F8-\\u00FC\\u00FF' +
  '\\u0104\\u0105\\u013D\\u013E\\u0141\\u0142\\u0152\\u0153\\u0156\\u0157\\u015A\\u015B\\u015E-\\u0161\\u0164\\u0165' +
  '\\u0178-\\u017E\\u0192\\u02C6\\u02C7\\u02D8\\u02DB-\\u02DD\\u0384-\\u0386\\u0388-\\u038A\\u038C\\u038E\\u038F\\u03A9\\u03C0' +
  '\\u0401-\\u040C\\u040E\\u040F\\u0451-\\u045C\\u045E\\u045F\\u0490\\u0491\\u2013-\\u2015\\u2018-\\u201A\\u201C-\\u201E' +
  '\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20A7\\u20AC\\u2116\\u2122\\u2126\\u2202\\u220F\\u2211\\u221E\\u222B\\u2260' +
  '\\u2264\\u2265\\u2310\\u2502\\u2510\\u2524\\u2551\\u2555-\\u2557\\u255B-\\u255D\\u2561-\\u2563\\u2591-\\u2593';

/** Exported for the test that checks the classes against the tables. */
export const LEAD_CLASS = new RegExp(`[${LEAD}]`);
export const CONT_CLASS = new RegExp(`[${CONT}]`);

const PAIR = new RegExp(`[${LEAD}][${CONT}]`, 'g');

/**
 * A line drawn in box drawing ("──┐", "═╣") pairs a lead of CP437 with a continuation;
 * the letters those pairs would spell (Ĵ, Ŀ, ĳ, ĺ, ľ, rare Greek) are rare enough that such
 * a pair alone does not make a file suspicious.
 */
function isDrawing(first: number, second: number): boolean {
  return (first === 0x2500 || first === 0x2550) && second >= 0x2500 && second <= 0x257f;
}

/** True when `text` has a pair of characters that could be damage under some page. */
export function mayBeDamaged(text: string): boolean {
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
    if (!isDrawing(text.charCodeAt(m.index), text.charCodeAt(m.index + 1))) return true;
    PAIR.lastIndex = m.index + 1;
  }
  return false;
}

/** The exact test for one run: the pages under which a lead and a continuation stand side by side. */
export function pagesWithDamagePair(cps: readonly number[], pages: readonly CodePage[]): Set<CodePage> {
  const found = new Set<CodePage>();
  // drawings are not skipped here: in a file with damage elsewhere, "─╣" may be Ĺ through
  // CP437, and the scoring knows a drawing from a letter
  for (let i = 0; i + 1 < cps.length; i++) {
    const a = cps[i] as number;
    const b = cps[i + 1] as number;
    for (const page of pages) {
      const lead = page.toByte.get(a);
      const cont = page.toByte.get(b);
      if (lead !== undefined && lead >= 0xc2 && lead <= 0xf4 && cont !== undefined && cont <= 0xbf) found.add(page);
    }
  }
  return found;
}
