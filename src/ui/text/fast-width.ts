// A fast path for string-width (scripts/build.mjs routes every `string-width` import in
// the bundle through it). string-width 8 builds a \p{RGI_Emoji} regex and an
// Intl.Segmenter when it loads and runs both on every non-ASCII string: ~30-40 ms of the
// first frame for a screen with box lines, '·' or '…'. Text made only of characters that
// are one column wide and one grapheme each needs neither: its width is its length.

/**
 * Every BMP character string-width 8 measures as 1 column, from Latin, Greek, Cyrillic,
 * punctuation, arrows, box drawing and symbol blocks; none is a mark, control, format,
 * joiner, variation selector or emoji-presentation character, so each is its own
 * grapheme. test/ui/fast-width.test.ts checks every one against string-width.
 */
const ONE_COLUMN =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2100-\u218b\u2190-\u2319\u231c-\u2328\u232b-\u23e8\u23ed-\u23ef\u23f1\u23f2\u23f4-\u2426\u2440-\u244a\u2460-\u25fc\u25ff-\u2613\u2616-\u262f\u2638-\u2647\u2654-\u267e\u2680-\u2689\u2690-\u2692\u2694-\u26a0\u26a2-\u26a9\u26ac-\u26bc\u26bf-\u26c3\u26c6-\u26cd\u26cf-\u26d3\u26d5-\u26e9\u26eb-\u26f1\u26f4\u26f6-\u26f9\u26fb\u26fc\u26fe-\u2704\u2706-\u2709\u270c-\u2727\u2729-\u274b\u274d\u274f-\u2752\u2756\u2758-\u2794\u2798-\u27af\u27b1-\u27be\u27c0-\u2b1a\u2b1d-\u2b4f\u2b51-\u2b54\u2b56-\u2b73\u2b76-\u2bff]*$/;

/** SGR colour codes (Ink's styled text is measured with them); any other escape goes the slow way. */
const SGR = /\x1b\[[0-9;]*m/g;

export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/** The width string-width would give, or undefined when the text needs string-width itself. */
export function fastStringWidth(text: unknown, options?: WidthOptions): number | undefined {
  if (typeof text !== 'string' || options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes === true) {
    return undefined;
  }
  const visible = text.includes('\x1b') ? text.replace(SGR, '') : text;
  return ONE_COLUMN.test(visible) ? visible.length : undefined;
}
