// How unlikely a piece of text is as something a person wrote in a runbook. Damaged text
// is full of C1 controls, private-use and unassigned characters, letters of two scripts
// or two cases glued together and Latin-1 symbols stuck to letters; runbooks are full of
// emoji, arrows, box drawing and punctuation. Ordinary letters of any script cost nothing,
// so a repair that only shortens text gains nothing: it has to remove something unlikely.

type Script = 'latin' | 'greek' | 'cyrillic' | 'other';

type Kind =
  | { k: 'ascii-letter'; upper: boolean }
  | { k: 'ascii' }
  | { k: 'letter'; script: Script; upper: boolean; lower: boolean; cost: number }
  | { k: 'mark' }
  /** plain: Latin-1 and math symbols, currency, daggers: not emoji, arrows, boxes or quotes */
  | { k: 'symbol'; cost: number; box: boolean; quote: boolean; plain: boolean }
  | { k: 'emoji-part'; what: 'vs' | 'zwj' | 'skin' | 'flag' | 'tag' | 'keycap' }
  | { k: 'bad'; cost: number };

const PICTO = /\p{Extended_Pictographic}/u;
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const MARK = /\p{M}/u;
const UNASSIGNED = /[\p{Cn}\p{Co}\p{Cs}]/u;
const CONTROL = /\p{Cc}/u;
const FORMAT = /\p{Cf}/u;
const LATIN = /\p{Script=Latin}/u;
const GREEK = /\p{Script=Greek}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Punctuation that sits right against letters in ordinary prose. */
const QUOTE_DASH = /[\u2010-\u2015\u2018-\u201f\u2026\u00ab\u00bb\u00a1\u00bf'"]/;
/** Opening quotes: odd right after a letter. Closing ones: odd right before a letter. */
const OPENING = new Set([0x2018, 0x201a, 0x201b, 0x201c, 0x201e, 0x201f]);
const CLOSING = new Set([0x201d, 0x2026]);
/** Inside a word only the apostrophe and dashes join letters. */
const JOINS_WORDS = new Set([0x2019, 0x2010, 0x2011, 0x2013, 0x2014, 0x00b7]);
/** Latin-1 and letterlike symbols a runbook uses; other plain symbols look odd. */
const EXPECTED_LATIN1 = /[\u00a0\u00a1\u00a3\u00a7\u00a9\u00ab\u00ae\u00b0\u00b1\u00b7\u00bb\u00bf\u00d7\u00f7\u20ac\u2116\u2122]/;

function inRanges(cp: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([a, b]) => cp >= a && cp <= b);
}

const EXPECTED_PLAIN: readonly (readonly [number, number])[] = [
  [0x2010, 0x2015], // dashes
  [0x2018, 0x201f], // quotes
  [0x2026, 0x2026], // ellipsis
  [0x2032, 0x2033], // primes
  [0x2200, 0x22ff], // mathematical operators
];

const PICTURES: readonly (readonly [number, number])[] = [
  [0x2022, 0x2022], // bullet
  [0x2190, 0x21ff], // arrows
  [0x2300, 0x23ff], // technical (⌘ ⏱ ⏳)
  [0x2460, 0x24ff], // enclosed numbers
  [0x2500, 0x25ff], // box drawing, blocks, geometric shapes
  [0x2600, 0x27bf], // symbols, dingbats
  [0x27f0, 0x27ff],
  [0x2900, 0x297f],
  [0x2b00, 0x2bff],
];

function emojiPart(cp: number): Kind | undefined {
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return { k: 'emoji-part', what: 'vs' };
  if (cp === 0x200d) return { k: 'emoji-part', what: 'zwj' };
  if (cp >= 0x1f3fb && cp <= 0x1f3ff) return { k: 'emoji-part', what: 'skin' };
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return { k: 'emoji-part', what: 'flag' };
  if (cp >= 0xe0020 && cp <= 0xe007f) return { k: 'emoji-part', what: 'tag' };
  if (cp === 0x20e3) return { k: 'emoji-part', what: 'keycap' };
  return undefined;
}

/** Latin letters few languages use (Icelandic, Esperanto, Slovak's ĺ ľ ŕ, Maltese...). */
const RARE_LATIN = new Set([...'ÐðÞþŸÿĹĺĽľŔŕŢţĿŀĲĳŊŋĸŉĦħĜĝĤĥĴĵŜŝŬŭŦŧĊċĠġĨĩŨũ'].map((c) => c.codePointAt(0)));

function letterCost(cp: number, script: Script): number {
  if (script === 'latin') {
    if (cp <= 0x17f) return RARE_LATIN.has(cp) ? 0.5 : 0; // Latin-1, Extended-A
    if (cp >= 0x1e00 && cp <= 0x1eff) return 0.5; // Vietnamese and other precomposed
    return 1.5; // Extended-B, IPA: rare outside linguistics
  }
  if (script === 'greek') return cp >= 0x386 && cp <= 0x3ce && cp !== 0x387 ? 0 : 1.5;
  if (script === 'cyrillic') {
    if ((cp >= 0x410 && cp <= 0x44f) || cp === 0x401 || cp === 0x451) return 0;
    if (cp === 0x404 || cp === 0x406 || cp === 0x407 || cp === 0x454 || cp === 0x456 || cp === 0x457 || cp === 0x490 || cp === 0x491) return 0; // Ukrainian
    return cp <= 0x45f ? 0.5 : 1.5;
  }
  return 1.5;
}

function classify(cp: number): Kind {
  if (cp < 0x80) {
    const ch = String.fromCharCode(cp);
    if (/[A-Za-z]/.test(ch)) return { k: 'ascii-letter', upper: cp < 0x60 };
    return { k: 'ascii' };
  }
  const part = emojiPart(cp);
  if (part) return part;
  const ch = String.fromCodePoint(cp);
  if (UNASSIGNED.test(ch) || cp === 0xfffd || (cp & 0xfffe) === 0xfffe) return { k: 'bad', cost: 8 };
  if (CONTROL.test(ch)) return { k: 'bad', cost: 6 };
  if (FORMAT.test(ch)) return { k: 'bad', cost: 2 }; // soft hyphen, bidi marks
  if (LETTER.test(ch)) {
    const script: Script = LATIN.test(ch) ? 'latin' : GREEK.test(ch) ? 'greek' : CYRILLIC.test(ch) ? 'cyrillic' : 'other';
    return { k: 'letter', script, upper: UPPER.test(ch), lower: LOWER.test(ch), cost: letterCost(cp, script) };
  }
  if (MARK.test(ch)) return { k: 'mark' };
  const box = cp >= 0x2500 && cp <= 0x259f; // box drawing and block elements
  const quote = QUOTE_DASH.test(ch);
  const picture = PICTO.test(ch) || inRanges(cp, PICTURES) || cp >= 0x3000;
  const plain = !picture && !quote;
  if (picture || inRanges(cp, EXPECTED_PLAIN) || EXPECTED_LATIN1.test(ch)) return { k: 'symbol', cost: 0, box, quote, plain };
  return { k: 'symbol', cost: 1.5, box: false, quote, plain };
}

const kinds = new Map<number, Kind>();
function kindOf(cp: number): Kind {
  let kind = kinds.get(cp);
  if (!kind) {
    kind = classify(cp);
    kinds.set(cp, kind);
  }
  return kind;
}

// Box-drawing pieces with an arm to the left, and to the right. Next to each other, a piece
// whose right arm meets nothing (or nothing meeting a left arm) is a broken line, which
// drawings do not have and CP437 damage (letters become box pieces there) does.
const LEFT_ARM = new Set(
  [...'─━┄┅┈┉┐┑┒┓┘┙┚┛┤┥┦┧┨┩┪┫┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋╌╍═╕╖╗╛╜╝╡╢╣╤╥╦╧╨╩╪╫╬╮╯╴╸╼╾'].map((c) => c.codePointAt(0)),
);
const RIGHT_ARM = new Set(
  [...'─━┄┅┈┉┌┍┎┏└┕┖┗├┝┞┟┠┡┢┣┬┭┮┯┰┱┲┳┴┵┶┷┸┹┺┻┼┽┾┿╀╁╂╃╄╅╆╇╈╉╊╋╌╍═╒╓╔╘╙╚╞╟╠╤╥╦╧╨╩╪╫╬╭╰╶╺╼╾'].map((c) => c.codePointAt(0)),
);

function isLetter(k: Kind): k is Extract<Kind, { k: 'letter' }> | Extract<Kind, { k: 'ascii-letter' }> {
  return k.k === 'letter' || k.k === 'ascii-letter';
}

function isGlued(k: Kind): boolean {
  return k.k === 'symbol' && (k.plain || k.box);
}

function isUpper(k: Kind): boolean {
  return k.k === 'letter' ? k.upper : k.k === 'ascii-letter' && k.upper;
}

function isLower(k: Kind): boolean {
  return k.k === 'letter' ? k.lower : k.k === 'ascii-letter' && !k.upper;
}

function scriptOf(k: Kind): Script | undefined {
  if (k.k === 'ascii-letter') return 'latin';
  return k.k === 'letter' ? k.script : undefined;
}

/** An emoji part is at home after an emoji, another part, or (keycaps) an ASCII digit. */
function emojiPartCost(what: Extract<Kind, { k: 'emoji-part' }>['what'], prev: number | undefined): number {
  if (prev === undefined) return 4;
  const p = kindOf(prev);
  const afterEmoji = PICTO.test(String.fromCodePoint(prev)) || p.k === 'emoji-part';
  switch (what) {
    case 'vs':
    case 'keycap':
      return afterEmoji || (prev < 0x80 && /[0-9#*]/.test(String.fromCharCode(prev))) || (p.k === 'symbol' && p.cost === 0) ? 0 : 4;
    case 'zwj':
    case 'skin':
    case 'tag':
      return afterEmoji ? 0 : 4;
    case 'flag':
      return 0;
  }
}

/**
 * The cost of `cp` written right after `prev2` and `prev` (undefined at the start of the
 * text).
 */
export function stepCost(prev2: number | undefined, prev: number | undefined, cp: number): number {
  const c = kindOf(cp);
  let cost: number;
  switch (c.k) {
    case 'ascii':
    case 'ascii-letter':
      cost = 0;
      break;
    case 'letter':
    case 'symbol':
    case 'bad':
      cost = c.cost;
      break;
    case 'mark':
      cost = prev !== undefined && (isLetter(kindOf(prev)) || kindOf(prev).k === 'mark') ? 0 : 2;
      break;
    case 'emoji-part':
      cost = emojiPartCost(c.what, prev);
      break;
  }
  if (prev === undefined) return cost;
  cost += pairCost(prev, kindOf(prev), cp, c);
  if (prev2 !== undefined && isUpper(kindOf(prev2)) && isUpper(kindOf(prev)) && isLower(c) && (prev2 >= 0x80 || prev >= 0x80)) {
    cost += 1; // "ÅŸifre", "ĂĽrk": two capitals and then small letters, one of them accented
  }
  const p = kindOf(prev);
  if (p.k === 'letter' && (prev2 === undefined || !isLetter(kindOf(prev2))) && c.k === 'symbol' && !CLOSING.has(cp) && cp !== 0x2019 && cp !== 0xbb) {
    cost += 1; // an accented letter alone, glued to a symbol: "Ã—3", "Â«"
  }
  if (prev2 !== undefined && prev >= 0x80 && !JOINS_WORDS.has(prev)) {
    // a punctuation mark or symbol glued between two letters: "Ñ‘Ð»", "Ï…γ", "Ä±ğ"
    const odd = p.k === 'bad' || (p.k === 'symbol' && (p.plain || p.box || p.quote));
    if (odd && isLetter(kindOf(prev2)) && isLetter(c)) cost += 1.5;
  }
  return cost;
}

function pairCost(prev: number, p: Kind, cp: number, c: Kind): number {
  const nonAscii = prev >= 0x80 || cp >= 0x80;
  if (!nonAscii) return 0;
  let cost = 0;
  if (isLetter(p) && isLetter(c)) {
    if (scriptOf(p) !== scriptOf(c)) cost += 3;
    if (isLower(p) && isUpper(c)) cost += 2;
  }
  // a plain symbol or box piece glued to an accented letter ("Ã©", "Î±"); emoji and arrows
  // glued to words ("✅Готово", "→next") are ordinary
  if ((isGlued(p) && c.k === 'letter') || (p.k === 'letter' && isGlued(c))) {
    const symbol = p.k === 'symbol' ? p : c;
    cost += symbol.k === 'symbol' && (symbol.box || symbol.cost > 0) ? 1.5 : 1;
  }
  if (p.k === 'symbol' && p.plain && c.k === 'symbol' && c.plain && prev !== cp) cost += 1; // "≈∫", "†’"... "€™"
  if ((p.k === 'symbol' && p.plain && c.k === 'ascii-letter') || (p.k === 'ascii-letter' && c.k === 'symbol' && c.plain)) cost += 0.5;
  if (p.k === 'letter' && OPENING.has(cp)) cost += 1;
  if (CLOSING.has(prev) && c.k === 'letter') cost += 1;
  if (p.k === 'symbol' && p.box && c.k === 'symbol' && c.box && RIGHT_ARM.has(prev) !== LEFT_ARM.has(cp)) cost += 2;
  // box drawing glued to a letter (ASCII too) with no arm reaching it: "T├╝rk", not "──Yes──>"
  if ((p.k === 'symbol' && p.box && isLetter(c) && !RIGHT_ARM.has(prev)) || (isLetter(p) && c.k === 'symbol' && c.box && !LEFT_ARM.has(cp))) cost += 1;
  return cost;
}
