// The one throttle between a command's output and the screen: a burst of chunks the engine
// reports one by one reaches the UI's store as a handful of notifications, and the snapshot
// the UI reads after it shows the last line.
import { describe, expect, it } from 'vitest';
import type { CommandExecutor } from '../../src/session/types.js';
import { createEngineStore } from '../../src/ui/engine-store.js';
import { newEngine, tempEnv } from '../session/helpers.js';
import { skipTo } from '../kit/session.js';

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
