import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fastStringWidth } from '../../src/ui/text/fast-width.js';

// The screen's columns line up only if the fast path measures exactly as string-width does.
describe('fastStringWidth', () => {
  it('gives string-width’s width for every character it measures itself', () => {
    let measured = 0;
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      const fast = fastStringWidth(ch);
      if (fast === undefined) continue;
      measured++;
      if (fast !== stringWidth(ch)) expect({ cp: cp.toString(16), fast }).toEqual({ cp: cp.toString(16), fast: stringWidth(ch) });
    }
    // ASCII, Latin, Greek, Cyrillic, punctuation, box drawing and symbols: thousands of them
    expect(measured).toBeGreaterThan(3000);
  });

  it('measures lines of the TUI, colour codes included, as string-width does', () => {
    const lines = [
      ' DRY RUN · REHEARSAL: nothing is executed ',
      'session 20261123-141553-a66afa · root · ⏱ 0:00',
      '╭──────────╮ │ ▸ ○ 1. Resource Group exists… ✓ ✗ ● ◐',
      '\x1b[1m\x1b[34mAzure Resources\x1b[39m\x1b[22m  café naïve Ελληνικά кириллица €',
      '',
    ];
    for (const line of lines) expect(fastStringWidth(line)).toBe(stringWidth(line));
  });

  it('leaves wide, combining, emoji and control text to string-width', () => {
    for (const text of ['✅ done', '⏰', 'e\u0301', '你好', '👍🏽', 'a\tb', 'x\x1b]8;;u\x07y', '\u200b', '\u00ad', 'a\nb']) {
      expect(fastStringWidth(text)).toBeUndefined();
    }
    expect(fastStringWidth('abc', { ambiguousIsNarrow: false })).toBeUndefined();
    expect(fastStringWidth('\x1b[1mabc', { countAnsiEscapeCodes: true })).toBeUndefined();
  });
});
