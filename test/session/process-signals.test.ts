// flightdeck told to stop by a signal: the running command is ended (even one that ignores
// SIGINT and SIGTERM), the reason noted, the session suspended, exit 130; a second signal
// while this happens is ignored.
import { afterEach, describe, expect, it } from 'vitest';
import { holdStopSignals, suspendOnSignals, STOP_SIGNALS } from '../../src/session/process-signals.js';
import { bench, block, pidAlive } from '../steps/runner-helpers.js';
import { FakeEngine, sampleRunbook } from '../ui/fake-engine.js';
import { screenFeed } from '../kit/screen.js';

const before = new Map(STOP_SIGNALS.map((s) => [s, process.listeners(s)]));
afterEach(() => {
  for (const sig of STOP_SIGNALS) {
    for (const l of process.listeners(sig)) if (!before.get(sig)?.includes(l)) process.removeListener(sig, l);
  }
});

describe('suspendOnSignals', () => {
  it('SIGTERM ends a stubborn running command, notes why, suspends and exits 130', async () => {
    const b = bench({ graceMs: 5000 });
    try {
      const screen = screenFeed();
      const run = b.runner.start({ command: block("trap '' INT TERM; echo started; while true; do sleep 1; done"), env: b.env, cwd: b.dir, onText: screen.onText });
      await expect.poll(() => screen.lines().join(''), { timeout: 3000 }).toContain('started');
      const engine = new FakeEngine(sampleRunbook());
      const lines: string[] = [];
      const exited = new Promise<number>((resolve) => {
        suspendOnSignals(engine, { exit: (code) => resolve(code), write: (l) => lines.push(l) });
      });
      process.kill(process.pid, 'SIGTERM');
      process.kill(process.pid, 'SIGHUP');
      expect(await exited).toBe(130);
      expect(pidAlive(run.pid)).toBe(false);
      expect((await run.done).outcome).toBe('cancelled');
      expect(engine.calls.map((c) => c.method)).toEqual(['note', 'suspend']);
      expect(engine.callsTo('note')[0]?.[0]).toContain('got SIGTERM');
      expect(lines).toEqual([expect.stringMatching(/^flightdeck: got SIGTERM; session \S+ suspended; resume with: flightdeck resume \S+$/)]);
    } finally {
      await b.cleanup();
    }
  });

  it('a SIGINT while another program holds the terminal (the pager) is not a stop; SIGTERM still is', async () => {
    const engine = new FakeEngine(sampleRunbook());
    const exits: number[] = [];
    const guard = suspendOnSignals(engine, { exit: (code) => exits.push(code), write: () => undefined });
    const release = guard.holdInterrupts();
    const delivered = new Promise((resolve) => process.once('SIGINT', resolve));
    process.kill(process.pid, 'SIGINT');
    await delivered;
    release();
    expect(guard.received()).toBeUndefined();
    expect(engine.calls).toEqual([]);
    process.kill(process.pid, 'SIGTERM');
    await guard.stopped;
    expect(guard.received()).toBe('SIGTERM');
    expect(exits).toEqual([130]);
  });

  it('dispose stops listening when the session ended without a signal', () => {
    const guard = suspendOnSignals(new FakeEngine(sampleRunbook()), { exit: () => undefined });
    expect(process.listeners('SIGTERM').length).toBe((before.get('SIGTERM')?.length ?? 0) + 1);
    guard.dispose();
    expect(process.listeners('SIGTERM').length).toBe(before.get('SIGTERM')?.length ?? 0);
    expect(guard.received()).toBeUndefined();
  });

  it('a SIGTERM while the session is being opened (its lock taken) is held, then suspends the session once it is open', async () => {
    holdStopSignals();
    const delivered = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    process.kill(process.pid, 'SIGTERM');
    await delivered;
    // still here: the signal did not end the process; the opened session is then stopped
    const engine = new FakeEngine(sampleRunbook());
    const lines: string[] = [];
    const code = await new Promise<number>((resolve) => {
      suspendOnSignals(engine, { exit: (c) => resolve(c), write: (l) => lines.push(l) });
    });
    expect(code).toBe(130);
    expect(engine.calls.map((c) => c.method)).toEqual(['note', 'suspend']);
    expect(lines[0]).toMatch(/^flightdeck: got SIGTERM; session \S+ suspended/);
  });
});
