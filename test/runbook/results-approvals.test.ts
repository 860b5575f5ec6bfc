// Sign-off lists ("Approved by:" over "Role: ____" lines) and result items (PASS / FAIL,
// Yes / No, OK / NOK) are read from the runbook as forms and choices (issue 14).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { resultChoice } from '../../src/runbook/result-choice.js';
import { signoffFromLines } from '../../src/runbook/signoffs.js';
import { sharedRunbook, skipShared } from '../helpers/shared.js';

const file = join(import.meta.dirname, 'fixtures', 'results-and-approvals.md');
const runbook = parseRunbook(readFileSync(file, 'utf8'), file);

describe('sign-off lists', () => {
  it('reads an "Approved by:" list of "Role: ____" lines as a form with those roles, four-eyes', () => {
    const forms = runbook.steps.flatMap((s) => s.signoffs);
    const approved = forms.find((f) => f.title === 'Approved by');
    expect(approved?.roles).toEqual(['Cache owner', 'Platform on-call']);
    expect(approved?.fourEyes).toBe(true);
  });

  it('reads a paragraph whose lines are "Sign-off:" then "Role: ...." as a form; a Name line is a field, not a role', () => {
    const form = runbook.steps.flatMap((s) => s.signoffs).find((f) => f.title === 'Sign-off');
    expect(form?.roles).toEqual(['Change board']);
  });

  it('reads an "Approved by: ____" line whatever the length of its blank, bold or not, as a one-role form titled "Approved by"', () => {
    for (const line of ['**Approved by:** ____', 'Approved by: ____', 'Approved by: ____________', 'Signed off by: ....']) {
      const rb = parseRunbook(`# Go-live\n\n### Step 1: Sign\n\n${line}\n`, 'x.md');
      const forms = rb.steps.flatMap((s) => s.signoffs.map((f) => [f.title, f.roles]));
      expect(forms, line).toEqual([[line.startsWith('Signed') ? 'Signed off by' : 'Approved by', [line.startsWith('Signed') ? 'Signer' : 'Approver']]]);
    }
  });

  it('leaves a list of filled-in names, or a label that is not about approval, alone', () => {
    expect(runbook.steps.flatMap((s) => s.signoffs)).toHaveLength(2);
    expect(signoffFromLines('Contacts:', ['Cache owner: ____'])).toBeUndefined();
    expect(signoffFromLines('Approval:', ['Cache owner: Dana'])).toBeUndefined();
    expect(signoffFromLines('Approval:', ['Name: ____', 'Date: ____'])?.roles).toEqual(['Approver']);
  });
});

describe('the approval list of a Document Control section', () => {
  const doc = (procedure: string, approval: string): ReturnType<typeof parseRunbook> =>
    parseRunbook(
      `# Cache cut-over\n\n## Steps\n\n### Step 1: Flip\n\n\`\`\`bash\necho flip\n\`\`\`\n\n${procedure}\n\n## Document Control\n\n| Version | Date |\n|---|---|\n| 1.0 | 2024 |\n\n**Approval:**\n${approval}\n`,
      'doc-control.md',
    );
  const forms = (rb: ReturnType<typeof parseRunbook>): string[][] => rb.steps.flatMap((s) => s.signoffs.map((f) => f.roles));
  const table = '### Step 2: Sign-off\n\n| Role | Name | Signature |\n|---|---|---|\n| Cache owner | | |\n| Platform on-call | | |';

  it('is not asked again when everyone on it already signs the change on a form of the procedure', () => {
    const rb = doc(table, '- Cache owner: ____\n- Platform on-call: ____');
    expect(forms(rb)).toEqual([['Cache owner', 'Platform on-call']]);
    expect(rb.diagnostics.some((d) => d.severity === 'info' && /approves the document/.test(d.message))).toBe(true);
  });

  it('is asked when it names someone who signs nowhere else, or when it is the only form', () => {
    expect(forms(doc(table, '- Cache owner: ____\n- Security: ____'))).toEqual([['Cache owner', 'Platform on-call'], ['Cache owner', 'Security']]);
    expect(forms(doc('', '- Cache owner: ____\n- Platform on-call: ____'))).toEqual([['Cache owner', 'Platform on-call']]);
  });
});

describe('result items', () => {
  it('makes an item ending in PASS / FAIL, Yes / No or OK / NOK a choice of the step, with the failing option', () => {
    const probe = runbook.steps.find((s) => s.title.includes('Probe the cache'));
    expect(probe?.results?.map((r) => [r.label, r.options, r.failing, r.detail])).toEqual([
      ['Read-through works', ['PASS', 'FAIL'], ['FAIL'], undefined],
      ['Warm-up finished?', ['Yes', 'No'], ['No'], 'within 10 min'],
      ['Replica lag', ['OK', 'NOK'], ['NOK'], undefined],
    ]);
    expect(probe?.results?.every((r) => probe.items.some((i) => i.id === r.itemId))).toBe(true);
  });

  it('leaves ordinary items, and words that only look like options, alone', () => {
    expect(resultChoice('Metrics exporter restarted', 'x', 1)).toBeUndefined();
    expect(resultChoice('Feature flag on/off', 'x', 1)).toBeUndefined();
    expect(resultChoice('Choose yes or no', 'x', 1)).toBeUndefined();
    expect(resultChoice('Smoke: pass | fail | n/a', 'x', 1)?.options).toEqual(['pass', 'fail', 'n/a']);
  });

  it.skipIf(skipShared())('finds the sign-offs and results of the shared runbooks', () => {
    const shared = sharedRunbook('apex-production-runbook.md');
    const apex = parseRunbook(readFileSync(shared, 'utf8'), shared);
    expect(apex.steps.flatMap((s) => s.signoffs.flatMap((f) => f.roles)).length).toBeGreaterThanOrEqual(2);
    expect(apex.steps.flatMap((s) => s.results ?? []).length).toBeGreaterThanOrEqual(6);
  });
});
