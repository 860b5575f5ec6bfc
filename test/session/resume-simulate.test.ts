// --simulate survives a resume: session.start records it and the resumed engine keeps
// judging gates on simulated metrics (never "would check", never a real source).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../src/runbook/load.js';
import { resumeSession, startSession } from '../../src/session/open-session.js';
import { auditLines, tempEnv } from './helpers.js';

const DEMO = new URL('../../runbooks/demo.md', import.meta.url).pathname;
const identity = { name: 'alice', source: 'flag' } as const;

async function load(file: string) {
  return { runbook: await loadRunbook(file), bytes: readFileSync(file) };
}

async function suspendedRehearsal(env: NodeJS.ProcessEnv, simulate: boolean): Promise<string> {
  const { runbook, bytes } = await load(DEMO);
  const engine = await startSession({
    runbook,
    runbookBytes: bytes,
    mode: 'rehearsal',
    identity,
    env,
    sets: Object.fromEntries(runbook.params.map((p) => [p.name, 'demo'])),
    simulate,
  });
  await engine.suspend();
  return engine.sessionId;
}

describe.skipIf(!existsSync(DEMO))('resuming a --simulate rehearsal', () => {
  it('records simulate in session.start, and the resumed gate step still samples simulated metrics', async () => {
    const env = tempEnv();
    const id = await suspendedRehearsal(env, true);
    // resumed as `flightdeck resume` does: no --simulate given again
    const engine = await resumeSession({ id, identity, env, load: () => load(DEMO) });
    const step = engine.runbook.steps.find((s) => s.title.includes('Canary gate'));
    if (!step) throw new Error('the demo runbook has no canary gate step');
    await engine.advance(step.id);
    const events = auditLines(engine, env);
    expect(events[0]?.data.simulate).toBe(true);
    const metrics = events.filter((e) => e.type === 'metric');
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((m) => m.data.source === 'simulated' && m.data.stepId === step.id)).toBe(true);
    expect(events.some((e) => e.type === 'note' && String(e.data.text).startsWith('would check gate'))).toBe(false);
    expect(engine.snapshot().state.steps[step.id]?.status).toBe('passed');
    await engine.finish('completed');
  });

  it('a rehearsal started without --simulate resumes without it: gates are "would check"', async () => {
    const env = tempEnv();
    const id = await suspendedRehearsal(env, false);
    const engine = await resumeSession({ id, identity, env, load: () => load(DEMO) });
    const step = engine.runbook.steps.find((s) => s.title.includes('Canary gate'));
    if (!step) throw new Error('the demo runbook has no canary gate step');
    await engine.advance(step.id);
    const events = auditLines(engine, env);
    expect(events[0]?.data).not.toHaveProperty('simulate');
    expect(events.some((e) => e.type === 'metric')).toBe(false);
    expect(events.some((e) => e.type === 'note' && String(e.data.text).startsWith('would check gate'))).toBe(true);
    await engine.finish('completed');
  });
});
