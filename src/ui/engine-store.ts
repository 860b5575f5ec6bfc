// A React-friendly view of an engine: a cached snapshot that changes identity only when the
// engine says something changed, and notifications coalesced to a frame budget so that a
// command printing millions of lines costs one render per frame, not one per chunk. This is
// the one throttle between the runner and the screen: the engine says "changed" per chunk
// and cuts the live lines out of its buffer only when a snapshot is taken here.
//
// Two budgets: a change the operator acts on (a prompt, a step's state, a command starting
// or ending) is drawn within `frameMs`; a change of the running command's output alone
// within `outputMs`. Each frame Ink redraws every cell of the screen (~2.5 MB of short-lived
// objects at 100x30), so a flood of output drawn at 30 fps made the young generation grow
// and promote frame garbage to the old one; scrolling lines read the same at 10 fps.
import type { EngineSnapshot, SessionEngine } from '../session/types.js';

export interface EngineStore {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => EngineSnapshot;
}

/** Whether `next` differs from `shown` only in the running command's output. */
function outputOnly(shown: EngineSnapshot, next: EngineSnapshot): boolean {
  return (
    shown.live !== undefined &&
    next.live !== undefined &&
    shown.live.commandId === next.live.commandId &&
    shown.live.stepId === next.live.stepId &&
    shown.runbook === next.runbook &&
    shown.state === next.state &&
    shown.prompt === next.prompt &&
    shown.selected === next.selected &&
    shown.metric === next.metric &&
    shown.notice === next.notice &&
    shown.closed === next.closed
  );
}

export function createEngineStore(engine: Pick<SessionEngine, 'snapshot' | 'subscribe'>, frameMs = 33, outputMs = 200): EngineStore {
  let snapshot = engine.snapshot();
  let timer: NodeJS.Timeout | undefined;
  /** When the pending timer fires. */
  let due = 0;
  let lastFlush = 0;
  const listeners = new Set<() => void>();

  const flush = (): void => {
    timer = undefined;
    lastFlush = Date.now();
    snapshot = engine.snapshot();
    for (const l of listeners) l();
  };

  const onChange = (): void => {
    const at = lastFlush + (outputOnly(snapshot, engine.snapshot()) ? outputMs : frameMs);
    if (timer) {
      if (due <= at) return;
      clearTimeout(timer);
      timer = undefined;
    }
    // Prompts and step changes should appear at once; only bursts are delayed.
    const wait = at - Date.now();
    if (wait <= 0) return flush();
    due = at;
    timer = setTimeout(flush, wait);
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
