// The one throttle between a command's output and the screen: a burst of chunks the engine
// reports one by one reaches the UI's store as a handful of notifications, and the snapshot
// the UI reads after it shows the last line.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandExecutor, EngineSnapshot, LiveOutput } from '../../src/session/types.js';
import { createEngineStore } from '../../src/ui/engine-store.js';
import { newEngine, tempEnv } from '../session/helpers.js';
import { skipTo } from '../kit/session.js';
import { sampleRunbook } from './fake-engine.js';
import { initialState } from '../../src/session/reducer.js';

describe('engine store', () => {
  it('turns 10,000 output chunks into a few notifications and shows the last line', async () => {
    let release: (() => void) | undefined;
    const burst: CommandExecutor = {
      run: (_c, _e, _w, onOutput, signal, opts) => {
        for (let k = 1; k <= 10_000; k++) onOutput(`line ${k}\n`);
        return new Promise((resolve) => {
          release = () => resolve({ exitCode: 0, signal: null, durationMs: 1, spoolPath: opts.spoolPath, sha256: 'c'.repeat(64), bytes: 1, lines: 10_000 });
          signal.addEventListener('abort', release, { once: true });
        });
      },
    };
    const engine = await newEngine(tempEnv(), { executor: burst, sets: { ENVIRONMENT: 'prod', API_TOKEN: 'token-1' } });
    const store = createEngineStore(engine);
    let notified = 0;
    const shown = new Promise<void>((resolve) => {
      store.subscribe(() => {
        notified++;
        if (store.getSnapshot().live?.lines.at(-1) === 'line 10000') resolve();
      });
    });
    await skipTo(engine, 'deploy');
    const walking = engine.advance('deploy');
    await shown;
    expect(notified).toBeLessThanOrEqual(3);
    expect(store.getSnapshot().live?.totalLines).toBe(10_000);
    release?.();
    await engine.suspend();
    await walking;
  });
});

/** An engine reduced to what the store reads: a snapshot to replace and listeners to tell. */
function stubEngine() {
  const listeners = new Set<() => void>();
  const live = (lines: number): LiveOutput => ({ stepId: 's2', commandId: 's2.c1', lines: [`line ${lines}`], totalLines: lines, totalBytes: lines * 7, startedAt: 0 });
  let snap: EngineSnapshot = { runbook: sampleRunbook(), state: initialState(['s2']), prompt: undefined, live: live(0), counted: ['s2'] };
  const change = (next: Partial<EngineSnapshot>): void => {
    snap = { ...snap, ...next };
    for (const l of listeners) l();
  };
  return {
    engine: { snapshot: () => snap, subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)) },
    output: (lines: number) => change({ live: live(lines) }),
    stateChange: () => change({ state: { ...snap.state } }),
  };
}

describe('engine store under a flood of output', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws output alone at most every outputMs, and a change of state within a frame even mid-flood', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const stub = stubEngine();
    const store = createEngineStore(stub.engine, 33, 200);
    const drawn: number[] = [];
    store.subscribe(() => drawn.push(store.getSnapshot().live?.totalLines ?? -1));
    stub.output(1); // the first chunk after a quiet spell is drawn at once
    expect(drawn).toEqual([1]);
    for (let k = 2; k <= 10; k++) {
      vi.advanceTimersByTime(10);
      stub.output(k);
    }
    expect(drawn).toEqual([1]); // 90 ms of output: not drawn again yet
    vi.advanceTimersByTime(110);
    expect(drawn).toEqual([1, 10]); // 200 ms after the last frame, the last chunk
    stub.output(11);
    vi.advanceTimersByTime(5);
    stub.stateChange(); // a step's state moved (or a prompt came) mid-flood
    vi.advanceTimersByTime(33);
    expect(drawn).toEqual([1, 10, 11]);
  });
});
