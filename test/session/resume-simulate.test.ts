// --simulate survives a resume: session.start records it and the resumed engine keeps
// judging gates on simulated metrics (never "would check", never a real source).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Engine } from '../../src/session/engine.js';
import { sessionFor } from '../kit/session.js';
import { auditLines } from './helpers.js';
import { skipTo } from '../kit/session.js';

const DEMO = new URL('../../runbooks/demo.md', import.meta.url).pathname;

/** A rehearsal of the demo runbook, quit at once: resumed as `flightdeck resume` does (no --simulate given again). */
async function suspendedRehearsal(simulate: boolean): Promise<{ engine: Engine; env: NodeJS.ProcessEnv }> {
  const text = readFileSync(DEMO, 'utf8');
  const params = parseRunbook(text, DEMO).params;
  const s = await sessionFor(text, { mode: 'rehearsal', sets: Object.fromEntries(params.map((p) => [p.name, 'demo'])), simulate });
  await s.engine.suspend();
  const resumed = await s.resume();
  return { engine: resumed.engine, env: s.env };
}

describe.skipIf(!existsSync(DEMO))('resuming a --simulate rehearsal', () => {
  it('records simulate in session.start, and the resumed gate step still samples simulated metrics', async () => {
    const { engine, env } = await suspendedRehearsal(true);
    const step = engine.runbook.steps.find((s) => s.title.includes('Canary gate'));
    if (!step) throw new Error('the demo runbook has no canary gate step');
    await skipTo(engine, step.id);
    await engine.advance(step.id);
    const events = auditLines(engine, env);
    expect(events[0]?.data.simulate).toBe(true);
    const metrics = events.filter((e) => e.type === 'metric');
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((m) => m.data.source === 'simulated' && m.data.stepId === step.id)).toBe(true);
    expect(events.some((e) => e.type === 'note' && String(e.data.text).startsWith('would check gate'))).toBe(false);
    expect(engine.snapshot().state.steps[step.id]?.status).toBe('rehearsed');
    await engine.finish('completed');
  });

  it('a rehearsal started without --simulate resumes without it: gates are "would check"', async () => {
    const { engine, env } = await suspendedRehearsal(false);
    const step = engine.runbook.steps.find((s) => s.title.includes('Canary gate'));
    if (!step) throw new Error('the demo runbook has no canary gate step');
    await skipTo(engine, step.id);
    await engine.advance(step.id);
    const events = auditLines(engine, env);
    expect(events[0]?.data).not.toHaveProperty('simulate');
    expect(events.some((e) => e.type === 'metric')).toBe(false);
    expect(events.some((e) => e.type === 'note' && String(e.data.text).startsWith('would check gate'))).toBe(true);
    await engine.finish('completed');
  });
});
