// The engine judging the demo runbook's canary gate in a rehearsal: simulated metrics only
// with --simulate (nothing is spawned), "would check" without it.
import { existsSync } from 'node:fs';
import { autopilot } from '../kit/autopilot.js';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../src/runbook/load.js';
import { startSession } from '../../src/session/open-session.js';
import { DEMO, demoSession } from '../helpers/demo-session.js';
import type { Engine } from '../../src/session/engine.js';
import { SimulatedSource } from '../../src/metrics/simulated-source.js';
import { answer, auditLines, tempEnv } from '../session/helpers.js';
import { skipTo } from '../kit/session.js';


async function rehearse(env: NodeJS.ProcessEnv, simulate: boolean, breach = false): Promise<{ engine: Engine; stepId: string }> {
  const { engine, canary } = await demoSession(env, {
    simulate,
    ...(breach ? { metrics: { sources: { simulated: new SimulatedSource({ breach: true }) } } } : {}),
  });
  await skipTo(engine, canary.id);
  return { engine, stepId: canary.id };
}

describe.skipIf(!existsSync(DEMO))('metric gates of the demo runbook in a rehearsal', () => {
  it('--simulate: samples every gate, records metric and check events, and the step passes', async () => {
    const env = tempEnv();
    const { engine, stepId } = await rehearse(env, true);
    await engine.advance(stepId);
    const events = auditLines(engine, env);
    const metrics = events.filter((e) => e.type === 'metric');
    const checks = events.filter((e) => e.type === 'check' && e.data.stepId === stepId);
    const gates = engine.runbook.steps.find((s) => s.id === stepId)?.gates ?? [];
    expect(gates.length).toBeGreaterThanOrEqual(2);
    expect(checks.map((c) => c.data.commandId)).toEqual(gates.map((g) => g.id));
    expect(checks.every((c) => c.data.result === 'pass' && String(c.data.actual).startsWith('GO: '))).toBe(true);
    // every metric the gates name has a series; the ```metric block's values are replayed as written
    const names = new Set(metrics.map((m) => String(m.data.name).toLowerCase()));
    expect(names).toEqual(new Set(['error rate', 'p95 latency', 'availability']));
    const block = metrics.find((m) => m.data.gateId === gates.find((g) => g.source)?.id);
    expect((block?.data.samples as { v: number }[]).map((s) => s.v)).toEqual([0.2, 0.3, 0.25, 0.4, 0.3]);
    expect(block?.data).toMatchObject({ source: 'simulated', unit: '%', result: 'pass', verdict: 'go', summary: { count: 5, max: 0.4 } });
    expect(engine.snapshot().state.steps[stepId]?.status).toBe('rehearsed');
    expect(engine.snapshot().state.steps[stepId]?.metrics?.length).toBe(metrics.length);
    expect(events.some((e) => e.type === 'cmd.exit')).toBe(false);
    await engine.finish('completed');
  });

  it('--simulate with a breach: the first gate is NO-GO and the step fails with the reason', async () => {
    const env = tempEnv();
    const { engine, stepId } = await rehearse(env, true, true);
    // the breach raises the demo's go / no-go tree (its question names the error rate): answered with what the data proposes
    const raised: string[] = [];
    const pilot = autopilot(engine, {
      decision: (p) => {
        raised.push(`${p.node.question} ${p.suggested?.answer ?? '-'}`);
        return { answer: p.suggested?.answer ?? 'No' };
      },
    });
    await engine.advance(stepId);
    pilot.stop();
    expect(raised[0]).toBe('Error rate above 1%? Yes');
    const events = auditLines(engine, env);
    const check = events.find((e) => e.type === 'check' && e.data.stepId === stepId);
    expect(check?.data.result).toBe('fail');
    expect(String(check?.data.actual)).toMatch(/^NO-GO: error rate max \d+(\.\d+)?% \(crossed abort limit > 1%\)/);
    const st = engine.snapshot().state.steps[stepId];
    expect(st?.status).toBe('failed');
    expect(st?.reason).toMatch(/^gate NO-GO: Abort if error rate > 1%/);
    await engine.finish('aborted');
  });

  it('without --simulate: nothing is sampled, each gate is noted as "would check"', async () => {
    const env = tempEnv();
    const { engine, stepId } = await rehearse(env, false);
    await engine.advance(stepId);
    const events = auditLines(engine, env);
    expect(events.some((e) => e.type === 'metric')).toBe(false);
    const notes = events.filter((e) => e.type === 'note' && e.data.stepId === stepId).map((e) => String(e.data.text));
    expect(notes.length).toBe(engine.runbook.steps.find((s) => s.id === stepId)?.gates.length);
    expect(notes.every((n) => n.startsWith('would check gate: '))).toBe(true);
    expect(engine.snapshot().state.steps[stepId]?.status).toBe('rehearsed');
    await engine.finish('completed');
  });
});

describe.skipIf(!existsSync(DEMO))('metric gates of the demo runbook in a real run', () => {
  it('a gate with no usable source (prose, or a simulated block without --simulate) is put to the operator as unverified', async () => {
    const env = tempEnv();
    const { engine, canary: step } = await demoSession(env, { mode: 'run' });
    await skipTo(engine, step.id);
    const walk = engine.advance(step.id);
    for (const gate of step.gates) {
      const p = await answer(engine, 'unverified', { confirmed: true });
      expect(p.kind === 'unverified' ? p.expectation.text : p.kind).toBe(gate.text);
    }
    await walk;
    const checks = auditLines(engine, env).filter((e) => e.type === 'check' && e.data.stepId === step.id);
    expect(checks.map((c) => c.data.result)).toEqual(step.gates.map(() => 'unverified'));
    expect(auditLines(engine, env).some((e) => e.type === 'metric')).toBe(false);
    await engine.finish('completed');
  });
});

describe('a command metric gate in a real run (through the shell runner)', () => {
  const SOURCE = [
    '# Gate fixture',
    '',
    '## Canary',
    '',
    '### Step 1: Error budget',
    '',
    '```metric',
    'kind: command',
    'metric: error rate',
    'command: echo "${ERRORS}%"',
    'window: 1s',
    'interval: 5s',
    'abort-if: error rate > 1%',
    '```',
    '',
  ].join('\n');

  async function start(errors: string) {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { ShellExecutor } = await import('../../src/steps/shell-executor.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-gate-'));
    const file = path.join(dir, 'gate.md');
    writeFileSync(file, SOURCE);
    const runbook = await loadRunbook(file);
    const env = tempEnv();
    const engine = await startSession({
      runbook,
      runbookBytes: Buffer.from(SOURCE),
      mode: 'run',
      identity: { name: 'alice', source: 'flag' },
      env,
      executor: new ShellExecutor({ mode: 'run', interactive: false }),
      sets: { ERRORS: errors },
    });
    const step = runbook.steps.find((s) => s.gates.length > 0);
    if (!step) throw new Error('the fixture has no gate');
    return { engine, env, step, walk: engine.advance(step.id) };
  }

  async function run(errors: string) {
    const started = await start(errors);
    await started.walk;
    return started;
  }

  it('GO: the command is sampled, its number judged, the step passes', async () => {
    const { engine, env, step } = await run('0.5');
    const events = auditLines(engine, env);
    expect(events.find((e) => e.type === 'metric')?.data).toMatchObject({ source: 'command', name: 'error rate', unit: '%', result: 'pass', samples: [{ v: 0.5 }] });
    expect(events.find((e) => e.type === 'check')?.data).toMatchObject({ result: 'pass', actual: 'GO: error rate max 0.5% (abort limit > 1%)' });
    expect(engine.snapshot().state.steps[step.id]?.status).toBe('passed');
    await engine.finish('completed');
  });

  it('NO-GO: the step fails and says which limit was crossed', async () => {
    const { engine, env, step } = await run('4.2');
    const check = auditLines(engine, env).find((e) => e.type === 'check');
    expect(check?.data).toMatchObject({ result: 'fail', actual: 'NO-GO: error rate max 4.2% (crossed abort limit > 1%)' });
    expect(engine.snapshot().state.steps[step.id]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^gate NO-GO: /) });
    await engine.finish('aborted');
  });

  it('a command that prints no number leaves the gate to the operator, never passed', async () => {
    const { engine, env, step, walk } = await start('n/a');
    const p = await answer(engine, 'unverified', { confirmed: false });
    expect(p.kind === 'unverified' ? p.output : '').toMatch(/could not decide this gate: the metric command printed no number/);
    await walk;
    const checks = auditLines(engine, env).filter((e) => e.type === 'check');
    expect(checks.map((c) => c.data.result)).toEqual(['fail']);
    expect(engine.snapshot().state.steps[step.id]?.status).toBe('failed');
    await engine.finish('aborted');
  });
});
