// Result items are asked and recorded, a failing answer fails the step; an "Approval:" list
// is signed role by role (issue 14). Through the real engine and bash.
import { describe, expect, it } from 'vitest';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const RUNBOOK = `# Queue drain

## Steps

### Step 1: Drain the queue

\`\`\`bash
echo "drained 42 messages"
\`\`\`

- [ ] Consumers stopped: PASS / FAIL
- [ ] Dead-letter queue empty? Yes / No

### Step 2: Restart consumers

- [ ] Consumers back

## Document Control

**Approval:**
- Queue owner: ________
- Duty manager: ________
`;

describe('result items', () => {
  it('asks each result as a choice, records the answers as decisions, and PASS lets the step pass', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: p.node.answers[0]?.label ?? '', note: `seen ${p.node.question}` }) });
    await kit.engine.advance('step-1');
    pilot.stop();
    expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('passed');
    const decisions = kit.events().filter((e) => e.type === 'decision').map((e) => e.data as { question: string; answer: string; note?: string });
    expect(decisions.map((d) => [d.question, d.answer])).toEqual([
      ['Consumers stopped: PASS / FAIL', 'PASS'],
      ['Dead-letter queue empty? Yes / No', 'Yes'],
    ]);
    expect(decisions[0]?.note).toContain('Consumers stopped');
  });

  it('a failing answer ends the step failed with the result as its reason, and the walk stays there', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: p.node.question.startsWith('Dead-letter') ? 'No' : 'PASS' }) });
    await kit.engine.advance('step-1');
    pilot.stop();
    const st = kit.engine.snapshot().state;
    expect(st.steps['step-1']?.status).toBe('failed');
    expect(st.steps['step-1']?.reason).toBe('Dead-letter queue empty?: No');
    expect(st.currentStepId).toBe('step-1');
  });
});

describe('result items in a rehearsal', () => {
  it('are asked too, so a failing answer can be practised: the step ends failed, nothing ran', async () => {
    const kit = await sessionFor(RUNBOOK, { mode: 'rehearsal' });
    const asked: string[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p.node.question);
        return { answer: p.node.question.startsWith('Consumers') ? 'FAIL' : 'Yes' };
      },
    });
    await kit.engine.advance('step-1');
    pilot.stop();
    expect(asked).toEqual(['Consumers stopped: PASS / FAIL?']);
    const st = kit.engine.snapshot().state;
    expect(st.steps['step-1']?.status).toBe('failed');
    expect(st.steps['step-1']?.reason).toBe('Consumers stopped: FAIL');
    expect(kit.events().filter((e) => e.type === 'cmd.exit' && e.data['rehearsal'] !== true && e.data['exitCode'] !== undefined)).toHaveLength(0);
  });
});

describe('approval lists', () => {
  it('asks a sign-off for each role of an "Approval:" list', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const step = kit.runbook.steps.find((s) => s.signoffs.length > 0);
    expect(step?.title).toBe('Document Control');
    const roles: string[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => ({ answer: p.node.answers.find((a) => a.label === 'Yes')?.label ?? p.node.answers[0]?.label ?? '' }),
      signoff: (p) => {
        roles.push(p.role ?? '');
        return { name: `${p.role ?? 'x'} person`, approved: true };
      },
    });
    await kit.engine.skip('step-1', 'not part of this test');
    await kit.engine.skip('step-2', 'not part of this test');
    await kit.engine.advance(step?.id ?? '');
    pilot.stop();
    expect(roles).toEqual(['Queue owner', 'Duty manager']);
    expect(kit.events().filter((e) => e.type === 'signoff')).toHaveLength(2);
  });
});
