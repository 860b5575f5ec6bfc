// Gates raise decisions (issue 13): a NO-GO gate in a step the runbook ties to a decision puts
// that decision to the operator at once, each question the data answers with a proposed answer
// and why; the raise, the proposals and the answers are in the log, and the walk goes where the
// answers lead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/session/types.js';
import { sessionEvent } from '../../src/session/audit-event.js';
import { answer, autopilot, whenSnapshot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const CANARY = readFileSync(join(import.meta.dirname, 'fixtures', 'raise', 'canary.md'), 'utf8');

type DecisionPrompt = Extract<Prompt, { kind: 'decision' }>;

async function breachAt(answers: Record<string, string | { answer: string; note: string }>) {
  const kit = await sessionFor(CANARY, { mode: 'rehearsal', simulate: true });
  const asked: DecisionPrompt[] = [];
  const pilot = autopilot(kit.engine, {
    decision: (p) => {
      asked.push(p);
      const a = answers[p.node.question];
      if (a === undefined) throw new Error(`not expected: ${p.node.question}`);
      return typeof a === 'string' ? { answer: a } : a;
    },
  });
  await kit.engine.advance('step-1');
  await kit.engine.advance('step-2');
  pilot.stop();
  const events = kit.events().map(sessionEvent);
  return { kit, asked, events };
}

describe('a NO-GO gate raises the decision tied to its step', () => {
  it('raises the rollback tree at once, proposes from the data and walks to the rollback', async () => {
    const { kit, asked, events } = await breachAt({ 'Error Rate > 5%?': 'No', 'Payments Failing?': 'No', 'Error Rate 1-5%?': 'Yes' });
    expect(asked.map((p) => p.node.question)).toEqual(['Error Rate > 5%?', 'Payments Failing?', 'Error Rate 1-5%?']);
    expect(asked.every((p) => p.raised?.data[0] === 'error rate 1.83% > 1% for 3 samples')).toBe(true);
    expect(asked[0]?.suggested).toEqual({ answer: 'No', why: 'error rate 1.83%, not > 5%' });
    expect(asked[1]?.suggested).toBeUndefined();
    expect(asked[2]?.suggested).toEqual({ answer: 'Yes', why: 'error rate 1.83% within 1%–5% for 3 samples' });
    const raise = events.find((e) => e.type === 'flow' && e.data.kind === 'raise');
    expect(raise?.data).toMatchObject({ kind: 'raise', stepId: 'step-2', title: 'Rollback Decision Tree', n: 1, source: 'gate', data: ['error rate 1.83% > 1% for 3 samples'] });
    const decisions = events.flatMap((e) => (e.type === 'decision' ? [e.data] : []));
    expect(decisions.map((d) => [d.question, d.answer, d.suggested?.answer])).toEqual([
      ['Error Rate > 5%?', 'No', 'No'],
      ['Payments Failing?', 'No', undefined],
      ['Error Rate 1-5%?', 'Yes', 'Yes'],
    ]);
    const state = kit.engine.snapshot().state;
    expect(state.steps['step-2']?.status).toBe('failed');
    expect(state.currentStepId).toBe('step-7');
    expect(state.flow.branch?.title).toBe('Rollback Procedures');
    // the list of conditions before it is left by the decision; the tree's own step is answered; the main path waits
    expect(state.steps['step-5']).toMatchObject({ status: 'not-needed', reason: 'left by decision 1' });
    expect(state.steps['step-6']).toMatchObject({ status: 'rehearsed', reason: 'answered as decision 1, raised by Step 2: Watch the canary' });
    expect(state.steps['step-3']?.status).toBe('pending');
  });

  it('a choice against the proposal keeps the operator\'s reason with the proposal', async () => {
    const { events } = await breachAt({ 'Error Rate > 5%?': { answer: 'Yes', note: 'the dashboard shows 7% now' } });
    const d = events.flatMap((e) => (e.type === 'decision' ? [e.data] : []))[0];
    expect(d).toMatchObject({ answer: 'Yes', suggested: { answer: 'No' }, note: 'the dashboard shows 7% now' });
  });
});

describe('a failed check raises the decision tied to its step', () => {
  it('"If the smoke test fails" is asked at once with Yes proposed and the failure shown; Yes goes to the rollback', async () => {
    const kit = await sessionFor(readFileSync(join(import.meta.dirname, 'fixtures', 'raise', 'smoke.md'), 'utf8'), { shell: true });
    const asked: DecisionPrompt[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p);
        return { answer: 'Yes' };
      },
    });
    await kit.engine.advance('step-1');
    pilot.stop();
    expect(asked).toHaveLength(1);
    expect(asked[0]?.suggested?.answer).toBe('Yes');
    expect(asked[0]?.suggested?.why).toMatch(/^check failed: .*22/);
    // the command's own last lines are in the prompt, and the reason is not repeated as data
    expect(asked[0]?.raised?.output).toContain('status: 503');
    expect(asked[0]?.raised?.data).not.toContain(asked[0]?.raised?.reason);
    const state = kit.engine.snapshot().state;
    expect(state.steps['step-1']?.status).toBe('failed');
    // nothing asked "retry, pass, skip, abort?": the decision said where to go
    expect(state.currentStepId).toBe('step-3');
    const raise = kit.events().map(sessionEvent).find((e) => e.type === 'flow' && e.data.kind === 'raise');
    expect(raise?.data).toMatchObject({ source: 'check', data: [expect.stringMatching(/^check failed: .*22/)] });
  });

  it('a sign-off asked after the failed step shows it to the signer', async () => {
    const text = `# Release\n\n### Step 1: Health check\n\n\`\`\`bash\necho "readyz 503"\nexit 1\n\`\`\`\n\n**If the health check fails:**\n\n\`\`\`bash\necho "collect logs"\n\`\`\`\n\n### Step 2: Go-live sign-off\n\n**Approved by:** ____\n`;
    const kit = await sessionFor(text, { shell: true });
    const signoffs: Extract<Prompt, { kind: 'signoff' }>[] = [];
    const pilot = autopilot(kit.engine, {
      decision: { answer: 'Yes' },
      signoff: (p) => {
        signoffs.push(p);
        return { name: 'rita', approved: true };
      },
    });
    const [health, logs, signoff] = kit.runbook.steps.map((x) => x.id);
    await kit.engine.advance(health!);
    await kit.engine.advance(logs!);
    await kit.engine.advance(signoff!);
    pilot.stop();
    expect(kit.engine.snapshot().state.steps[health!]?.status).toBe('failed');
    expect(signoffs[0]?.failed).toEqual(['Step 1: Health check']);
  });

  it('answered No, the failure is put to the operator as before (retry, pass, skip, abort)', async () => {
    const kit = await sessionFor(readFileSync(join(import.meta.dirname, 'fixtures', 'raise', 'smoke.md'), 'utf8'), { shell: true });
    const kinds: string[] = [];
    const pilot = autopilot(kit.engine, {
      decision: () => {
        kinds.push('decision');
        return { answer: 'No', note: 'the 503 is the old load balancer' };
      },
      'check-failed': () => {
        kinds.push('check-failed');
        return { action: 'skip', reason: 'checked by hand' };
      },
    });
    await kit.engine.advance('step-1');
    pilot.stop();
    expect(kinds).toEqual(['decision', 'check-failed']);
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-2');
  });
});

describe('undo of a branch', () => {
  it('brings the steps left by the decision back and raises the decision again at once on the same data, with the reason in the log', async () => {
    const { kit } = await breachAt({ 'Error Rate > 5%?': 'No', 'Payments Failing?': 'No', 'Error Rate 1-5%?': 'Yes' });
    expect(kit.engine.snapshot().state.flow.undoable).toMatchObject({ n: 1 });
    const undoing = kit.engine.undoDecision('wrong tree: the error budget allows 2%');
    // asked again straight away (not left unanswered until the step is walked again): decision 2, the same data, nothing sampled again
    const again = await whenSnapshot(kit.engine, (s) => (s.prompt?.prompt.kind === 'decision' ? s.prompt.prompt : undefined), 'the decision raised again');
    expect(again.node.question).toBe('Error Rate > 5%?');
    expect(again.raised?.data[0]).toBe('error rate 1.83% > 1% for 3 samples');
    expect(kit.events().filter((e) => e.type === 'metric')).toHaveLength(1);
    const raises = kit.events().map(sessionEvent).flatMap((e) => (e.type === 'flow' && e.data.kind === 'raise' ? [e.data.n] : []));
    expect(raises).toEqual([1, 2]);
    const state = kit.engine.snapshot().state;
    expect(state.flow.branch).toBeUndefined();
    expect(state.currentStepId).toBe('step-2');
    expect(state.steps['step-5']?.status).toBe('pending');
    expect(state.steps['step-6']?.status).toBe('pending');
    expect(kit.engine.snapshot().state.flow.undoable).toBeUndefined();
    const undo = kit.events().map(sessionEvent).find((e) => e.type === 'flow' && e.data.kind === 'undo');
    expect(undo?.data).toMatchObject({ n: 1, reason: 'wrong tree: the error budget allows 2%', reopen: ['step-5', 'step-6'], back: 'step-2' });
    await kit.engine.suspend();
    await undoing;
  });

  it('is gone once a step of the branch has run', async () => {
    const { kit } = await breachAt({ 'Error Rate > 5%?': 'No', 'Payments Failing?': 'No', 'Error Rate 1-5%?': 'Yes' });
    await kit.engine.advance('step-7');
    expect(kit.engine.snapshot().state.flow.undoable).toBeUndefined();
    await kit.engine.undoDecision('too late');
    expect(kit.events().map(sessionEvent).some((e) => e.type === 'flow' && e.data.kind === 'undo')).toBe(false);
  });
});

describe('resume in the middle of a raised tree', () => {
  it('goes on at the next question: the answers given stand and the gate is not sampled again', async () => {
    const kit = await sessionFor(CANARY, { mode: 'rehearsal', simulate: true });
    await kit.engine.advance('step-1');
    const walking = kit.engine.advance('step-2');
    await answer(kit.engine, 'decision', { answer: 'No' });
    // quit while the second question is on screen
    const second = await whenSnapshot(kit.engine, (s) => (s.prompt?.prompt.kind === 'decision' && s.prompt.prompt.node.question === 'Payments Failing?' ? true : undefined), 'the second question');
    expect(second).toBe(true);
    await kit.engine.suspend();
    await walking;
    const again = await kit.resume();
    const asked: DecisionPrompt[] = [];
    const pilot = autopilot(again.engine, {
      decision: (p) => {
        asked.push(p);
        return { answer: p.node.question === 'Payments Failing?' ? 'No' : 'Yes' };
      },
    });
    await again.engine.advance('step-2');
    pilot.stop();
    expect(asked.map((p) => p.node.question)).toEqual(['Payments Failing?', 'Error Rate 1-5%?']);
    expect(asked[1]?.suggested?.answer).toBe('Yes');
    expect(asked[1]?.taken).toEqual([
      { question: 'Error Rate > 5%?', answer: 'No' },
      { question: 'Payments Failing?', answer: 'No' },
    ]);
    const events = again.events().map(sessionEvent);
    expect(events.filter((e) => e.type === 'flow' && e.data.kind === 'raise')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'metric')).toHaveLength(1);
    expect(again.engine.snapshot().state.currentStepId).toBe('step-7');
  });
});

describe('a session left at a raised question', () => {
  it('asks it again as soon as it is opened, before any key: nothing else is walked first', async () => {
    const kit = await sessionFor(CANARY, { mode: 'rehearsal', simulate: true });
    await kit.engine.advance('step-1');
    const walking = kit.engine.advance('step-2');
    await whenSnapshot(kit.engine, (s) => (s.prompt?.prompt.kind === 'decision' ? true : undefined), 'the raised question');
    await kit.engine.suspend();
    await walking;
    const again = await kit.resume();
    const first = await whenSnapshot(again.engine, (s) => s.prompt?.prompt, 'a question on opening');
    expect(first.kind === 'decision' ? first.node.question : first.kind).toBe('Error Rate > 5%?');
    expect(first.kind === 'decision' ? first.raised?.data : undefined).toEqual(['error rate 1.83% > 1% for 3 samples']);
    await again.engine.suspend();
  });
});

describe('a decision reached in order', () => {
  it('proposes from the metrics the session sampled earlier', async () => {
    const text = CANARY.replace('values: [0.4, 1.2, 1.5, 1.83]', 'values: [0.2, 0.3, 0.25, 0.4]').replace(
      '### Step 3: Promote the canary',
      '### Step 3: Go / no-go\n\n```\nCanary verdict\n    │\n    └─> Error rate above 1%? ──Yes──> Rollback\n             │\n             No\n             ▼\n        Promote\n```\n\n### Step 3b: Promote the canary',
    );
    const kit = await sessionFor(text, { mode: 'rehearsal', simulate: true });
    const asked: DecisionPrompt[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p);
        return { answer: 'No' };
      },
    });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    await kit.engine.advance('step-3');
    pilot.stop();
    expect(asked.map((p) => [p.node.question, p.suggested, p.raised])).toEqual([['Error rate above 1%?', { answer: 'No', why: 'error rate 0.4%, not > 1%' }, undefined]]);
  });
});
