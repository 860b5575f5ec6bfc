import { describe, expect, it } from 'vitest';
import { markdownToLines } from '../../src/ui/markdown/to-lines.js';
import { lineWidth, type Line } from '../../src/ui/markdown/segments.js';

const text = (lines: Line[]): string[] => lines.map((l) => l.map((s) => s.text).join(''));

describe('markdownToLines', () => {
  it('renders headings, emphasis, inline code and links without their markup', () => {
    const lines = markdownToLines('## Rollout\n\nRun **carefully** with `kubectl` and see [the guide](https://ex.com/g).', 80);
    const t = text(lines);
    expect(t[0]).toBe('Rollout');
    expect(lines[0]?.[0]?.style?.bold).toBe(true);
    expect(t).toContain('Run carefully with kubectl and see the guide (https://ex.com/g).');
    const bold = lines.flat().find((s) => s.text === 'carefully');
    expect(bold?.style?.bold).toBe(true);
  });

  it('renders bullet, ordered, nested and task lists with markers and hanging indents', () => {
    const t = text(markdownToLines('- [ ] one\n- [x] two words that wrap around\n  1. inner\n  2. inner two\n', 20));
    expect(t[0]).toBe('• ☐ one');
    expect(t[1]).toBe('• ☑ two words that');
    expect(t[2]).toBe('  wrap around');
    expect(t[3]).toBe('  1. inner');
    expect(t[4]).toBe('  2. inner two');
  });

  it('lays tables out in aligned columns, shrinking to fit', () => {
    const src = '| Role | Name |\n|---|---|\n| Release manager for the platform | alice |\n| SRE | bob |\n';
    const lines = markdownToLines(src, 30);
    const t = text(lines);
    expect(t[0]).toMatch(/^Role +│ Name +$/);
    expect(t[1]).toMatch(/^─+┼─+$/);
    expect(t[2]).toContain('…');
    expect(t[3]).toMatch(/^SRE +│ bob/);
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(30);
    // the column separators line up
    expect(t[0]?.indexOf('│')).toBe(t[3]?.indexOf('│'));
  });

  it('shows code blocks verbatim, hard-wrapped so no character is lost', () => {
    const cmd = 'az containerapp update --name api --resource-group rg-prod --image acr.io/api:1.2.3';
    const lines = markdownToLines('```bash\n' + cmd + '\n```', 40);
    const t = text(lines);
    expect(t[0]).toContain('bash');
    const body = t.slice(1).map((l) => l.replace(/^│ /, '')).join('');
    expect(body).toBe(cmd);
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(40);
  });

  it('hides HTML comments (annotations) and keeps wide characters within the width', () => {
    const lines = markdownToLines('<!-- flightdeck: danger -->\n\n🚀 Déploiement 本番環境 ✅ ' + 'long '.repeat(20), 24);
    const t = text(lines);
    expect(t.join('\n')).not.toContain('flightdeck:');
    expect(t[0]?.startsWith('🚀')).toBe(true);
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(24);
  });

  it('splits a word longer than the line', () => {
    const lines = markdownToLines('x'.repeat(50), 20);
    expect(text(lines)).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(10)]);
  });
});
