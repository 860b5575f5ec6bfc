// A tree whose answer is an action and then a further question ("Investigate ──> Still Down?")
// and an outcome that is a section and more actions ("ROLLBACK + Replay the Session Journal")
// (issue 13): the action becomes a step of its own on the path, done and ticked before the
// question after it is asked; the more actions come after the section's last step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { sessionEvent } from '../../src/session/audit-event.js';
import type { Prompt } from '../../src/session/types.js';
import { autopilot, whenSnapshot } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const CACHE = readFileSync(join(import.meta.dirname, 'fixtures', 'outcome', 'cache-release.md'), 'utf8');
type DecisionPrompt = Extract<Prompt, { kind: 'decision' }>;
const LOOK = "Open the node's health page (decision 1)";

/** The latency breach raises the tree; `answers` by question. */
async function raised(answers: Record<string, string>) {
  const kit = await sessionFor(CACHE, { mode: 'rehearsal', simulate: true });
  const asked: DecisionPrompt[] = [];
  const pilot = autopilot(kit.engine, {
    decision: (p) => {
      asked.push(p);
      return { answer: answers[p.node.question] ?? 'No' };
    },
  });
  await kit.engine.advance('step-1');
  await kit.engine.advance('step-2');
  return { kit, asked, pilot };
}

/** Answers Yes to every question, keeping the questions asked in order. */
function answerYes(kit: KitSession): { asked: string[]; pilot: ReturnType<typeof autopilot> } {
  const asked: string[] = [];
  const pilot = autopilot(kit.engine, {
    decision: (p) => {
      asked.push(p.node.question);
      return { answer: 'Yes' };
    },
  });
  return { asked, pilot };
}

const ids = (kit: KitSession): string[] => kit.engine.snapshot().runbook.steps.map((s) => s.id);
const titleOf = (kit: Awaited<ReturnType<typeof sessionFor>>, id: string | undefined): string | undefined => kit.engine.snapshot().runbook.steps.find((s) => s.id === id)?.title;

describe('an action before the next question is a step to do first', () => {
  it('is inserted after the raising step with the cursor on it; the question after it is not asked yet', async () => {
    const { kit, asked, pilot } = await raised({ 'Cache Node Down?': 'Yes', 'Still Down?': 'Yes' });
    pilot.stop();
    expect(asked.map((p) => p.node.question)).toEqual(['Cache Node Down?']);
    const at = kit.engine.snapshot().state.currentStepId;
    expect(titleOf(kit, at)).toBe(LOOK);
    expect(ids(kit)[ids(kit).indexOf('step-2') + 1]).toBe(at);
    const body = kit.engine.snapshot().runbook.steps.find((s) => s.id === at)?.body ?? '';
    expect(body).toContain('the next question, “Still Down?”, is asked');
    expect(kit.engine.snapshot().state.steps['step-2']?.status).toBe('failed');
  });

  it('Enter on it records it done, then asks the question with the path so far, and follows the answer (Yes: the rollback)', async () => {
    const { kit, asked, pilot } = await raised({ 'Cache Node Down?': 'Yes', 'Still Down?': 'Yes' });
    const look = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(look);
    pilot.stop();
    const still = asked.find((p) => p.node.question === 'Still Down?');
    expect(still?.taken).toEqual([{ question: 'Cache Node Down?', answer: 'Yes' }]);
    const events = kit.events().map(sessionEvent);
    const started = events.findIndex((e) => e.type === 'step.start' && e.data.stepId === look);
    const answered = events.findIndex((e) => e.type === 'decision' && e.data.question === 'Still Down?');
    expect(started).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(started);
    // one decision: the same number on both answers
    const numbers = events.flatMap((e) => (e.type === 'decision' ? [e.data.n] : []));
    expect(new Set(numbers)).toEqual(new Set([1]));
    expect(kit.engine.snapshot().state.steps[look]?.status).toBe('rehearsed');
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-5');
    expect(kit.engine.snapshot().state.flow.branch?.title).toBe('Rollback');
  });

  it('No after it inserts the next action after it ("Watch the Node Closely")', async () => {
    const { kit, pilot } = await raised({ 'Cache Node Down?': 'Yes', 'Still Down?': 'No' });
    const look = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(look);
    pilot.stop();
    const order = ids(kit);
    const watch = order[order.indexOf(look) + 1];
    expect(titleOf(kit, watch)).toBe('Watch the Node Closely (decision 1)');
    expect(kit.engine.snapshot().state.currentStepId).toBe(watch);
  });

  it('quit at the question after it: resume asks that question again, the step stays done', async () => {
    const kit = await sessionFor(CACHE, { mode: 'rehearsal', simulate: true });
    const first = autopilot(kit.engine, { decision: { answer: 'Yes' } });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    first.stop();
    const look = kit.engine.snapshot().state.currentStepId as string;
    const walking = kit.engine.advance(look);
    await whenSnapshot(kit.engine, (s) => (s.prompt?.prompt.kind === 'decision' && s.prompt.prompt.node.question === 'Still Down?' ? true : undefined), 'the question after the step');
    await kit.engine.suspend();
    await walking;
    const again = await kit.resume();
    const { asked, pilot } = answerYes(again);
    // asked again as the session opens: no Enter needed, the screen does not sit on "▶ running"
    await whenSnapshot(again.engine, (s) => (s.state.currentStepId === 'step-5' ? true : undefined), 'the walk past the question after resume');
    pilot.stop();
    expect(asked).toEqual(['Still Down?']);
  });

  it('the answer that inserted it can be undone until it is started: the tree is raised again at once', async () => {
    const { kit, pilot } = await raised({ 'Cache Node Down?': 'Yes' });
    pilot.stop();
    const look = kit.engine.snapshot().state.currentStepId as string;
    const again = autopilot(kit.engine, { decision: { answer: 'No' } });
    await kit.engine.undoDecision('the node was fine, the alert was stale');
    again.stop();
    expect(ids(kit)).not.toContain(look);
    expect(again.asked.map((p) => (p.kind === 'decision' ? p.node.question : p.kind))).toEqual(['Cache Node Down?', 'Sessions Lost?', 'P95 Latency 600-1000ms?']);
  });

  it('an answer given after the step (Still Down? No) undone: that question is asked again, the step done before it stays done', async () => {
    const { kit, asked, pilot } = await raised({ 'Cache Node Down?': 'Yes', 'Still Down?': 'No' });
    const look = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(look);
    pilot.stop();
    const watch = kit.engine.snapshot().state.currentStepId as string;
    expect(titleOf(kit, watch)).toBe('Watch the Node Closely (decision 1)');
    const again = autopilot(kit.engine, { decision: { answer: 'Yes' } });
    await kit.engine.undoDecision('it is still down after all');
    again.stop();
    expect(again.asked.map((p) => (p.kind === 'decision' ? p.node.question : p.kind))).toEqual(['Still Down?']);
    expect(ids(kit)).not.toContain(watch);
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-5');
    expect(asked.filter((p) => p.node.question === 'Cache Node Down?')).toHaveLength(1);
  });
});

describe('a section and one more action ("ROLLBACK + Replay the Session Journal")', () => {
  it('goes to the section, and the more action is a step after its last step, walked before the rollback ends', async () => {
    const { kit, pilot } = await raised({ 'Sessions Lost?': 'Yes' });
    const order = ids(kit);
    const replay = order[order.indexOf('step-6') + 1];
    expect(titleOf(kit, replay)).toBe('Replay the Session Journal (decision 1)');
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-5');
    await kit.engine.advance('step-5');
    await kit.engine.advance('step-6');
    expect(kit.engine.snapshot().state.currentStepId).toBe(replay);
    expect(kit.engine.snapshot().state.flow.branch?.title).toBe('Rollback');
    await kit.engine.advance(replay as string);
    pilot.stop();
    expect(kit.engine.snapshot().state.steps[replay as string]?.status).toBe('rehearsed');
    await kit.engine.finish('rolled-back');
    const out = join(tempDir('fd-pack-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const rows = readFileSync(join(out, 'summary.md'), 'utf8')
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l));
    const at = rows.findIndex((l) => l.includes('Replay the Session Journal (decision 1)'));
    expect(rows[at - 1]).toContain('Flush cache v3');
    expect(rows[at]).toContain('rehearsed');
  });

  it('undoing the jump takes the more action away too', async () => {
    const { kit, pilot } = await raised({ 'Sessions Lost?': 'Yes' });
    pilot.stop();
    expect(kit.engine.snapshot().state.flow.undoable?.inserted).toHaveLength(1);
    const again = autopilot(kit.engine, { decision: { answer: 'No' } });
    await kit.engine.undoDecision('sessions were fine');
    again.stop();
    expect(ids(kit).filter((id) => !id.startsWith('outcome-'))).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6']);
    expect(ids(kit).some((id) => titleOf(kit, id)?.startsWith('Replay the Session Journal'))).toBe(false);
    expect(kit.engine.snapshot().state.flow.branch).toBeUndefined();
  });
});

describe('"Monitor 5 min ──> Improving?": the action before the question is a monitored wait', () => {
  it('the inserted step counts down watching the metrics of the step that raised it, then asks the question', async () => {
    const WATCH = readFileSync(join(import.meta.dirname, 'fixtures', 'outcome', 'cache-watch.md'), 'utf8');
    const kit = await sessionFor(WATCH, { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds: 1.5 } });
    const asked: DecisionPrompt[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p);
        return { answer: p.node.question === 'P95 Latency 600-1000ms?' ? 'Yes' : p.node.question === 'Improving?' ? 'Yes' : 'No' };
      },
    });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    const watch = kit.engine.snapshot().state.currentStepId as string;
    const step = kit.engine.snapshot().runbook.steps.find((s) => s.id === watch);
    expect(step?.title).toBe('Monitor 5 min (decision 1)');
    expect(step?.waits?.[0]).toMatchObject({ seconds: 300, metrics: ['P95 latency'] });
    // it watches for the rollback limit, not the 600 ms the canary already crossed (it would end at once)
    expect(step?.waits?.[0]?.criteria.map((c) => `${c.threshold.comparator} ${c.threshold.value}`)).toEqual(['> 2000']);
    expect(asked.map((p) => p.node.question)).not.toContain('Improving?');
    await kit.engine.advance(watch);
    pilot.stop();
    const events = kit.events().map(sessionEvent);
    const waitStart = events.findIndex((e) => e.type === 'wait' && e.data.stepId === watch);
    const improving = events.findIndex((e) => e.type === 'decision' && e.data.question === 'Improving?');
    expect(waitStart).toBeGreaterThan(0);
    // a wait that went its time, or broke off on a breach: either way the log has it before the question
    expect(improving === -1 || improving > waitStart).toBe(true);
    expect(kit.engine.snapshot().state.steps[watch]?.waits?.[`${watch}-wait`]).toBeDefined();
  });
});

describe('resume in the middle of an inserted wait', () => {
  it('goes on with the time served, then asks the question after it', async () => {
    const WATCH = readFileSync(join(import.meta.dirname, 'fixtures', 'outcome', 'cache-watch.md'), 'utf8');
    const kit = await sessionFor(WATCH, { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds: 6 } });
    const first = autopilot(kit.engine, { decision: (p) => ({ answer: p.node.question === 'P95 Latency 600-1000ms?' ? 'Yes' : 'No' }) });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    first.stop();
    const watch = kit.engine.snapshot().state.currentStepId as string;
    void kit.engine.advance(watch);
    await whenSnapshot(kit.engine, (s) => ((s.wait?.servedSeconds ?? 0) >= 60 ? true : undefined), 'a minute of the inserted wait served');
    await kit.engine.suspend();
    const served = kit.engine.snapshot().state.steps[watch]?.waits?.[`${watch}-wait`]?.servedSeconds ?? 0;
    expect(served).toBeGreaterThanOrEqual(60);

    const again = await kit.resume();
    const { asked, pilot } = answerYes(again);
    // the wait goes on as the session opens (it runs nothing); Enter would join the same walk
    await again.engine.advance(watch);
    pilot.stop();
    const waits = again
      .events()
      .map(sessionEvent)
      .flatMap((e) => (e.type === 'wait' && e.data.stepId === watch ? [e.data] : []));
    expect(waits.filter((d) => d.kind === 'start')).toHaveLength(1);
    expect(waits.find((d) => d.kind === 'resume')).toMatchObject({ servedSeconds: served });
    expect(asked).toEqual(['Improving?']);
  });
});

describe('undo of the answer after an inserted wait', () => {
  it('asks the question again without serving the wait again', async () => {
    const WATCH = readFileSync(join(import.meta.dirname, 'fixtures', 'outcome', 'cache-watch.md'), 'utf8');
    const kit = await sessionFor(WATCH, { mode: 'rehearsal', simulate: true, metrics: { waitRealSeconds: 1.5 } });
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: p.node.question === 'P95 Latency 600-1000ms?' ? 'Yes' : p.node.question === 'Improving?' ? 'No' : 'No' }) });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    const watch = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(watch);
    pilot.stop();
    const started = (): number => kit.events().filter((e) => e.type === 'wait' && e.data.stepId === watch && e.data.kind === 'start').length;
    const breached = kit.events().some((e) => e.type === 'wait' && e.data.stepId === watch && e.data.kind === 'end' && e.data.outcome === 'breach');
    // the canary's values stay under the rollback limit (2000 ms): the wait is served, then "Improving?" No jumps
    expect(breached).toBe(false);
    expect(kit.engine.snapshot().state.flow.undoable).toBeDefined();
    const again = autopilot(kit.engine, { decision: { answer: 'Yes' } });
    await kit.engine.undoDecision('it is improving, misread the chart');
    again.stop();
    expect(again.asked.map((p) => (p.kind === 'decision' ? p.node.question : p.kind))).toEqual(['Improving?']);
    expect(started()).toBe(1);
  });
});
