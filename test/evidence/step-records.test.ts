// Notes, checks by eye with their notes, result answers and sign-offs typed during a walk
// reach summary.md and report.html next to their step (issue 14). Real engine, bash, export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { autopilot, whenSnapshot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = `# Index rebuild

## Steps

### Step 1: Rebuild the index

\`\`\`bash
echo "rebuilt 1200 documents, 3 skipped"
# Expected: skipped documents are the archived ones
\`\`\`

- [ ] Search answers: PASS / FAIL

### Step 2: Close the change

**Evidence**: the change record number

**Approved by:**
- Search owner: ______
`;

describe('what was typed at each step, in the evidence', () => {
  it('puts every note, eye-check note, answer, sign-off and typed evidence in summary.md and report.html beside its step', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const pilot = autopilot(kit.engine, {
      unverified: { confirmed: true, note: '3 skipped are archive-2019 ones' },
      decision: { answer: 'PASS', note: 'five queries answered' },
      signoff: { name: 'robin', approved: true, comment: 'ok to close' },
      evidence: { kind: 'note', value: 'CHG-20417 closed by robin' },
    });
    await kit.engine.advance('step-1');
    await kit.engine.note('rebuild took 4 minutes', 'step-1');
    await kit.engine.advance('step-2');
    pilot.stop();
    await kit.engine.finish('completed');
    const out = join(tempDir('fd-records-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const section = summary.slice(summary.indexOf('## Recorded at each step'));
    const step1 = section.slice(section.indexOf('**1. Step 1: Rebuild the index**'), section.indexOf('**2.'));
    expect(step1).toContain('3 skipped are archive-2019 ones');
    expect(step1).toContain('Search answers: PASS / FAIL → PASS');
    expect(step1).toContain('five queries answered');
    expect(step1).toContain('rebuild took 4 minutes');
    const step2 = section.slice(section.indexOf('**2.'));
    expect(step2).toContain('Search owner: robin approved: ok to close');
    expect(step2).toContain('evidence (note): CHG-20417 closed by robin');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const card = (id: string): string => html.slice(html.indexOf(`id="step-${id}"`), html.indexOf('</section>', html.indexOf(`id="step-${id}"`)));
    expect(card('step-1')).toContain('3 skipped are archive-2019 ones');
    expect(card('step-1')).toContain('five queries answered');
    expect(card('step-1')).toContain('rebuild took 4 minutes');
    expect(card('step-2')).toContain('ok to close');
  });
});

describe('a block not needed, in summary.md', () => {
  it('says "not needed" once, with the answer that made it so', async () => {
    const kit = await sessionFor(
      ['# Schema', '', '## Steps', '', '### Step 1: Check', '', '```bash', 'echo current', '```', '', '**If the table is missing:**', '', '```bash', 'echo stamp', '```', ''].join('\n'),
      { shell: true },
    );
    const pilot = autopilot(kit.engine, { decision: { answer: 'No' } });
    for (const step of kit.runbook.steps) await kit.engine.advance(step.id);
    pilot.stop();
    await kit.engine.finish('completed');
    const out = join(tempDir('fd-records-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('| not needed: The table is missing? No |');
    expect(summary).not.toContain('not needed: not needed');
  });
});

describe('a monitored wait, in summary.md and report.html', () => {
  it('says how it went beside its step: started, extended, ended early with the reason', async () => {
    const kit = await sessionFor(
      ['# Canary', '', '### Step 1: Watch the canary', '', 'Monitor for 10 minutes.', '', '<!-- flightdeck: wait 10m abort-if="error rate > 1%" watch="error rate" -->', ''].join('\n'),
      { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds: 30 }, env: { FLIGHTDECK_SIMULATE: 'healthy' } },
    );
    const walked = kit.engine.advance('step-1');
    await whenSnapshot(kit.engine, (s) => s.wait, 'the wait on screen');
    kit.engine.extendWait(300);
    await whenSnapshot(kit.engine, (s) => (s.wait?.seconds === 900 ? true : undefined), 'the wait extended');
    kit.engine.endWait('dashboards green, window closing');
    await walked;
    await kit.engine.finish('completed');
    const out = join(tempDir('fd-records-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const step1 = summary.slice(summary.indexOf('**1. Step 1: Watch the canary**'));
    expect(step1).toContain('- wait started: Monitor for 10 minutes (600 s, simulated)');
    expect(step1).toContain('- wait extended by 300 s to 900 s');
    expect(step1).toMatch(/- wait ended early \(\d+ s served\): dashboards green, window closing/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<div class="inline-item">wait ended early \(\d+ s served\): dashboards green, window closing<\/div>/);
  });
});

describe('a stop answer, in summary.md', () => {
  it('says how the operator resolved it, beside the step it held', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'session', 'fixtures', 'flow', 'alternatives-stop.md'), 'utf8');
    const kit = await sessionFor(text, { mode: 'rehearsal' });
    const pilot = autopilot(kit.engine, {
      decision: (p) => ({ answer: /Health checks fail/.test(p.node.question) ? 'yes' : (p.node.answers[0]?.label ?? '') }),
      halted: { resolved: true, note: 'cache node replaced by netops' },
    });
    for (let i = 0; i < 6 && kit.engine.snapshot().state.currentStepId; i++) await kit.engine.advance(kit.engine.snapshot().state.currentStepId!);
    pilot.stop();
    await kit.engine.finish('completed');
    const out = join(tempDir('fd-records-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary.slice(summary.indexOf('## Recorded at each step'))).toContain('- stop resolved by alice: cache node replaced by netops');
  });
});
