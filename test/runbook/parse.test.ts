import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Runbook, Step } from '../../src/runbook/model.js';
import { parseMarkdown } from '../../src/runbook/markdown.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { ROOT } from '../helpers/cli.js';

const fixture = readFileSync(join(ROOT, 'test/fixtures/runbooks/constructs.md'));
const rb = parseRunbook(fixture, 'constructs.md');

function step(runbook: Runbook, title: string | RegExp): Step {
  const s = runbook.steps.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  if (!s) throw new Error(`no step ${String(title)} in ${runbook.steps.map((x) => x.title).join(' | ')}`);
  return s;
}

describe('steps', () => {
  it('makes a step of each top-level checklist item, nested checkboxes become its items', () => {
    const parent = step(rb, 'Parent check');
    expect(parent.kind).toBe('check');
    expect(parent.items.map((i) => [i.text, i.checked])).toEqual([
      ['child one', false],
      ['child two', true],
    ]);
    expect(parent.commands.map((c) => c.code)).toEqual(['echo parent\n# Expected: parent']);
    expect(step(rb, 'Done already').checkedInSource).toBe(true);
  });

  it('a numbered heading step owns its items, commands and evidence up to the next step heading', () => {
    const s = step(rb, 'Step 3: Numbered heading step');
    expect(s.kind).toBe('heading');
    expect(s.items.map((i) => i.text)).toEqual(['item A', 'item B']);
    expect(s.commands).toHaveLength(1);
    expect(s.items[0]?.commandIds).toEqual([s.commands[0]?.id]);
    expect(s.evidence).toEqual([expect.objectContaining({ kind: 'screenshot', text: 'screenshot of the dashboard' })]);
    expect(s.body).toContain('Some prose for the step.');
    expect(s.body).not.toContain('3.1 Sub step');
    expect(step(rb, '3.1 Sub step').commands).toHaveLength(1);
  });

  it('counts every checklist line, including those inside a yaml fence', () => {
    expect(rb.checks).toBe(2 + 2 + 2 + 2);
    expect(rb.steps.filter((s) => s.title.startsWith('yaml item')).map((s) => s.checkedInSource)).toEqual([false, true]);
  });

  it('turns ordered items after "Procedure:" into procedure steps', () => {
    expect(rb.steps.filter((s) => s.kind === 'procedure').map((s) => s.title)).toEqual(['First thing', 'Second thing']);
    expect(step(rb, 'Second thing').commands[0]?.lang).toBe('sh');
  });
});

describe('commands, parameters and expectations', () => {
  const sub = step(rb, '3.1 Sub step').commands[0];
  const next = step(rb, '3.2 Uses the export').commands[0];

  it('loop variables and VAR=$(...) are not parameters; placeholders and secrets are', () => {
    expect(sub?.params.sort()).toEqual(['API_PASSWORD', 'TARGET', 'api-user', 'env']);
    expect(sub?.exports).toEqual(['SHARED']);
    const byName = Object.fromEntries(rb.params.map((p) => [p.name, p]));
    expect(byName['API_PASSWORD']?.secret).toBe(true);
    expect(byName['TARGET']?.secret).toBe(false);
    expect(byName['env']?.forms).toEqual(['{env}']);
    expect(byName['SHARED']).toBeUndefined();
    expect(byName['host']).toBeUndefined();
    expect(byName['REV']).toBeUndefined();
    expect(byName['HOME']).toBeUndefined();
  });

  it('a variable exported by an earlier block is not asked for again', () => {
    expect(next?.params).toEqual(['TARGET']);
  });

  it('reads # Expected comments as JSON-field, text and threshold checks', () => {
    expect(sub?.expectations.map((e) => e.check)).toEqual([
      { kind: 'json-field', path: 'status', equals: 'ok' },
      { kind: 'json-field', path: 'count', equals: 3 },
    ]);
    expect(next?.expectations.map((e) => e.check)).toEqual([
      { kind: 'text', text: 'Succeeded' },
      { kind: 'threshold', threshold: { metric: 'ErrorRate', comparator: '<', value: 1, unit: '%' } },
      { kind: 'threshold', threshold: { metric: 'P95', comparator: '<', value: 2000, unit: 'ms' } },
    ]);
  });

  it('checks an Expected: value written as one code span as text; prose stays confirmed by eye', () => {
    const md = [
      '# R', '', '## Step 1: a', '', '```bash', 'echo out 3', '```', '', 'Expected: `out 3`', '',
      '## Step 2: b', '', '```bash', 'echo tag=v7', '```', '', '**Expected Result**: `tag=v7`.', '',
      '## Step 3: c', '', '```bash', 'echo ok', '```', '', 'Expected: the `api` pod restarts cleanly', '',
    ].join('\n');
    const parsed = parseRunbook(md, 'spans.md');
    expect(parsed.steps.map((s) => s.commands[0]?.expectations.map((e) => e.check))).toEqual([
      [{ kind: 'text', text: 'out 3' }],
      [{ kind: 'text', text: 'tag=v7' }],
      [{ kind: 'manual' }],
    ]);
  });

  it('flags deletes, force flags and rollback context as dangerous', () => {
    const reasons = step(rb, 'Rollback Steps').commands[0]?.danger.map((d) => d.reason);
    expect(reasons).toEqual(expect.arrayContaining(['deletes resources', 'uses a force flag', 'part of a rollback']));
    expect(step(rb, 'Parent check').commands[0]?.danger).toEqual([]);
  });

  it('points each danger at the first statement that has it, in the order the block reads', () => {
    const code = [
      'echo "delete nothing here"',
      'az group delete \\',
      '  --name rg --force',
      '# WARNING: the next line purges',
      'az keyvault purge --name kv',
      'az group delete --name other',
    ].join('\n');
    const md = `# T\n\n## Rollback\n\n\`\`\`bash\n${code}\n\`\`\`\n`;
    const danger = parseRunbook(md, 't.md').steps[0]?.commands[0]?.danger;
    expect(danger).toEqual([
      { line: 7, reason: 'deletes resources' },
      { line: 7, reason: 'uses a force flag' },
      { line: 7, reason: 'part of a rollback' },
      { line: 9, reason: 'marked WARNING' },
      { line: 10, reason: 'purges data' },
    ]);
  });
});

describe('gates, forms and decisions', () => {
  it('turns threshold prose and metric tables into gates', () => {
    const gates = step(rb, 'Gates').gates;
    expect(gates[0]).toMatchObject({
      mode: 'abort-if',
      thresholds: [
        { metric: 'error rate', comparator: '>', value: 1, unit: '%' },
        { metric: 'P95 latency', comparator: '>', value: 2000, unit: 'ms' },
      ],
    });
    expect(gates[1]?.thresholds).toEqual([
      { metric: 'Error Rate', comparator: '>', value: 5, unit: '%' },
      { metric: 'Availability', comparator: '<', value: 99, unit: '%' },
    ]);
  });

  it('a ☐ choice right under a sign-off table joins the form; a standalone one is a decision', () => {
    const forms = step(rb, 'Forms');
    expect(forms.signoffs[0]).toMatchObject({
      roles: ['Technical Lead', 'Operations Manager'],
      choice: { label: 'Go Live', options: ['Yes', 'No'] },
      fourEyes: true,
    });
    expect(forms.signoffs[1]?.roles).toEqual(['Approver']);
    expect(forms.decisions.map((d) => [d.kind, d.questions[0]?.answers.map((a) => a.label)])).toEqual([
      ['choice', ['Success', 'Partial Success', 'Failed']],
    ]);
  });

  it('an If-fails / If-passes pair is one decision', () => {
    const d = step(rb, 'Branches').decisions;
    expect(d).toHaveLength(1);
    expect(d[0]?.questions[0]?.question).toBe('Validation fails?');
    expect(d[0]?.questions[0]?.answers.map((a) => [a.label, a.outcome.kind])).toEqual([
      ['Yes', 'action'],
      ['No', 'continue'],
    ]);
  });
});

describe('markdown lines', () => {
  it('reads tab-indented code, nested lists and a last line of only spaces with their true lines', () => {
    const tree = parseMarkdown('# T\n\n\techo one\n \t echo two\n\n- a\n\t- b\n\n  text\n   ');
    expect(tree.blocks.map((b) => [b.type, b.line, b.endLine])).toEqual([
      ['heading', 1, 1],
      ['fence', 3, 4],
      ['list', 6, 9],
    ]);
    expect(tree.blocks[1]).toMatchObject({ content: 'echo one\n echo two\n', indented: true });
  });
});
