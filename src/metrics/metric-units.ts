// Units of metric values: the spellings runbooks, commands and Azure use, and conversion
// between time units so "p95 < 2s" can be checked against a series in milliseconds, and
// the comparison itself; command checks and metric gates both use these.
import type { Comparator } from '../runbook/model.js';

export type UnitFamily = 'percent' | 'time' | 'count' | 'other';

interface UnitInfo {
  family: UnitFamily;
  /** Canonical spelling shown to the operator. */
  symbol: string;
  /** For time units: milliseconds per unit. */
  scale: number;
}

const TIME: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/** "%", "Percent", "milliseconds", "Seconds", "Count" ... to one spelling; undefined when absent. */
export function unitInfo(unit: string | undefined): UnitInfo | undefined {
  if (unit === undefined) return undefined;
  const u = unit.trim().toLowerCase();
  if (u === '') return undefined;
  if (u === '%' || u === 'percent' || u === 'percentage' || u === 'pct') return { family: 'percent', symbol: '%', scale: 1 };
  if (u === 'ms' || u.startsWith('millisec')) return { family: 'time', symbol: 'ms', scale: TIME.ms ?? 1 };
  if (u === 's' || u === 'sec' || u === 'secs' || u.startsWith('second')) return { family: 'time', symbol: 's', scale: TIME.s ?? 1000 };
  if (u === 'm' || u === 'min' || u === 'mins' || u.startsWith('minute')) return { family: 'time', symbol: 'min', scale: TIME.min ?? 60_000 };
  if (u === 'h' || u === 'hr' || u === 'hrs' || u.startsWith('hour')) return { family: 'time', symbol: 'h', scale: TIME.h ?? 3_600_000 };
  if (u === 'count' || u === 'requests' || u === 'req') return { family: 'count', symbol: '', scale: 1 };
  return { family: 'other', symbol: unit.trim(), scale: 1 };
}

export type Conversion = { ok: true; factor: number } | { ok: false; reason: string };

/** The factor that turns a value in `from` into `to`; a missing unit on either side is taken as the other's. */
export function conversion(from: string | undefined, to: string | undefined): Conversion {
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (!a || !b) return { ok: true, factor: 1 };
  if (a.family === 'time' && b.family === 'time') return { ok: true, factor: a.scale / b.scale };
  if (a.family === b.family && (a.family !== 'other' || a.symbol.toLowerCase() === b.symbol.toLowerCase())) return { ok: true, factor: 1 };
  return { ok: false, reason: `the samples are in ${a.symbol || from} but the threshold is in ${b.symbol || to}` };
}

/** "0.4%", "1800ms", "2 min", "42". */
export function formatValue(value: number, unit: string | undefined): string {
  const info = unitInfo(unit);
  // 1046.229ms reads as 1046ms, 0.2494% as 0.249%
  const places = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  const v = Number.isInteger(value) ? String(value) : String(Math.round(value * 10 ** places) / 10 ** places);
  if (!info || info.symbol === '') return v;
  return info.symbol === 'min' || info.symbol === 'h' || info.family === 'other' ? `${v} ${info.symbol}` : `${v}${info.symbol}`;
}

/** `value comparator limit`, e.g. compare(0.4, '<', 1) for "error rate < 1%". */
export function compare(value: number, comparator: Comparator, limit: number): boolean {
  switch (comparator) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
    default: {
      const never: never = comparator;
      return never;
    }
  }
}
