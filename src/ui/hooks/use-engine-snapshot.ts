import { useMemo, useSyncExternalStore } from 'react';
import type { EngineSnapshot, SessionEngine } from '../../session/types.js';
import { createEngineStore } from '../engine-store.js';
import { cleanDeep } from '../text/safe-text.js';

/**
 * The engine's current snapshot, its text made safe to draw (no control characters from a
 * runbook, a value or a note); re-renders when the engine reports a change. Live output
 * lines are cleaned where they are drawn, since only the visible ones matter.
 */
export function useEngineSnapshot(engine: SessionEngine): EngineSnapshot {
  const store = useMemo(() => createEngineStore(engine), [engine]);
  const raw = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const runbook = useMemo(() => cleanDeep(raw.runbook), [raw.runbook]);
  const state = useMemo(() => cleanDeep(raw.state), [raw.state]);
  const prompt = useMemo(
    () => (raw.prompt ? { ...raw.prompt, prompt: cleanDeep(raw.prompt.prompt) } : undefined),
    [raw.prompt],
  );
  const notice = useMemo(() => (raw.notice ? cleanDeep(raw.notice) : undefined), [raw.notice]);
  return { ...raw, runbook, state, prompt, ...(notice ? { notice } : {}) };
}
