// A monitored wait without a screen: one line when it starts and one at each quarter of it,
// with the latest value of each watched metric; its end shows in the step's own line.
import type { EngineSnapshot, LiveWait } from '../session/types.js';
import { formatValue } from '../metrics/metric-units.js';

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function latest(wait: LiveWait): string {
  return wait.series
    .map((s) => {
      const v = s.count > 0 ? s.values[s.count - 1] : undefined;
      return v === undefined ? undefined : `${s.metric} ${formatValue(v, s.unit)}`;
    })
    .filter(Boolean)
    .join(', ');
}

/** Watches snapshots; writes the wait's lines as it goes (a start line, then 25%, 50%, 75%). */
export function waitProgress(write: (line: string) => void): (snap: EngineSnapshot) => void {
  let current: string | undefined;
  let quarter = 0;
  return (snap) => {
    const wait = snap.wait;
    if (!wait) return;
    const key = `${wait.stepId}/${wait.waitId}`;
    if (key !== current) {
      current = key;
      quarter = Math.floor((wait.servedSeconds / Math.max(1, wait.seconds)) * 4);
      const pace = wait.speed > 1 ? `, rehearsal ×${Math.round(wait.speed)}` : '';
      const from = wait.resumedFrom > 0 ? ` from ${clock(wait.resumedFrom)}` : '';
      write(`  ⏱ ${wait.text}: ${clock(wait.seconds)}${from}${pace}; abort on ${wait.criteria.join('; ') || 'nothing (a countdown)'}`);
      return;
    }
    const q = Math.floor((wait.servedSeconds / Math.max(1, wait.seconds)) * 4);
    if (q <= quarter || q >= 4) return;
    quarter = q;
    const values = latest(wait);
    write(`  ⏱ ${clock(wait.servedSeconds)} / ${clock(wait.seconds)}${values ? ` · ${values}` : ''}`);
  };
}
