// A generated corpus of runbook lines (emoji with and without variation selectors, ZWJ
// sequences, skin tones, flags, keycaps, arrows, box drawing, Turkish, Greek, Cyrillic and
// Polish words), damaged through every supported code page and through every pair of them,
// must come back exactly. A byte a page has no character for is lost in the damage (0xA1
// and 0xA5 in Windows-1257, 0xD2 in Windows-1253): such a line cannot come back whole, and
// must not look whole either.
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/runbook/mojibake.js';
import { corpus, damage, isLossy, PAGE_NAMES } from './mojibake-damage.js';

const LINES = corpus(300);
const SHORT = corpus(24, 1616);

/** A lossy line's repair still shows that something is missing: U+FFFD or leftover damage. */
function showsLoss(original: string, repaired: string): boolean {
  const clean = new Set(original);
  return [...repaired].some((ch) => ch === '\uFFFD' || !clean.has(ch));
}

function check(lines: string[], pages: string[]) {
  const repaired = repairMojibake(damage(lines.join('\n'), ...pages));
  const out = repaired.text.split('\n');
  expect(out).toHaveLength(lines.length);
  let exact = 0;
  lines.forEach((line, i) => {
    const got = out[i] as string;
    if (isLossy(line, ...pages)) expect(showsLoss(line, got), `${pages.join(' + ')}: ${got}`).toBe(true);
    else {
      expect(got, `${pages.join(' + ')}: line ${i + 1}`).toBe(line);
      exact++;
    }
  });
  return { repaired, exact };
}

describe('mojibake corpus', () => {
  it.each(PAGE_NAMES)('300 lines damaged through %s come back exactly, and the warning names it', (page) => {
    const { repaired, exact } = check(LINES, [page]);
    // only Windows-1257 loses bytes (0xA1, 0xA5: ⚡, Ρ, Υ, Х...)
    expect(exact).toBeGreaterThanOrEqual(page === 'Windows-1257' ? 200 : LINES.length);
    expect(repaired.found[0]).toMatchObject({ page, firstLine: 1 });
    expect(repaired.diagnostics[0]?.message).toContain(`UTF-8 text decoded as ${page}`);
  });

  it('lines damaged through any two pages in a row come back exactly, named in order', { timeout: 240_000 }, () => {
    for (const first of PAGE_NAMES) {
      for (const second of PAGE_NAMES) {
        const { repaired, exact } = check(SHORT, [first, second]);
        const lossy = SHORT.filter((line) => isLossy(line, first, second)).length;
        expect(exact, `${first} + ${second}`).toBe(SHORT.length - lossy);
        expect(exact, `${first} + ${second}`).toBeGreaterThan(0);
        const name = first === second ? `${first} twice` : `${first}, then again as ${second}`;
        // named, or listed among the pages that read these bytes alike (CP437 text read through
        // Windows-1252 and Windows-1254 spells the same bytes)
        expect(repaired.diagnostics[0]?.message, `${first} + ${second}`).toContain(name);
      }
    }
  });
});
