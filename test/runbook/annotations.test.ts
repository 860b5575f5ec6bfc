import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';

const md = (s: string) => parseRunbook(s, 'a.md');

describe('annotations win over guesses', () => {
  it('reads fence attributes', () => {
    const rb = md('# T\n\n## S\n\n```bash {name=health timeout=60s expect="200" danger capture=REV}\necho 200\n# Expected: something else\n```\n');
    const c = rb.steps[0]?.commands[0];
    expect(c).toMatchObject({ name: 'health', timeoutMs: 60_000, capture: 'REV', annotated: true });
    expect(c?.expectations.map((e) => e.check)).toEqual([{ kind: 'text', text: '200' }]);
    expect(c?.danger.map((d) => d.reason)).toEqual(['marked dangerous by the author']);
  });

  it('`safe` drops guessed danger; flightdeck comments configure the next block and declare params', () => {
    const rb = md('# T\n\n<!-- flightdeck: param DB_USER secret default=admin description="who" -->\n<!-- flightdeck: safe timeout=5m -->\n```bash\nrm -rf ./tmp\necho $DB_USER\n```\n');
    const c = rb.steps[0]?.commands[0];
    expect(c?.danger).toEqual([]);
    expect(c?.timeoutMs).toBe(300_000);
    expect(rb.params).toEqual([expect.objectContaining({ name: 'DB_USER', secret: true, default: 'admin', description: 'who' })]);
  });

  it('`ignore` shows a shell block without making it a command', () => {
    const rb = md('# T\n\n<!-- flightdeck: ignore -->\n```bash\necho hi\n```\n');
    expect(rb.steps.flatMap((s) => s.commands)).toEqual([]);
  });

  it('reads metric, decision and signoff blocks', () => {
    const rb = md(
      [
        '# T', '', '## Rollback', '', 'text', '', '## Gate', '',
        '```metric', 'kind: simulated', 'values: [1, 2]', 'abort-if: error rate > 1%', '```', '',
        '```decision', 'question: Ship it?', 'answers:', '  yes: continue', '  no: goto Rollback', '```', '',
        '```signoff', 'title: Closure', 'roles: [Change Manager, Owner]', 'choice: "Closed?: Yes | No"', '```', '',
      ].join('\n'),
    );
    const s = rb.steps.find((x) => x.title === 'Gate');
    expect(s?.gates[0]).toMatchObject({ mode: 'abort-if', source: { kind: 'simulated', values: [1, 2] } });
    expect(s?.decisions[0]?.questions[0]?.answers[1]?.outcome).toEqual({
      kind: 'action',
      text: 'goto Rollback',
      target: { sectionId: 'rollback', title: 'Rollback' },
    });
    expect(s?.signoffs[0]).toMatchObject({ title: 'Closure', roles: ['Change Manager', 'Owner'], choice: { label: 'Closed?', options: ['Yes', 'No'] } });
    expect(rb.diagnostics).toEqual([]);
  });

  it('invalid annotations are error diagnostics with their line, never exceptions', () => {
    const rb = md(
      [
        '# T', '',
        '```bash {timeout=soon capture=1x expect=/(/}', 'echo', '```', '',
        '```bash {name="unterminated}', 'echo', '```', '',
        '```metric', 'kind: [broken', '```', '',
        '```decision', 'question: Only one answer?', 'answers:', '  yes: continue', '```', '',
        '```signoff', 'title: nobody', '```', '',
        '```decision', 'question: Where?', 'answers:', '  a: goto Nowhere At All', '  b: continue', '```', '',
        '<!-- flightdeck: param -->', '',
        '```bash {frobnicate=1}', 'echo', '```',
      ].join('\n'),
    );
    const lines = rb.diagnostics.map((d) => `${d.line} ${d.severity} ${d.message.slice(0, 40)}`);
    expect(lines).toEqual([
      expect.stringMatching(/^3 error annotation: timeout "soon"/),
      expect.stringMatching(/^3 error annotation: capture needs/),
      expect.stringMatching(/^7 error annotation: unterminated quote/),
      expect.stringMatching(/^12 error ```metric block: invalid YAML/),
      expect.stringMatching(/^15 error ```decision block: "Only one answer\?"/),
      expect.stringMatching(/^21 error ```signoff block: needs "roles/),
      expect.stringMatching(/^25 error decision: goto "Nowhere At All"/),
      expect.stringMatching(/^32 error annotation: param needs a name/),
      expect.stringMatching(/^34 warning annotation: unknown attribute "frobn/),
    ]);
  });
});
