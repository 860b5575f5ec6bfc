// Questions about where a metric is heading ("Improving?", "Still getting worse?", "Stable?")
// answered from the series a breach was seen in: the mean of its last third against its first
// third, read in the direction the limit says is bad (above a "> 1%" limit is bad, below a
// "< 99.9%" one is). Pure; breach.ts asks it when no threshold in the question decides.
import type { Comparator } from '../runbook/model.js';
import { formatValue } from '../metrics/metric-units.js';

export interface TrendSeries {
  metric: string;
  unit?: string;
  values: readonly number[];
  /** The limit that was crossed: its comparator says which way is bad. */
  comparator: Comparator;
}

type Heading = 'better' | 'worse' | 'steady';

const ASKS: { pattern: RegExp; holdsWhen: Heading }[] = [
  { pattern: /\b(improv\w*|recover\w*|getting better|better now|decreas\w* again|resolv\w*)\b/i, holdsWhen: 'better' },
  { pattern: /\b(worse\w*|worsen\w*|degrad\w*|deteriorat\w*|still (?:rising|climbing|growing|increasing))\b/i, holdsWhen: 'worse' },
  { pattern: /\b(stable|stabili[sz]\w*|steady|flat|holding)\b/i, holdsWhen: 'steady' },
];

/** Below this relative change between the first and last thirds the series is steady. */
const STEADY = 0.05;

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function heading(s: TrendSeries): { heading: Heading; from: number; to: number } | undefined {
  if (s.values.length < 3) return undefined;
  const third = Math.max(1, Math.floor(s.values.length / 3));
  const from = mean(s.values.slice(0, third));
  const to = mean(s.values.slice(-third));
  const change = (to - from) / Math.max(Math.abs(from), Number.EPSILON);
  if (Math.abs(change) < STEADY) return { heading: 'steady', from, to };
  const highIsBad = s.comparator === '>' || s.comparator === '>=';
  const lowIsBad = s.comparator === '<' || s.comparator === '<=';
  if (!highIsBad && !lowIsBad) return undefined;
  const rising = to > from;
  return { heading: rising === highIsBad ? 'worse' : 'better', from, to };
}

/** Whether a trend question holds on the series, and why in words; undefined when it asks no trend or the data cannot say. */
export function judgeTrend(question: string, series: readonly TrendSeries[]): { holds: boolean; why: string } | undefined {
  const ask = ASKS.find((a) => a.pattern.test(question));
  const s = series[0];
  if (!ask || !s) return undefined;
  const h = heading(s);
  if (!h) return undefined;
  const words = h.heading === 'steady' ? 'steady' : h.heading === 'better' ? 'improving' : 'getting worse';
  const why = `${s.metric} ${words}: ${formatValue(h.from, s.unit)} → ${formatValue(h.to, s.unit)} over ${s.values.length} samples`;
  return { holds: h.heading === ask.holdsWhen, why };
}
