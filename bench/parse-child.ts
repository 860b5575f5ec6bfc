// Child process of the parse benchmark: parses one file `runs` times (after one warm-up
// parse) and prints each time in ms, one per line. A child, so that a parser that is far
// too slow can be killed at the time limit instead of stalling the whole bench.
import { readFileSync } from 'node:fs';
import { loadParser } from './load-src.js';
import { nowMs } from './stats.js';

const [file, runsArg, warmArg] = process.argv.slice(2);
if (!file || !runsArg) throw new Error('usage: parse-child.ts <file> <runs> [warm-up 0|1]');
const parse = await loadParser();
if (typeof parse === 'string') throw new Error(parse);
const source = readFileSync(file, 'utf8');
for (let i = warmArg === '0' ? 1 : 0; i <= Number(runsArg); i++) {
  const start = nowMs();
  const result = parse(source, file);
  const ms = nowMs() - start;
  if (result === null || typeof result !== 'object' || !('steps' in result)) {
    throw new Error('parseRunbook(source, file) did not return a runbook with steps');
  }
  if (i > 0) process.stdout.write(`${ms}\n`);
}
