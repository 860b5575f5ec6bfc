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

/** A byte or character read, the position after it, and the evidence its decoding gave. */
type Read = readonly [value: number, next: number, evidence: number];

function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

const MIN_CODE_POINT = [0, 0x80, 0x800, 0x10000];

/**
 * What a repair costs by itself (negative: evidence for it), by the length of the UTF-8
 * sequence it decoded: a valid three- or four-byte sequence rarely forms by chance in
 * clean text, a two-byte one does.
 */
function repairCost(cp: number): number {
  return cp < 0x800 ? 0.25 : cp < 0x10000 ? -1 : -1.5;
}

/** A repair right after another: damage comes in stretches, chance decodings alone. */
const STRETCH_BONUS = 0.5;

/** Text that decodes twice over was damaged twice: the second decoding adds to the first's evidence. */
const TWICE_BIAS = -0.35;

/**
 * In a file already shown to be damaged through a path, a two-byte repair under that path
 * needs no more evidence than not making the text worse ("Ã—3" is "×3").
 */
export const ESTABLISHED_BIAS = -0.35;

/** The decodings of one run, by path, shared by every path that reads through them. */
export type ReadCache = Map<string, readonly (Read | undefined)[]>;

/**
 * reads[i]: the character the bytes starting at code point i of the run decode to under
 * `path`, with the position after it. The bytes of a two-page path's first page are the
 * characters its second page decodes to.
 */
function decodeRun(cps: readonly number[], path: Path, cache: ReadCache): readonly (Read | undefined)[] {
  const key = path.map((p) => p.id).join('>');
  const cached = cache.get(key);
  if (cached) return cached;
  const [page, ...rest] = path;
  const below = rest.length > 0 ? decodeRun(cps, rest, cache) : undefined;
  const byteAt = (i: number): Read | undefined => {
    if (!page) return undefined;
    if (!below) {
      const b = page.toByte.get(cps[i] ?? -1);
      return b === undefined ? undefined : [b, i + 1, 0];
    }
    const ch = below[i];
    const b = ch && page.toByte.get(ch[0]);
    return ch && b !== undefined ? [b, ch[1], ch[2]] : undefined;
  };
  const reads = cps.map((_, i) => readChar(byteAt, i, below !== undefined));
  cache.set(key, reads);
  return reads;
}

/** One strictly valid UTF-8 character from the bytes `byteAt` gives, starting at `i`. */
function readChar(byteAt: (i: number) => Read | undefined, i: number, twice: boolean): Read | undefined {
  const lead = byteAt(i);
  if (!lead) return undefined;
  const n = continuationCount(lead[0]);
  if (n < 0) return undefined;
  let cp = lead[0] & (0x3f >> n);
  let [, at, evidence] = lead;
  for (let k = 0; k < n; k++) {
    const c = byteAt(at);
    if (!c || (c[0] & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (c[0] & 0x3f);
    at = c[1];
    evidence += c[2];
  }
  if (cp < (MIN_CODE_POINT[n] ?? 0) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  // read twice: the bytes were characters repaired one after another
  const inner = twice ? TWICE_BIAS - STRETCH_BONUS * n : 0;
  return [cp, at, evidence + inner + repairCost(cp)];
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

export function repairRun(
  cps: readonly number[],
  path: Path,
  context: { before: number | undefined; after: number | undefined; cache: ReadCache },
  bias = 0,
): RunRepair | undefined {
  const decoded = decodeRun(cps, path, context.cache);
  if (!decoded.some(Boolean)) return undefined;
  // states[i]: the cheapest ways to write cps[0..i), one per (repaired, last two characters)
  const states: State[][] = Array.from({ length: cps.length + 1 }, () => []);
  states[0]?.push({ repaired: false, last2: undefined, last: context.before, cost: 0, back: undefined, segment: undefined, cp: undefined });
  const offer = (i: number, from: State, cp: number, evidence: number, segment: Segment | undefined) => {
    const repaired = segment !== undefined;
    const cost = from.cost + stepCost(from.last2, from.last, cp) + (repaired ? evidence + bias - (from.repaired ? STRETCH_BONUS : 0) : 0);
    const at = states[i] as State[];
    const same = at.findIndex((o) => o.repaired === repaired && o.last === cp && o.last2 === from.last);
    const old = at[same];
    if (old && old.cost <= cost) return;
    const s: State = { repaired, last2: from.last, last: cp, cost, back: from, segment, cp };
    if (old) at[same] = s;
    else at.push(s);
  };
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] as number;
    const d = decoded[i];
    for (const s of states[i] ?? []) {
      offer(i + 1, s, cp, 0, undefined);
      if (d) offer(d[1], s, d[0], d[2], { from: i, to: d[1], cp: d[0] });
    }
  }
  let end: State | undefined;
  let endCost = Infinity;
  for (const s of states[cps.length] ?? []) {
    const total = s.cost + (context.after !== undefined ? stepCost(s.last2, s.last, context.after) : 0);
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
