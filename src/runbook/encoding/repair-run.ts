// Repairs one run of non-ASCII characters under one decoding path: one code page (UTF-8
// bytes read through it once) or two (read through the first, then the result's UTF-8
// bytes through the second). Every candidate segment is turned back into the bytes the
// path says it came from and decoded as strict UTF-8; a dynamic programme then picks, per
// segment, the decoded character or the characters as they stand, whichever reads better
// in context (./score.ts). Output characters are only ever those decoded bytes or input
// characters: nothing is guessed.
import type { CodePage } from './code-pages.js';
import { stepCost } from './score.js';

/** Innermost first: [page], or [first damage, second damage]. */
export type Path = readonly CodePage[];

export interface Segment {
  /** Offsets into the run's code points. */
  from: number;
  to: number;
  cp: number;
}

export interface RunRepair {
  cps: number[];
  cost: number;
  segments: Segment[];
}

type Read = readonly [value: number, next: number];

function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

const MIN_CODE_POINT = [0, 0x80, 0x800, 0x10000];

/** One byte of the text below `level`, starting at code point `i` of the run. */
function readByte(path: Path, level: number, cps: readonly number[], i: number): Read | undefined {
  const page = path[level];
  if (!page) return undefined;
  if (level === path.length - 1) {
    const cp = cps[i];
    const b = cp === undefined ? undefined : page.toByte.get(cp);
    return b === undefined ? undefined : [b, i + 1];
  }
  const ch = readChar(path, level + 1, cps, i);
  const b = ch && page.toByte.get(ch[0]);
  return ch && b !== undefined ? [b, ch[1]] : undefined;
}

/** One strictly valid UTF-8 character from the bytes of `level`. */
export function readChar(path: Path, level: number, cps: readonly number[], i: number): Read | undefined {
  const lead = readByte(path, level, cps, i);
  if (!lead) return undefined;
  const n = continuationCount(lead[0]);
  if (n < 0) return undefined;
  let cp = lead[0] & (0x3f >> n);
  let at = lead[1];
  for (let k = 0; k < n; k++) {
    const c = readByte(path, level, cps, at);
    if (!c || (c[0] & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (c[0] & 0x3f);
    at = c[1];
  }
  if (cp < (MIN_CODE_POINT[n] ?? 0) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return [cp, at];
}

interface State {
  /** Whether the last character written was a repair (damage comes in stretches). */
  repaired: boolean;
  last2: number | undefined;
  last: number | undefined;
  cost: number;
  back: State | undefined;
  segment: Segment | undefined;
  cp: number | undefined;
}

/**
 * What a repair costs by itself, by the length of the UTF-8 sequence it decoded: a valid
 * three- or four-byte sequence rarely forms by chance in clean text, a two-byte one does.
 */
function repairCost(cp: number): number {
  return cp < 0x800 ? 0.25 : cp < 0x10000 ? -1 : -1.5;
}

/**
 * In a file already shown to be damaged through a path, a two-byte repair under that path
 * needs no more evidence than not making the text worse ("Ã—3" is "×3").
 */
export const ESTABLISHED_BIAS = -0.35;

/** A repair right after another: damage comes in stretches, chance decodings alone. */
const STRETCH_BONUS = 0.5;

export function repairRun(
  cps: readonly number[],
  path: Path,
  before: number | undefined,
  after: number | undefined,
  bias = 0,
): RunRepair | undefined {
  const decoded: (Read | undefined)[] = cps.map((_, i) => readChar(path, 0, cps, i));
  if (!decoded.some(Boolean)) return undefined;
  // states[i]: the cheapest way to write cps[0..i), one state per last two characters
  const states: Map<string, State>[] = cps.map(() => new Map());
  states.push(new Map());
  states[0]?.set('', { repaired: false, last2: undefined, last: before, cost: 0, back: undefined, segment: undefined, cp: undefined });
  const offer = (i: number, from: State, cp: number, segment: Segment | undefined) => {
    const extra = segment ? repairCost(cp) + bias - (from.repaired ? STRETCH_BONUS : 0) : 0;
    const cost = from.cost + stepCost(from.last2, from.last, cp) + extra;
    const s: State = { repaired: segment !== undefined, last2: from.last, last: cp, cost, back: from, segment, cp };
    const key = `${s.repaired},${s.last2},${cp}`;
    const at = states[i];
    const old = at?.get(key);
    if (at && (!old || s.cost < old.cost)) at.set(key, s);
  };
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] as number;
    const d = decoded[i];
    for (const s of states[i]?.values() ?? []) {
      offer(i + 1, s, cp, undefined);
      if (d) offer(d[1], s, d[0], { from: i, to: d[1], cp: d[0] });
    }
  }
  let end: State | undefined;
  let endCost = Infinity;
  for (const s of states[cps.length]?.values() ?? []) {
    const total = s.cost + (after !== undefined ? stepCost(s.last2, s.last, after) : 0);
    if (total < endCost) {
      end = s;
      endCost = total;
    }
  }
  const out: number[] = [];
  const segments: Segment[] = [];
  for (let s = end; s?.cp !== undefined; s = s.back) {
    out.push(s.cp);
    if (s.segment) segments.push(s.segment);
  }
  if (segments.length === 0) return undefined;
  return { cps: out.reverse(), cost: endCost, segments: segments.reverse() };
}

/** The cost of the run as it stands, on the same scale. */
export function keepCost(cps: readonly number[], before: number | undefined, after: number | undefined): number {
  let cost = 0;
  let prev2: number | undefined;
  let prev = before;
  for (const cp of cps) {
    cost += stepCost(prev2, prev, cp);
    [prev2, prev] = [prev, cp];
  }
  return cost + (after !== undefined ? stepCost(prev2, prev, after) : 0);
}
