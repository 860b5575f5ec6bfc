// Large documents: the parser hands markdown-it's blocks on in batches while it parses
// (to stay linear and flat in memory). These check that a batch boundary never changes
// what a reader sees: constructs that look like a heading but are not one (inside a
// fence, an HTML comment, a <pre>) stay whole, and line numbers stay true to the end.
// No timings here: speed is measured by `npm run bench`.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';

/** ~`bytes` of checklist items under one section: many tokens and no heading line. */
function padding(bytes: number): string {
  const lines: string[] = ['# Big runbook', '', '## Checks', ''];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `- [ ] check number ${i} is green on the dashboard`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('');
  return lines.join('\n');
}

describe('large runbooks', () => {
  it('a bare ``` fence after an unclosed list-item fence keeps its `# ...` lines as code', () => {
    // The list item's fence ends with the item; a naive fence counter stays "open" there
    // and reads the next ``` as a close, so the `# Not a heading` line looked like a heading.
    const tail = [
      '- [ ] collect logs',
      '  ```',
      '  tail -n 100 app.log',
      '# Rollback',
      '',
      '```',
      'echo one',
      '# Not a heading',
      'echo two',
      '```',
      '',
    ].join('\n');
    const pad = padding(400 * 1024);
    const rb = parseRunbook(pad + tail, 'big.md');
    expect(rb.sections.map((s) => s.title)).toEqual(['Big runbook', 'Checks', 'Rollback']);
    // Only the list item's fence is reported as never closed; the bare one closes.
    const itemFence = pad.split('\n').length + 1;
    expect(rb.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ line: itemFence, message: expect.stringMatching(/never closed/) })]);
    const rollback = rb.steps.filter((s) => s.sectionId === 'rollback');
    expect(rollback.map((s) => s.body)).toEqual([expect.stringContaining('# Not a heading\necho two')]);
  });

  it('`# lines` inside a multi-line HTML comment or <pre> are not headings', () => {
    const tail = ['<!--', '# a note for authors', '-->', '', '<pre>', '# sample output', '</pre>', '', '## After', '', '- [ ] last check', ''].join('\n');
    const rb = parseRunbook(padding(400 * 1024) + tail, 'big.md');
    expect(rb.sections.map((s) => s.title)).toEqual(['Big runbook', 'Checks', 'After']);
    expect(rb.steps.at(-1)?.title).toBe('last check');
  });

  it('line numbers stay true across a 2 MB document, including an unclosed fence at the end', () => {
    const section = (i: number) =>
      [`## Service ${i}`, '', `- [ ] check ${i}`, '', '  ```bash', `  echo ${i}`, '  # Expected: ok', '  ```', '', '| Metric | Threshold |', '|---|---|', '| Error rate | < 1% |', ''].join('\n');
    const parts = ['# Services', ''];
    for (let i = 0; i < 15_000; i++) parts.push(section(i));
    parts.push('## Broken', '', '```bash', 'echo never closed');
    const rb = parseRunbook(parts.join('\n'), 'services.md');
    expect(rb.sections).toHaveLength(15_002);
    const checks = rb.steps.filter((s) => s.kind === 'check');
    expect(checks).toHaveLength(15_000);
    // Service i starts at line 3 + 13 * i; its check two lines below, its command four.
    for (const i of [0, 1, 12_345, 14_999]) {
      const s = checks[i];
      expect(s?.title).toBe(`check ${i}`);
      expect(s?.line).toBe(5 + 13 * i);
      expect(s?.commands[0]?.line).toBe(7 + 13 * i);
      expect(s?.commands[0]?.expectations).toHaveLength(1);
    }
    const broken = 3 + 13 * 15_000 + 2;
    expect(rb.diagnostics).toEqual([expect.objectContaining({ line: broken, severity: 'error', message: expect.stringMatching(/never closed/) })]);
  }, 30_000);

  it('deep nesting far into a large document is cut with one warning at its line', () => {
    const pad = padding(300 * 1024);
    const at = pad.split('\n').length;
    const rb = parseRunbook(`${pad}\n${'>'.repeat(5_000)} deep\n\n## After\n\n- [ ] still parsed\n`, 'deep.md');
    expect(rb.diagnostics).toEqual([expect.objectContaining({ line: at + 1, severity: 'warning', message: expect.stringMatching(/nested deeper than/) })]);
    expect(rb.steps.at(-1)?.title).toBe('still parsed');
  });
});
