// Outcomes that are actions without a section (issue 13): "Reindex From Snapshot + Page the
// Search Team" is not a section to jump to but a thing to do. Answered, it becomes a step of
// its own right after the step the decision was answered in: on the list, walked with Enter,
// recorded, restored on resume, and in the evidence pack. The steps come from the recorded
// decision events (the reducer), so the parsed runbook stays as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { sessionEvent } from '../../src/session/audit-event.js';
import { autopilot, whenSnapshot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const SEARCH = readFileSync(join(import.meta.dirname, 'fixtures', 'outcome', 'search-release.md'), 'utf8');
const ACTION = 'Reindex From Snapshot + Page the Search Team';

/** The latency breach raises the tree; answered No, then Yes on "Index Corrupted?". */
async function answeredWithAction() {
  const kit = await sessionFor(SEARCH, { mode: 'rehearsal', simulate: true });
  const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: p.node.question === 'Index Corrupted?' ? 'Yes' : 'No' }) });
  await kit.engine.advance('step-1');
  await kit.engine.advance('step-2');
  pilot.stop();
  return kit;
}

describe('an action without a section becomes a step of its own', () => {
  it('is inserted after the step that raised the decision, with the cursor on it; the parsed runbook is unchanged', async () => {
    const kit = await answeredWithAction();
    const { runbook, state } = kit.engine.snapshot();
    const decision = kit
      .events()
      .map(sessionEvent)
      .flatMap((e) => (e.type === 'decision' ? [e.data] : []))
      .find((d) => d.question === 'Index Corrupted?');
    expect(decision).toMatchObject({ answer: 'Yes', outcome: ACTION, actionStep: true });
    expect(decision?.jumpTo).toBeUndefined();
    const ids = runbook.steps.map((s) => s.id);
    const inserted = ids[ids.indexOf('step-2') + 1] as string;
    expect(runbook.steps.find((s) => s.id === inserted)?.title).toBe(`${ACTION} (decision 1)`);
    expect(state.steps['step-2']?.status).toBe('failed');
    expect(state.currentStepId).toBe(inserted);
    expect(kit.runbook.steps.map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5']);
    // counted in "n/m done" like the runbook's own steps
    expect(kit.engine.snapshot().counted).toContain(inserted);
  });

  it('Enter records it done, and the walk goes on to the next step of the path', async () => {
    const kit = await answeredWithAction();
    const inserted = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(inserted);
    const events = kit.events().map(sessionEvent);
    expect(events.find((e) => e.type === 'step.start' && e.data.stepId === inserted)?.data).toMatchObject({ title: `${ACTION} (decision 1)` });
    expect(events.find((e) => e.type === 'step.end' && e.data.stepId === inserted)?.data).toMatchObject({ status: 'rehearsed' });
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-3');
  });

  it('is restored on resume, done or not', async () => {
    const kit = await answeredWithAction();
    const inserted = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.suspend();
    const again = await kit.resume();
    expect(again.engine.snapshot().runbook.steps.map((s) => s.id)).toEqual(['step-1', 'step-2', inserted, 'step-3', 'step-4', 'step-5']);
    expect(again.engine.snapshot().state.currentStepId).toBe(inserted);
    await again.engine.advance(inserted);
    await again.engine.suspend();
    const third = await again.resume();
    expect(third.engine.snapshot().state.steps[inserted]?.status).toBe('rehearsed');
    expect(third.engine.snapshot().state.currentStepId).toBe('step-3');
  });

  it('the last answer of a tree walked in order inserts its step after the tree', async () => {
    // a healthy canary, and the tree on the main path: asked in order after the release, No to each question
    const healthy = SEARCH.replace('values: [300, 900, 1100, 1250]', 'values: [300, 320, 310, 305]').replace('## Rollback\n', '## Review\n');
    const kit = await sessionFor(healthy, { mode: 'rehearsal', simulate: true });
    const pilot = autopilot(kit.engine, { decision: () => ({ answer: 'No' }) });
    for (const id of ['step-1', 'step-2', 'step-3', 'step-4']) await kit.engine.advance(id);
    pilot.stop();
    const ids = kit.engine.snapshot().runbook.steps.map((s) => s.id);
    const inserted = ids[ids.indexOf('step-4') + 1] as string;
    expect(kit.engine.snapshot().runbook.steps.find((s) => s.id === inserted)?.title).toBe('Tune Queries if Possible (decision 1)');
    expect(kit.engine.snapshot().state.currentStepId).toBe(inserted);
  });

  it('an outcome that states an end ("Release Complete") is nothing to do: no step, the walk goes on', async () => {
    const healthy = SEARCH.replace('values: [300, 900, 1100, 1250]', 'values: [300, 320, 310, 305]').replace('## Rollback\n', '## Review\n').replace('Tune Queries if Possible', 'Release Complete');
    const kit = await sessionFor(healthy, { mode: 'rehearsal', simulate: true });
    const pilot = autopilot(kit.engine, { decision: () => ({ answer: 'No' }) });
    for (const id of ['step-1', 'step-2', 'step-3', 'step-4']) await kit.engine.advance(id);
    pilot.stop();
    expect(kit.engine.snapshot().runbook.steps).toHaveLength(5);
    expect(kit.engine.snapshot().state.flow.inserted).toEqual([]);
  });

  it('summary.md and report.html list it in its place on the path, with its status', async () => {
    const kit = await answeredWithAction();
    const inserted = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(inserted);
    await kit.engine.advance('step-3');
    await kit.engine.finish('completed');
    const out = join(tempDir('fd-pack-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const rows = summary.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    const at = rows.findIndex((l) => l.includes(`${ACTION} (decision 1)`));
    expect(at).toBeGreaterThan(0);
    expect(rows[at - 1]).toContain('Step 2: Watch the new version');
    expect(rows[at]).toContain('rehearsed');
    expect(rows[at + 1]).toContain('Step 3: Shift all traffic to the new version');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Reindex From Snapshot + Page the Search Team (decision 1)');
  });

  it('one not done yet is in the pack as open, in its place', async () => {
    const kit = await answeredWithAction();
    await kit.engine.finish('aborted');
    const out = join(tempDir('fd-pack-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const rows = readFileSync(join(out, 'summary.md'), 'utf8')
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l));
    const at = rows.findIndex((l) => l.includes(`${ACTION} (decision 1)`));
    expect(rows[at - 1]).toContain('Step 2: Watch the new version');
    expect(rows[at]).toContain('pending');
  });
});

describe('undo of an answer that inserted a step', () => {
  it('takes the inserted step away and raises the decision again at once, with the reason logged; resume agrees', async () => {
    const kit = await answeredWithAction();
    const inserted = kit.engine.snapshot().state.currentStepId as string;
    expect(kit.engine.snapshot().state.flow.undoable).toMatchObject({ n: 1, inserted: [inserted] });
    const undoing = kit.engine.undoDecision('the index is fine, the latency was the cache');
    await whenSnapshot(kit.engine, (s) => (s.prompt?.prompt.kind === 'decision' ? true : undefined), 'the decision raised again');
    const { runbook, state } = kit.engine.snapshot();
    expect(runbook.steps.map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5']);
    expect(state.steps[inserted]).toBeUndefined();
    expect(state.currentStepId).toBe('step-2');
    expect(state.flow.undoable).toBeUndefined();
    expect(kit.engine.snapshot().counted).not.toContain(inserted);
    const undo = kit.events().map(sessionEvent).find((e) => e.type === 'flow' && e.data.kind === 'undo');
    expect(undo?.data).toMatchObject({ n: 1, reason: 'the index is fine, the latency was the cache', remove: [inserted], back: 'step-2' });
    await kit.engine.suspend();
    await undoing;
    const again = await kit.resume();
    expect(again.engine.snapshot().runbook.steps.map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5']);
  });

  it('a decision reached in order opens again and is asked anew', async () => {
    const healthy = SEARCH.replace('values: [300, 900, 1100, 1250]', 'values: [300, 320, 310, 305]').replace('## Rollback\n', '## Review\n');
    const kit = await sessionFor(healthy, { mode: 'rehearsal', simulate: true });
    const asked: string[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p.node.question);
        return { answer: 'No' };
      },
    });
    for (const id of ['step-1', 'step-2', 'step-3', 'step-4']) await kit.engine.advance(id);
    const first = asked.length;
    // undone, the step opens again and its questions are asked at once (answered No again here)
    await kit.engine.undoDecision('answered too fast');
    pilot.stop();
    expect(asked.length).toBe(first * 2);
    const state = kit.engine.snapshot().state;
    expect(state.flow.decisions).toBe(2);
    expect(state.flow.inserted.map((s) => s.n)).toEqual([2]);
    const undo = kit.events().map(sessionEvent).find((e) => e.type === 'flow' && e.data.kind === 'undo');
    expect(undo?.data).toMatchObject({ reopen: ['step-4'], back: 'step-4' });
  });

  it('a jump answered in order is undone the same way: its question is asked again', async () => {
    const healthy = SEARCH.replace('values: [300, 900, 1100, 1250]', 'values: [300, 320, 310, 305]').replace('## Rollback\n', '## Review\n');
    const kit = await sessionFor(healthy, { mode: 'rehearsal', simulate: true });
    const answers = ['Yes', 'No', 'No', 'No'];
    const pilot = autopilot(kit.engine, { decision: () => ({ answer: answers.shift() ?? 'No' }) });
    for (const id of ['step-1', 'step-2', 'step-3', 'step-4']) await kit.engine.advance(id);
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-5');
    // undone, the tree is asked again at once (No to each this time)
    await kit.engine.undoDecision('latency was fine, misread the chart');
    pilot.stop();
    const ids = kit.engine.snapshot().runbook.steps.map((s) => s.id);
    expect(kit.engine.snapshot().runbook.steps[ids.indexOf('step-4') + 1]?.title).toBe('Tune Queries if Possible (decision 2)');
  });

  it('is gone once the inserted step has been started, and the pack marks an undone answer', async () => {
    const kit = await answeredWithAction();
    const inserted = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(inserted);
    expect(kit.engine.snapshot().state.flow.undoable).toBeUndefined();

    const other = await answeredWithAction();
    const again = autopilot(other.engine, { decision: { answer: 'No' } });
    await other.engine.undoDecision('wrong answer');
    again.stop();
    await other.engine.finish('aborted');
    const out = join(tempDir('fd-pack-'), 'pack');
    await exportSession(other.engine.sessionId, { env: other.env, out });
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/Index Corrupted\? → \*\*Yes\*\*.*\*\*undone\*\* by .*: wrong answer/);
    expect(summary).not.toContain(`${ACTION} (decision 1)`);
  });
});
