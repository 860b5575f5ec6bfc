// A step conditional by its title ("Step 5: Roll back the database (If Required)") guards the
// sub-sections under it too: answered "No", its Option A / Option B are not walked (seen in
// apex-production's rollback, where both options ran after "required? No").
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';

const RUNBOOK = [
  '# Release',
  '',
  '## Rollback Procedure',
  '',
  '### Step 1: Shift traffic back',
  '',
  '```bash',
  'trafficctl set old=100',
  '```',
  '',
  '### Step 2: Roll back the database (If Required)',
  '',
  '**Option A: Downgrade (if reversible)**',
  '',
  '```bash',
  'alembic downgrade -1',
  '```',
  '',
  '**Option B: Restore (if not reversible)**',
  '',
  '```bash',
  'dbctl restore --from backup',
  '```',
  '',
  '### Step 3: Tell the team',
  '',
  '```bash',
  'echo "rolled back"',
  '```',
  '',
].join('\n');

describe('a title guard over sub-sections', () => {
  it('guards every step under the conditional heading with its question, and nothing after it', () => {
    const rb = parseRunbook(RUNBOOK, 'rollback.md');
    const byTitle = (t: RegExp) => rb.steps.find((s) => t.test(s.title));
    const head = byTitle(/Roll back the database/);
    expect(head?.guard?.question).toBe('Step 2: Roll back the database: required?');
    for (const t of [/Option A/, /Option B/]) {
      expect(byTitle(t)?.guard).toMatchObject({ decisionId: head?.guard?.decisionId, answer: 'Yes' });
    }
    expect(byTitle(/Tell the team/)?.guard).toBeUndefined();
  });
});
