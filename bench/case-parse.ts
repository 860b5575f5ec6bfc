// Parse time of generated runbooks: 10 MB under 2 s, and linear growth (10x the input
// costs <= 12x the time, 1 MB vs 10 MB). Each size is parsed in a child process (see
// parse-child.ts) with a time limit.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRunbook } from './generate-runbook.js';
import { loadParser } from './load-src.js';
import { notAvailable, ratioRow, type BenchRow } from './report.js';
import { median } from './stats.js';

const CHILD = fileURLToPath(new URL('./parse-child.ts', import.meta.url));

/** Median parse time in ms, or a sentence saying why there is none. */
function timeParses(file: string, runs: number, limitMs: number): number | string {
  // process.execArgv carries tsx's loader, so the child can import .ts
  const r = spawnSync(process.execPath, [...process.execArgv, CHILD, file, String(runs)], {
    encoding: 'utf8',
    timeout: limitMs,
    killSignal: 'SIGKILL',
  });
  const times = r.stdout.split('\n').filter(Boolean).map(Number);
  if (r.signal === 'SIGKILL') return `killed at the ${limitMs / 1000} s limit after ${times.length} of ${runs} parses`;
  if (r.status !== 0) return `parse failed: ${(r.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? r.stderr.trim()).slice(0, 160)}`;
  return median(times);
}

export async function benchParse(tmp: string): Promise<BenchRow[]> {
  const absName = 'parse generated 10 MB (absolute)';
  const linName = 'parse 10 MB vs 1 MB (linear growth)';
  const parse = await loadParser();
  if (typeof parse === 'string') return [notAvailable(absName, '< 2000 ms', parse), notAvailable(linName, '<= 12x', parse)];

  const smallFile = join(tmp, 'generated-1mb.md');
  const largeFile = join(tmp, 'generated-10mb.md');
  writeFileSync(smallFile, generateRunbook(1_000_000));
  writeFileSync(largeFile, generateRunbook(10_000_000));

  const t1 = timeParses(smallFile, 5, 45_000);
  if (typeof t1 === 'string') return [notAvailable(absName, '< 2000 ms', `1 MB: ${t1}`), notAvailable(linName, '<= 12x', `1 MB: ${t1}`)];
  // A slow parser gets one 10 MB parse, not three, to keep the bench short.
  const t10 = timeParses(largeFile, t1 < 400 ? 3 : 1, 60_000);
  if (typeof t10 === 'string') {
    return [
      { name: absName, measured: null, baseline: null, unit: 'ms', ratio: null, budget: '< 2000 ms', status: 'fail', note: `10 MB: ${t10}` },
      notAvailable(linName, '<= 12x', `10 MB: ${t10}; 1 MB took ${t1.toFixed(0)} ms`),
    ];
  }
  const abs: BenchRow = {
    name: absName,
    measured: t10,
    baseline: null,
    unit: 'ms',
    ratio: null,
    budget: '< 2000 ms',
    status: t10 < 2000 ? 'pass' : 'fail',
  };
  return [abs, ratioRow(linName, t10, t1, 12, 'ms', 'medians; a warm-up parse first in each child')];
}
