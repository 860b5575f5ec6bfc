// A React-friendly view of an engine: a cached snapshot that changes identity only when the
// engine says something changed, and notifications coalesced to a frame budget so that a
// command printing millions of lines costs one render per frame, not one per chunk. This is
// the one throttle between the runner and the screen: the engine says "changed" per chunk
// and cuts the live lines out of its buffer only when a snapshot is taken here.
import type { EngineSnapshot, SessionEngine } from '../session/types.js';

export interface EngineStore {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => EngineSnapshot;
}

export function createEngineStore(engine: SessionEngine, frameMs = 33): EngineStore {
  let snapshot = engine.snapshot();
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = 0;
  const listeners = new Set<() => void>();

  const flush = (): void => {
    timer = undefined;
    lastFlush = Date.now();
    snapshot = engine.snapshot();
    for (const l of listeners) l();
  };

  const onChange = (): void => {
    if (timer) return;
    const wait = frameMs - (Date.now() - lastFlush);
    // Prompts and step changes should appear at once; only bursts are delayed.
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };

  let unsubscribeEngine: (() => void) | undefined;

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!unsubscribeEngine) {
        unsubscribeEngine = engine.subscribe(onChange);
        // Something may have changed between the first snapshot and subscribing.
        snapshot = engine.snapshot();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && unsubscribeEngine) {
          unsubscribeEngine();
          unsubscribeEngine = undefined;
          if (timer) clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    getSnapshot: () => snapshot,
  };
}
