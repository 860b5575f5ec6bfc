// Clean text in every script is never touched; damaged text says which code page it went
// through (the cases of issue 16), and a file mixing both keeps the clean part.
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/runbook/mojibake.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { damage, isLossy, PAGE_NAMES } from './mojibake-damage.js';
import { CLEAN_PROSE } from './mojibake-prose.js';

describe('clean text', () => {
  it.each(Object.keys(CLEAN_PROSE))('%s prose is left exactly as it is, with no warning', (name) => {
    const text = CLEAN_PROSE[name] as string;
    const rb = parseRunbook(text, `${name}.md`);
    expect(rb.source).toBe(text);
    expect(rb.diagnostics.filter((d) => /mojibake/.test(d.message))).toEqual([]);
  });

  it.each(Object.keys(CLEAN_PROSE))('%s prose damaged through any page comes back, naming the page', (name) => {
    const text = CLEAN_PROSE[name] as string;
    for (const page of PAGE_NAMES.filter((p) => !isLossy(text, p))) {
      const r = repairMojibake(damage(text, page));
      expect(r.text, page).toBe(text);
      // named, or listed with the pages that read these bytes alike
      expect(r.diagnostics.map((d) => d.message).join('\n'), page).toContain(page);
    }
  });
});

describe('issue 16: a runbook damaged through Windows-1254', () => {
  const original = [
    '# 🎯 Deployment Checklist Templates',
    '',
    '## 🗄️ Database Migration Playbook',
    '',
    '- [ ] ⚠️ Take a backup ❌ never skip it',
    '- [ ] 🔍 Verifying deployment health → şifre kontrolü, İstanbul bölgesi',
  ].join('\n');
  const damaged = damage(original, 'Windows-1254');

  it('is damaged the way the issue shows (C1 controls are invisible there)', () => {
    const shown = damaged.replace(/[\u0080-\u009f]/g, '');
    expect(shown).toContain('ğŸ¯ Deployment Checklist Templates');
    expect(shown).toContain('🗄ï¸ Database'.replace('🗄', 'ğŸ—„'));
    expect(shown).toContain('âŒ');
  });

  it('is repaired whole, variation selectors included, with nothing invented', () => {
    expect(repairMojibake(damaged).text).toBe(original);
  });

  it('names Windows-1254, with the count and the first line', () => {
    const r = repairMojibake(damaged);
    // 🎯 🗄 VS16 ⚠ VS16 ❌ 🔍 → ş ü İ ö
    expect(r.found).toEqual([{ page: 'Windows-1254', count: 12, firstLine: 1 }]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ line: 1, severity: 'warning', message: expect.stringContaining('repaired 12 mojibake sequences (first at line 1): UTF-8 text decoded as Windows-1254, e.g. "ğŸ\\u008e¯" -> "🎯"') }),
    ]);
  });

  it('keeps the clean text of a file mixing damaged and clean lines', () => {
    const clean = ['Türkçe: küçük değişiklik, Ελληνικά: Έλεγχος, Русский: Её ёлка', '├──> healthy? ──Yes──┐ ═╣ ─┤'].join('\n');
    const r = repairMojibake(`${damaged}\n${clean}\n${damage('next → ✅ 👍🏽 🇹🇷', 'Mac Roman')}`);
    expect(r.text).toBe(`${original}\n${clean}\nnext → ✅ 👍🏽 🇹🇷`);
    expect(r.found.map((f) => [f.page, f.firstLine])).toEqual([
      ['Windows-1254', 1],
      ['Mac Roman', 9],
    ]);
  });

  it('names both pages of text damaged twice, in order', () => {
    const r = repairMojibake(damage(original, 'Windows-1254', 'Windows-1252'));
    expect(r.text).toBe(original);
    expect(r.found[0]?.page).toBe('Windows-1254, then again as Windows-1252');
  });
});
