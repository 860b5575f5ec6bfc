// Contingency comes from the runbook's structure, not from a word in a step's title: a
// main-path step about preparing or testing a rollback ("Prepare rollback plan", "Verify
// rollback readiness", "Test the rollback script", "Rollback smoke test") stays on the main
// path; the steps under a heading that names a contingency ("Emergency Rollback",
// "Troubleshooting", a section of diagnostics holding steps) are off it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';

const file = join(import.meta.dirname, 'fixtures', 'rollback-words.md');
const rb = parseRunbook(readFileSync(file, 'utf8'), file);

describe('contingency by section headings', () => {
  it('every step of the deployment procedure is on the main path, whatever its title says about rollback', () => {
    expect(rb.steps.map((s) => `${s.path}: ${s.title}${s.contingency ? ` (${s.contingency.title})` : ''}`)).toEqual([
      'main: Step 1: Build the image',
      'main: Step 2: Prepare rollback plan',
      'main: Step 3: Verify rollback readiness',
      'main: Step 4: Test the rollback script in staging',
      'main: Rollback smoke test',
      'main: Step 5: Deploy',
      'branch: Troubleshooting (Troubleshooting)',
      'branch: Step 1: Shift traffic back (Emergency Rollback)',
      'branch: Step 2: Confirm the old image serves (Emergency Rollback)',
      'branch: Slow start (Known Issues and Diagnostics)',
    ]);
  });

  it('the document title is not a section: a runbook called "Database Recovery" walks its steps on the main path', () => {
    const text = ['# Database Recovery', '', '## Steps', '', '### Step 1: Restore the backup', '```bash', 'dbctl restore --latest', '```', ''].join('\n');
    expect(parseRunbook(text, 'recovery.md').steps.map((s) => s.path)).toEqual(['main']);
  });
});
