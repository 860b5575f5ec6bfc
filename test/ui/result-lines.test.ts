// The step detail says what a result item asks and, once answered, the answer (issue 14).
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { detailLines } from '../../src/ui/detail-lines.js';

const runbook = parseRunbook('# Cache\n\n## Checks\n\n### Step 1: Probe\n\n- [ ] Read-through works: PASS / FAIL\n- [ ] Replica lag: OK / NOK\n', 'cache.md');
const step = runbook.steps[0]!;
const text = (answers: Record<string, string>): string =>
  detailLines(step, undefined, 0, 80, 1, { mode: 'run', paramsSet: {}, answers })
    .map((l) => l.map((s) => s.text).join(''))
    .join('\n');

describe('result items in the step detail', () => {
  it('says what is asked before, and the answer after', () => {
    expect(text({})).toContain('result: Read-through works: PASS / FAIL (asked after the commands)');
    const ids = step.results?.map((r) => `result:${r.id}`) ?? [];
    const after = text({ [ids[0] ?? '']: 'PASS', [ids[1] ?? '']: 'NOK' });
    expect(after).toContain('result: Read-through works → PASS');
    expect(after).toContain('result: Replica lag → NOK');
  });
});
