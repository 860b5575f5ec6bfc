// In-process parse time of generated runbooks: 10 MB under 2 s, and linear growth
// (10x the input costs <= 12x the time, 1 MB vs 10 MB).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRunbook } from './generate-runbook.js';
import { notAvailable, ratioRow, type BenchRow } from './report.js';
import { median, nowMs } from './stats.js';
import { firstLine, loadParser, type Parse } from './load-src.js';

async function timeParse(parse: Parse, source: string, file: string): Promise<number> {
  const start = nowMs();
  const result = await Promise.resolve(parse(source, file));
  const ms = nowMs() - start;
  if (result === null || typeof result !== 'object' || !('steps' in result)) {
    throw new Error('parseRunbook(source, file) did not return a runbook with steps');
  }
  return ms;
}

export async function benchParse(tmp: string): Promise<BenchRow[]> {
  const absName = 'parse generated 10 MB (absolute)';
  const linName = 'parse 10 MB vs 1 MB (linear growth)';
  const parse = await loadParser();
  if (typeof parse === 'string') return [notAvailable(absName, '< 2000 ms', parse), notAvailable(linName, '<= 12x', parse)];

  const small = generateRunbook(1_000_000);
  const large = generateRunbook(10_000_000);
  const smallFile = join(tmp, 'generated-1mb.md');
  const largeFile = join(tmp, 'generated-10mb.md');
  writeFileSync(smallFile, small);
  writeFileSync(largeFile, large);
  try {
    await timeParse(parse, small, smallFile); // warm-up: JIT and lazy module state
    const smallRuns: number[] = [];
    for (let i = 0; i < 5; i++) smallRuns.push(await timeParse(parse, small, smallFile));
    const largeRuns: number[] = [];
    for (let i = 0; i < 3; i++) largeRuns.push(await timeParse(parse, large, largeFile));
    const t1 = median(smallRuns);
    const t10 = median(largeRuns);
    const abs: BenchRow = {
      name: absName,
      measured: t10,
      baseline: null,
      unit: 'ms',
      ratio: null,
      budget: '< 2000 ms',
      status: t10 < 2000 ? 'pass' : 'fail',
    };
    return [abs, ratioRow(linName, t10, t1, 12, 'ms')];
  } catch (err) {
    const why = `parseRunbook failed: ${firstLine(err)}`;
    return [notAvailable(absName, '< 2000 ms', why), notAvailable(linName, '<= 12x', why)];
  }
}
