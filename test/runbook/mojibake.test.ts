import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/runbook/mojibake.js';
import { parseRunbook } from '../../src/runbook/parse.js';

const CLEAN = '# Release → prod ✅\n\n📖 Read me — “quoted” café ≥ 99.9% ☐ Yes ├─> │ ▼\n';
const CP1252_HIGH: Record<number, string> = { 0x80: '€', 0x82: '‚', 0x84: '„', 0x86: '†', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x9c: 'œ', 0x9f: 'Ÿ', 0x8f: '\u008f', 0x9d: '\u009d', 0x8d: '\u008d', 0x81: '\u0081', 0x90: '\u0090', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x95: '•', 0x92: '’', 0x91: '‘', 0x8b: '‹', 0x8c: 'Œ', 0x8a: 'Š', 0x89: '‰', 0x88: 'ˆ', 0x87: '‡', 0x85: '…', 0x83: 'ƒ', 0x8e: 'Ž', 0x9e: 'ž' };
const asCp1252 = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => CP1252_HIGH[b] ?? String.fromCharCode(b)).join('');
const asLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const as = (label: string) => (s: string) => new TextDecoder(label).decode(Buffer.from(s, 'utf8'));

describe('mojibake', () => {
  it.each([
    ['Windows-1252', asCp1252],
    ['Windows-1254', as('windows-1254')],
    ['Mac Roman', as('macintosh')],
    ['Latin-1', asLatin1],
  ])('repairs UTF-8 read as %s, with one warning', (_page, damage) => {
    const rb = parseRunbook(damage(CLEAN), 'm.md');
    expect(rb.source).toBe(CLEAN);
    expect(rb.title).toBe('Release → prod');
    const warnings = rb.diagnostics.filter((d) => /mojibake/.test(d.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ line: 1, severity: 'warning' });
  });

  it('names what it repaired', () => {
    expect(repairMojibake('next â†’ step').diagnostics[0]?.message).toContain('"â†’" -> "→"');
  });

  it('never touches clean text', () => {
    const r = repairMojibake(CLEAN + 'Ünïcödé façade naïve Zürich ½ °C ±5 × ÷ ¿qué? Æsir\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(CLEAN + 'Ünïcödé façade naïve Zürich ½ °C ±5 × ÷ ¿qué? Æsir\n');
  });

  it('repairs a sequence between box drawing, emoji and a warning sign, and only it', () => {
    const r = repairMojibake('├──> ⚠️ 📖📖 next â†’ step ──┤');
    expect(r.text).toBe('├──> ⚠️ 📖📖 next → step ──┤');
    expect(r.diagnostics[0]?.message).toContain('repaired 1 mojibake sequence ');
  });
});
