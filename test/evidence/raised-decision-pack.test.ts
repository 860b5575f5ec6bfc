// The evidence pack of a raised decision (issue 13): summary.md and report.html show the
// decision with what raised it and the data, each question with the proposal and its data,
// the answer, who answered and where it led; the steps the jump left say "left by decision 1".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const CANARY = readFileSync(join(import.meta.dirname, '..', 'session', 'fixtures', 'raise', 'canary.md'), 'utf8');

describe('a raised decision in the evidence pack', () => {
  it('summary.md and report.html carry the raise, the data, each proposal, the answer, who and where it led', async () => {
    const kit = await sessionFor(CANARY, { mode: 'rehearsal', simulate: true });
    const answers: Record<string, { answer: string; note?: string }> = {
      'Error Rate > 5%?': { answer: 'No' },
      'Payments Failing?': { answer: 'No' },
      'Error Rate 1-5%?': { answer: 'Yes' },
    };
    const pilot = autopilot(kit.engine, { decision: (p) => answers[p.node.question] ?? { answer: 'No' } });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    pilot.stop();
    await kit.engine.suspend();
    const out = tempDir('fd-pack-');
    const r = await exportSession(kit.engine.sessionId, { env: kit.env, out: join(out, 'pack') });
    const summary = readFileSync(join(r.path, 'summary.md'), 'utf8');
    expect(summary).toContain('- **Decision 1 raised** in "Step 2: Watch the canary" by gate NO-GO: Canary error rate; data: error rate 1.83% > 1% for 3 samples');
    expect(summary).toMatch(/- decision 1: Error Rate > 5%\? → \*\*No\*\* by alice at [^;]+; proposed No \(error rate 1\.83%, not > 5%\)\n/);
    expect(summary).toMatch(/- decision 1: Payments Failing\? → \*\*No\*\* by alice at [^;]+\n/);
    expect(summary).toMatch(/- decision 1: Error Rate 1-5%\? → \*\*Yes\*\* by alice at [^;]+; proposed Yes \(error rate 1\.83% within 1%–5% for 3 samples\); led to ROLLBACK: step "Step 1: Send all traffic back"/);
    expect(summary).toContain('left by decision 1');
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html).toContain('<strong>Decision 1 raised</strong> in Step 2: Watch the canary by gate NO-GO: Canary error rate');
    expect(html).toContain('error rate 1.83% &gt; 1% for 3 samples');
    expect(html).toContain('error rate 1.83% within 1%–5% for 3 samples');
    expect(html).toContain('ROLLBACK: step &quot;Step 1: Send all traffic back&quot;');
    // the tree is drawn with the path taken
    expect(html).toContain('Rollback Decision Tree: the path taken');
  });

  it('an answer whose branch was undone says so in summary.md and report.html, and its tree drawing too', async () => {
    const kit = await sessionFor(CANARY, { mode: 'rehearsal', simulate: true });
    const answers: Record<string, string> = { 'Error Rate > 5%?': 'No', 'Payments Failing?': 'No', 'Error Rate 1-5%?': 'Yes' };
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: answers[p.node.question] ?? 'No' }) });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    pilot.stop();
    expect(kit.engine.snapshot().state.flow.undoable?.n).toBe(1);
    // undone, the decision is raised again: answered No this time
    const again = autopilot(kit.engine, { decision: { answer: 'No' } });
    await kit.engine.undoDecision('dashboard was stale, error rate back under 1%');
    again.stop();
    await kit.engine.suspend();
    const out = tempDir('fd-pack-');
    const r = await exportSession(kit.engine.sessionId, { env: kit.env, out: join(out, 'pack') });
    const summary = readFileSync(join(r.path, 'summary.md'), 'utf8');
    expect(summary).toMatch(/- decision 1: Error Rate 1-5%\? → \*\*Yes\*\*.*; led to ROLLBACK: step "Step 1: Send all traffic back"; \*\*undone\*\* by alice at [^:]+:\d\d:\d\d UTC: dashboard was stale, error rate back under 1%/);
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html).toContain('<strong>undone</strong> by alice');
    expect(html).toContain('Rollback Decision Tree (decision 1), undone: the path taken');
    expect(html).toContain('Rollback Decision Tree (decision 2): the path taken');
    // the answers given after the undo stand
    expect(summary).toMatch(/- decision 2: Error Rate > 5%\? → \*\*No\*\* by alice/);
    expect(summary).not.toMatch(/- decision 2: [^\n]*undone/);
  });
});
