// A rollback walked to its end stops the session (issue 12): entered by a decision's answer, a
// failed check or the operator, the walk never goes on with the main path by itself ("shift
// 100% traffic" after the traffic was just sent back). The operator ends the session rolled
// back (the highlighted, suggested answer) or goes back to the main path with a reason;
// unattended it ends. Troubleshooting hands the walk back; an emergency procedure ends aborted.
// Real bash runs a fake `svcctl` that records its calls.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeTools } from '../kit/temp.js';
import { buildReport } from '../../src/evidence/timeline.js';
import { renderSummary } from '../../src/evidence/summary-md.js';
import { runHeadless } from '../../src/headless/run-headless.js';
import { sessionEvent } from '../../src/session/audit-event.js';
import type { Engine } from '../../src/session/engine.js';
import { SessionStore } from '../../src/session/store.js';
import type { Prompt, PromptAnswers } from '../../src/session/types.js';
import { answer, autopilot, nextPrompt } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

type DecisionPrompt = Extract<Prompt, { kind: 'decision' }>;

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'flow', 'rollback-end.md'), 'utf8');
const END_QUESTION = 'Rollback was walked to its end. End the session, or go on with the main path?';

// the canary at 10% fails (exit 3) while $WORK/down exists
const bin = useFakeTools({ svcctl: 'echo "svcctl $*" >> "$WORK/calls"\n[ "$1" = canary ] && [ "$2" = 10 ] && [ -e "$WORK/down" ] && exit 3\nexit 0\n' }, 'fd-rollback-end-');

async function open(down = false): Promise<KitSession> {
  const kit = await sessionFor(RUNBOOK, { shell: true, shellPath: `${bin()}:${process.env.PATH ?? ''}` });
  if (down) writeFileSync(join(kit.work, 'down'), '');
  return kit;
}

const calls = (kit: KitSession): string[] => {
  const file = join(kit.work, 'calls');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
};

/** Answers each decision by the first rule whose question matches: the answer whose label matches. */
function decide(...rules: [RegExp, RegExp, string?][]): (p: DecisionPrompt) => PromptAnswers['decision'] {
  return (p) => {
    for (const [question, label, note] of rules) {
      if (!question.test(p.node.question)) continue;
      const a = p.node.answers.find((x) => label.test(x.label));
      if (a) return { answer: a.label, ...(note ? { note } : {}) };
    }
    throw new Error(`no rule for the decision "${p.node.question}"`);
  };
}

/** Enter on the current step until nothing moves or the session ends. */
async function walk(engine: Engine): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const before = engine.snapshot().state;
    const at = before.currentStepId;
    if (at === undefined || before.status !== 'active') return;
    await engine.advance(at);
    const after = engine.snapshot().state;
    if (after.currentStepId === at && after.steps[at]?.status === before.steps[at]?.status) return;
  }
}

const events = (kit: KitSession) => kit.events().map(sessionEvent);
const endOf = (kit: KitSession) => events(kit).find((e) => e.type === 'session.end')?.data;

/** Records the end question as it was put. */
function recordingEnd(asked: DecisionPrompt[], rules: Parameters<typeof decide>): (p: DecisionPrompt) => PromptAnswers['decision'] {
  const answerBy = decide(...rules);
  return (p) => {
    if (p.node.question === END_QUESTION) asked.push(p);
    return answerBy(p);
  };
}

const END: [RegExp, RegExp] = [/walked to its end/, /^End the session/];
const LEAVE: [RegExp, RegExp] = [/Leave the main path/, /^Yes$/];

describe('a rollback walked to its end', () => {
  it('entered by a decision: asks to end the session, ending is the highlighted answer, and the session ends rolled back', async () => {
    const kit = await open();
    const asked: DecisionPrompt[] = [];
    autopilot(kit.engine, { decision: recordingEnd(asked, [[/Errors above 1%/, /^yes$/i], END]), danger: { confirmed: true } });
    await walk(kit.engine);
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 10', 'svcctl canary 0']);
    const [q] = asked;
    expect(q?.node.answers.map((a) => a.label)).toEqual(['End the session (rolled back)', 'Return to the main path at 4. Step 4: Shift 100% traffic']);
    expect(q?.node.safeDefault).toBe('End the session (rolled back)');
    expect(q?.suggested?.answer).toBe('End the session (rolled back)');
    expect(endOf(kit)).toMatchObject({ outcome: 'rolled-back', reason: expect.stringMatching(/^Rollback was walked to its end; alice ended the session/) });
    expect(events(kit).some((e) => e.type === 'flow' && e.data.kind === 'leave')).toBe(false);
    expect(kit.engine.closed).toBe('rolled-back');
    expect(kit.engine.snapshot().state.status).toBe('rolled-back');
    expect((await new SessionStore(kit.env).get(kit.engine.sessionId))?.status).toBe('rolled-back');
    const summary = renderSummary(buildReport(kit.events()));
    expect(summary).toContain('**ROLLED BACK**');
    expect(summary).toMatch(/\| Ended \| .*: Rollback was walked to its end; alice ended the session/);
    expect(summary).toMatch(/\| Path \| Rollback: entered by decision \(Errors above 1% on the canary\? yes\); the session ended there \(rolled back\) \|/);
    expect(summary).toContain(`answered: ${END_QUESTION} → End the session (rolled back) (alice)`);
  });

  it('entered by a failed check: the walk does not go back to the failed step and on to 100% traffic', async () => {
    const kit = await open(true);
    autopilot(kit.engine, { decision: decide([/This failed/, /^Open Rollback$/], END), danger: { confirmed: true } });
    await walk(kit.engine);
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 10', 'svcctl canary 0']);
    expect(events(kit).find((e) => e.type === 'flow' && e.data.kind === 'enter')?.data).toMatchObject({ by: 'failure', from: 'step-2' });
    expect(endOf(kit)?.outcome).toBe('rolled-back');
    expect(kit.engine.snapshot().state.steps['step-2']?.status).toBe('failed');
  });

  it('entered by the operator: the main path the operator left stays as it was', async () => {
    const kit = await open();
    autopilot(kit.engine, { decision: decide(LEAVE, END), danger: { confirmed: true } });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-5');
    await walk(kit.engine);
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 0']);
    expect(events(kit).find((e) => e.type === 'flow' && e.data.kind === 'enter')?.data).toMatchObject({ by: 'operator', from: 'step-2' });
    expect(endOf(kit)?.outcome).toBe('rolled-back');
    const steps = kit.engine.snapshot().state.steps;
    expect(['step-2', 'step-3', 'step-4', 'step-9'].map((id) => steps[id]?.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });

  it('its last step skipped counts as walked to its end', async () => {
    const kit = await open();
    autopilot(kit.engine, { decision: decide(LEAVE, END), danger: { confirmed: true } });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-5');
    await kit.engine.skip('step-6', 'told the team by phone');
    expect(endOf(kit)?.outcome).toBe('rolled-back');
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 0']);
  });

  it('"return to the main path" goes back where the walk left it, with the reason recorded', async () => {
    const kit = await open();
    const asked: DecisionPrompt[] = [];
    autopilot(kit.engine, {
      decision: recordingEnd(asked, [LEAVE, [/walked to its end/, /^Return to the main path/, 'the alert was a drill'], [/Errors above 1%/, /^no$/i]]),
      danger: { confirmed: true },
    });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-5');
    await walk(kit.engine);
    expect(asked[0]?.node.answers[1]?.label).toBe('Return to the main path at 2. Step 2: Canary at 10%');
    const decision = events(kit).find((e) => e.type === 'decision' && e.data.question === END_QUESTION)?.data;
    expect(decision).toMatchObject({ answer: 'Return to the main path at 2. Step 2: Canary at 10%', note: 'the alert was a drill', suggested: { answer: 'End the session (rolled back)' } });
    const leave = events(kit).find((e) => e.type === 'flow' && e.data.kind === 'leave')?.data;
    expect(leave).toMatchObject({ reason: 'alice went back to the main path after Rollback: the alert was a drill' });
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 0', 'svcctl canary 10', 'svcctl canary 100', 'svcctl close-ticket']);
    await kit.engine.finish('completed');
  });

  it('left at the question (the session suspended there): put again when the session is opened again, headless or not', async () => {
    const kit = await open();
    const pilot = autopilot(kit.engine, { decision: decide(LEAVE), danger: { confirmed: true } });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-5');
    pilot.stop();
    const walking = kit.engine.advance('step-6');
    expect((await nextPrompt(kit.engine)).prompt).toMatchObject({ kind: 'decision', node: { question: END_QUESTION } });
    await kit.engine.suspend();
    await walking;
    // nobody at the keyboard may answer it: a person is needed
    const unattended = await kit.resume();
    const lines: string[] = [];
    expect(await runHeadless(unattended.engine, { write: (l) => lines.push(l), quiet: true })).toBe(4);
    expect(lines[0]).toBe(`[start] needs a person: decision: ${END_QUESTION} (proposed: End the session (rolled back), the rollback undid the change; going on with the main path would deploy it again)`);
    const again = await kit.resume();
    await answer(again.engine, 'decision', { answer: 'End the session (rolled back)' });
    await again.engine.ready;
    expect(endOf(again)?.outcome).toBe('rolled-back');
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 0']);
  });

  it('unattended (the headless runner): the session ends rolled back, exit 1, and nothing more of the main path runs', async () => {
    const kit = await open();
    const pilot = autopilot(kit.engine, { decision: decide(LEAVE), danger: { confirmed: true } });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-5');
    pilot.stop();
    const lines: string[] = [];
    const code = await runHeadless(kit.engine, { write: (l) => lines.push(l), quiet: true });
    expect(code).toBe(1);
    expect(lines).toEqual([
      '[6/9] Step R2: Tell the team: passed',
      `session ${kit.engine.sessionId} rolled back: Rollback was walked to its end with nobody at the keyboard: the rollback undid the change; going on with the main path would deploy it again; only a person may take the walk back to the main path`,
    ]);
    expect(calls(kit)).toEqual(['svcctl check checkout', 'svcctl canary 0']);
    expect(endOf(kit)?.outcome).toBe('rolled-back');
  });
});

describe('a rollback section that opens with its own "when to roll back" questions', () => {
  const TRIGGERS = [
    '# Search release',
    '',
    '## Step 1: Deploy the search service',
    '',
    '```bash',
    'svcctl deploy search',
    '```',
    '',
    '## Step 2: Shift 100% traffic',
    '',
    '```bash',
    'svcctl canary 100',
    '```',
    '',
    '## Rollback Procedures',
    '',
    '### When to Rollback',
    '',
    '```decision',
    'question: Any rollback trigger (errors above 5%)?',
    'answers:',
    '  yes: goto Rollback Steps',
    '  no: continue',
    '```',
    '',
    '### Rollback Steps',
    '',
    '#### Step 1: Send the traffic back',
    '',
    '```bash',
    'svcctl canary 0',
    '```',
    '',
    '#### Step 2: Tell the team',
    '',
    '```bash',
    'echo "search rolled back"',
    '```',
    '',
  ].join('\n');

  it('entered at its steps, it is walked to its end there: the trigger question above them is not asked afterwards, nor the deployment resumed', async () => {
    const kit = await sessionFor(TRIGGERS, { shell: true, shellPath: `${bin()}:${process.env.PATH ?? ''}` });
    const asked: string[] = [];
    autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p.node.question);
        return decide(LEAVE, END)(p);
      },
      danger: { confirmed: true },
    });
    await kit.engine.advance('step-1');
    const send = kit.runbook.steps.find((s) => s.title === 'Step 1: Send the traffic back');
    await kit.engine.advance(send?.id ?? '');
    await walk(kit.engine);
    expect(asked).toEqual(['Leave the main path for "Rollback Procedures"?', 'Rollback Procedures was walked to its end. End the session, or go on with the main path?']);
    expect(calls(kit)).toEqual(['svcctl deploy search', 'svcctl canary 0']);
    expect(endOf(kit)?.outcome).toBe('rolled-back');
  });
});

describe('a gate the operator judges by eye not to hold', () => {
  const GATED = [
    '# Canary release',
    '',
    '## Step 1: Canary at 10%',
    '',
    '```bash',
    'svcctl canary 10',
    '```',
    '',
    '## Step 2: Judge the canary',
    '',
    '**Acceptance criteria:**',
    '- Error rate < 1%',
    '- P95 latency < 2000ms',
    '',
    '```bash',
    'svcctl metrics canary',
    '```',
    '',
    '## Step 3: Shift 100% traffic',
    '',
    '```bash',
    'svcctl canary 100',
    '```',
    '',
    '## Rollback',
    '',
    '```bash',
    'svcctl canary 0',
    '```',
    '',
  ].join('\n');

  it('is a failed check: the rollback is offered, and walked to its end it ends the session', async () => {
    const kit = await sessionFor(GATED, { shell: true, shellPath: `${bin()}:${process.env.PATH ?? ''}` });
    const asked: string[] = [];
    autopilot(kit.engine, {
      unverified: { confirmed: false, note: 'error rate 3% on the dashboard' },
      decision: (p) => {
        asked.push(p.node.question);
        return decide([/This failed/, /^Open Rollback$/], END)(p);
      },
      danger: { confirmed: true },
    });
    await walk(kit.engine);
    expect(asked).toEqual(['This failed: open Rollback?', END_QUESTION]);
    expect(calls(kit)).toEqual(['svcctl canary 10', 'svcctl metrics canary', 'svcctl canary 0']);
    expect(kit.engine.snapshot().state.steps['step-2']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^gate not confirmed: /) });
    expect(endOf(kit)?.outcome).toBe('rolled-back');
  });
});

describe('other kinds of contingency at their end', () => {
  it('Troubleshooting hands the walk back to where it left the main path, without asking', async () => {
    const kit = await open();
    const pilot = autopilot(kit.engine, { decision: decide(LEAVE) });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-7');
    pilot.stop();
    expect(events(kit).find((e) => e.type === 'flow' && e.data.kind === 'leave')?.data).toMatchObject({ reason: 'every step of Troubleshooting done' });
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-2');
    expect(kit.engine.snapshot().state.status).toBe('active');
    await kit.engine.suspend();
  });

  it('an emergency procedure stops the session like a rollback; ending it ends it aborted, with why', async () => {
    const kit = await open();
    autopilot(kit.engine, { decision: decide(LEAVE, [/walked to its end/, /^End the session \(aborted\)$/]) });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-8');
    expect(endOf(kit)).toMatchObject({ outcome: 'aborted', reason: expect.stringMatching(/^Emergency Procedures was walked to its end; alice ended the session/) });
    expect(kit.engine.closed).toBe('aborted');
  });
});
