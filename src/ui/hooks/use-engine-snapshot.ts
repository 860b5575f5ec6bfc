import { useMemo, useSyncExternalStore } from 'react';
import type { EngineSnapshot, SessionEngine } from '../../session/types.js';
import { createEngineStore } from '../engine-store.js';

/** The engine's current snapshot; re-renders when the engine reports a change. */
export function useEngineSnapshot(engine: SessionEngine): EngineSnapshot {
  const store = useMemo(() => createEngineStore(engine), [engine]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
