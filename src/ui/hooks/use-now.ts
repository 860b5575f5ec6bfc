import { useEffect, useReducer, useState } from 'react';

/** Current time in ms, refreshed every `intervalMs` while `active`. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a clock started again shows the time at once (one render, an external clock)
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, active]);
  return now;
}

/**
 * The time of this render, and a render `intervalMs` after the last one when nothing else
 * caused one. For a pane that is redrawn anyway while it changes (a command's output under
 * a flood): its spinner and timer step with those frames instead of adding four of their
 * own each second (each frame redraws the whole screen).
 */
export function useFrameClock(intervalMs: number): number {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const t = setTimeout(tick, intervalMs);
    return () => clearTimeout(t);
  });
  // eslint-disable-next-line react-hooks/purity -- the point of this clock: the time of the frame being drawn
  return Date.now();
}
