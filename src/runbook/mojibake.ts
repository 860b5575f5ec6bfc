// Text damaged by copy/paste: UTF-8 bytes decoded with a single-byte code page, so "→"
// turns into "â†’" (Windows-1252), "ğŸ¯" is "🎯" read as Windows-1254, and text damaged
// twice reads "Ã¢â€ â€™". Each run of non-ASCII characters is tried under every page and
// every pair of pages (./encoding/repair-run.ts); the reading that is most plausible as
// runbook text wins, and only if it beats the text as it stands. Clean text is left alone.
import { codePages, type CodePage } from './encoding/code-pages.js';
import { mayBeDamaged, pagesWithDamagePair } from './encoding/prescan.js';
import { ESTABLISHED_BIAS, keepCost, repairRun, type Path, type ReadCache, type RunRepair } from './encoding/repair-run.js';
import type { Diagnostic } from './model.js';

/** What was repaired through one code page (or pair of pages). */
export interface PageRepairs {
  /** "Windows-1254", "Windows-1252 twice", "Windows-1251, then again as Windows-1252" */
  page: string;
  count: number;
  firstLine: number;
}

export interface MojibakeResult {
  text: string;
  diagnostics: Diagnostic[];
  found: PageRepairs[];
}

interface Candidate {
  path: number;
  repair: RunRepair;
}

interface DamagedRun {
  index: number;
  length: number;
  candidates: Candidate[];
  /** Found on its own evidence (not only under a page the file was shown to be damaged through). */
  ownEvidence: boolean;
}

/** Every single page, then every page read through another (or the same) page. */
let paths: Path[] | undefined;
function allPaths(pages: readonly CodePage[]): Path[] {
  paths ??= [...pages.map((p) => [p]), ...pages.flatMap((outer) => pages.map((inner) => [inner, outer]))];
  return paths;
}

const EPSILON = 1e-9;

interface Run {
  index: number;
  length: number;
  cps: number[];
  before: number | undefined;
  after: number | undefined;
  keep: number;
  /** The pages the run could have been damaged through last (the outer page of a path). */
  outer: Set<CodePage>;
}

/** The runs of non-ASCII text with a pair of characters that could be damage. */
function suspiciousRuns(source: string, pages: readonly CodePage[]): Run[] {
  const runs: Run[] = [];
  for (const m of source.matchAll(/[^\x00-\x7F]{2,}/g)) {
    const cps = Array.from(m[0], (ch) => ch.codePointAt(0) as number);
    const outer = pagesWithDamagePair(cps, pages);
    if (outer.size === 0) continue;
    const end = m.index + m[0].length;
    const before = m.index > 0 ? source.charCodeAt(m.index - 1) : undefined;
    const after = end < source.length ? source.charCodeAt(end) : undefined;
    runs.push({ index: m.index, length: m[0].length, cps, before, after, keep: keepCost(cps, before, after), outer });
  }
  return runs;
}

/** The paths that read `run` best, if any reads it better than it stands. */
function bestReadings(run: Run, paths: readonly { path: Path; index: number }[], bias: number): Candidate[] {
  let bestCost = Infinity;
  let candidates: Candidate[] = [];
  const cache: ReadCache = new Map();
  for (const { path, index } of paths) {
    if (!run.outer.has(path[path.length - 1] as CodePage)) continue;
    const repair = repairRun(run.cps, path, { before: run.before, after: run.after, cache }, bias);
    if (!repair || repair.cost >= run.keep - EPSILON || repair.cost > bestCost + EPSILON) continue;
    if (repair.cost < bestCost - EPSILON) {
      candidates = [];
      bestCost = repair.cost;
    }
    candidates.push({ path: index, repair });
  }
  return candidates;
}

/**
 * First every run on its own evidence; then the runs left, under the paths that evidence
 * established, with a lower bar (short sequences in a damaged file are damage too).
 */
function findDamage(source: string, pages: readonly CodePage[]): DamagedRun[] {
  const all = allPaths(pages).map((path, index) => ({ path, index }));
  const found: DamagedRun[] = [];
  const left: Run[] = [];
  for (const run of suspiciousRuns(source, pages)) {
    const candidates = bestReadings(run, all, 0);
    if (candidates.length > 0) found.push({ index: run.index, length: run.length, candidates, ownEvidence: true });
    else left.push(run);
  }
  // established: two repairs, or one of a three- or four-byte sequence (never chance)
  const strong = (runs: DamagedRun[], i: number) => {
    const segments = runs.flatMap((run) => run.candidates.find((c) => c.path === i)?.repair.segments ?? []);
    return segments.length >= 2 || segments.some((s) => s.cp >= 0x800);
  };
  const established = [...assignPaths(found)].filter(([i, runs]) => strong(runs, i)).map(([i]) => all[i] as { path: Path; index: number });
  for (const run of established.length > 0 ? left : []) {
    const candidates = bestReadings(run, established, ESTABLISHED_BIAS);
    if (candidates.length > 0) found.push({ index: run.index, length: run.length, candidates, ownEvidence: false });
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * Which path each run is blamed on: the path that explains the most runs first, and so
 * on, so a file damaged through one page is reported as that page even where another
 * page would have given the same characters.
 */
function assignPaths(runs: DamagedRun[]): Map<number, DamagedRun[]> {
  const byPath = new Map<number, DamagedRun[]>();
  let left = runs;
  while (left.length > 0) {
    const counts = new Map<number, number>();
    for (const run of left) for (const c of run.candidates) counts.set(c.path, (counts.get(c.path) ?? 0) + 1);
    let best = -1;
    let bestCount = 0;
    for (const [path, count] of counts) if (count > bestCount || (count === bestCount && path < best)) [best, bestCount] = [path, count];
    byPath.set(best, left.filter((run) => run.candidates.some((c) => c.path === best)));
    left = left.filter((run) => !run.candidates.some((c) => c.path === best));
  }
  return byPath;
}

function pathName(path: Path): string {
  const [inner, outer] = path;
  if (!outer) return inner?.name ?? '';
  return inner === outer ? `${outer.name} twice` : `${inner?.name ?? ''}, then again as ${outer.name}`;
}

const fromCps = (cps: readonly number[]) => String.fromCodePoint(...cps);

/** Quoted, with C1 controls (common in damage; 0x9B starts a terminal escape) written out. */
const quote = (s: string) => JSON.stringify(s).replace(/[\u0080-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Repairs mojibake; returns the text unchanged (same string) and no diagnostics when there is none. */
export function repairMojibake(source: string): MojibakeResult {
  if (!mayBeDamaged(source)) return { text: source, diagnostics: [], found: [] };
  const pages = codePages();
  const runs = findDamage(source, pages);
  if (runs.length === 0) return { text: source, diagnostics: [], found: [] };
  const all = allPaths(pages);
  const chosen = new Map<DamagedRun, RunRepair>();
  const diagnostics: Diagnostic[] = [];
  const found: PageRepairs[] = [];
  for (const [pathIndex, assigned] of assignPaths(runs)) {
    let count = 0;
    for (const run of assigned) {
      const repair = run.candidates.find((c) => c.path === pathIndex)?.repair as RunRepair;
      chosen.set(run, repair);
      count += repair.segments.length;
    }
    const first = assigned[0] as DamagedRun;
    const line = lineOf(source, first.index);
    const example = `${quote(source.slice(first.index, first.index + first.length))} -> ${quote(fromCps(chosen.get(first)?.cps ?? []))}`;
    const path = all[pathIndex] as Path;
    found.push({ page: pathName(path), count, firstLine: line });
    diagnostics.push({
      line,
      severity: 'warning',
      message:
        `repaired ${count} mojibake sequence${count === 1 ? '' : 's'} (first at line ${line}): UTF-8 text decoded as ` +
        `${pathName(path)}${alsoAgree(assigned, pathIndex, all)}, e.g. ${example}; ` +
        'repair the file to silence this (`flightdeck lint --fix-encoding <file>` writes a repaired copy)',
    });
  }
  let text = '';
  let at = 0;
  for (const run of runs) {
    text += source.slice(at, run.index) + fromCps(chosen.get(run)?.cps ?? []);
    at = run.index + run.length;
  }
  text += source.slice(at);
  return { text, diagnostics: diagnostics.sort((a, b) => a.line - b.line), found: found.sort((a, b) => a.firstLine - b.firstLine) };
}

/** Pages that read every one of these runs the same way: the text cannot tell them apart. */
function alsoAgree(runs: DamagedRun[], pathIndex: number, all: Path[]): string {
  const same = (a: RunRepair, b: RunRepair) => a.cps.length === b.cps.length && a.cps.every((cp, i) => cp === b.cps[i]);
  const others = new Set<number>();
  for (const c of runs.find((r) => r.ownEvidence)?.candidates ?? []) if (c.path !== pathIndex) others.add(c.path);
  for (const run of runs.filter((r) => r.ownEvidence)) {
    const mine = run.candidates.find((c) => c.path === pathIndex)?.repair;
    for (const other of others) {
      const theirs = run.candidates.find((c) => c.path === other)?.repair;
      if (!mine || !theirs || !same(mine, theirs)) others.delete(other);
    }
  }
  const names = [...others].slice(0, 3).map((i) => pathName(all[i] as Path));
  return names.length === 0 ? '' : ` (or ${names.join(', ')}: they read these bytes alike)`;
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < index; i = source.indexOf('\n', i + 1)) line++;
  return line;
}
