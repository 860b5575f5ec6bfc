// `lint --json` start-to-exit vs `node -e ''`, both as fresh processes.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AGENT_STUDIO, bin, DEMO, HAS_SHARED, ROOT } from './paths.js';
import { generateRunbook } from './generate-runbook.js';
import { notAvailable, ratioRow, type BenchRow } from './report.js';
import { timePair, timeRun } from './stats.js';

const RUNS = 11;

function nodeEmpty(): number {
  return timeRun(process.execPath, ['-e', ''], { stdio: 'ignore' }).ms;
}

/** Why `lint --json` cannot be measured on this file yet, or undefined when it works. */
function lintProblem(file: string, env: NodeJS.ProcessEnv): string | undefined {
  const r = timeRun(process.execPath, [bin(), 'lint', file, '--json'], { cwd: ROOT, env });
  try {
    const json: unknown = JSON.parse(r.stdout);
    if (json !== null && typeof json === 'object' && 'steps' in json) return undefined;
  } catch {
    // not JSON: fall through
  }
  const said = (r.stderr.split('\n')[0] ?? '').trim();
  return `lint --json gave no JSON summary (exit ${r.status}${said ? `: ${said}` : ''})`;
}

function lintRow(name: string, file: string, env: NodeJS.ProcessEnv, note?: string): BenchRow {
  const problem = lintProblem(file, env);
  if (problem) return notAvailable(name, '<= 2x', problem);
  const lint = () =>
    timeRun(process.execPath, [bin(), 'lint', file, '--json'], { cwd: ROOT, env, stdio: 'ignore' }).ms;
  const t = timePair(lint, nodeEmpty, RUNS);
  return ratioRow(name, t.a, t.b, 2, 'ms', note);
}

export function benchLint(tmp: string, env: NodeJS.ProcessEnv): BenchRow[] {
  const rows: BenchRow[] = [];

  // Stand-in for start-up cost: commander + the main bundle, no runbook work.
  const help = () => timeRun(process.execPath, [bin(), '--help'], { cwd: ROOT, env, stdio: 'ignore' }).ms;
  const h = timePair(help, nodeEmpty, RUNS);
  rows.push({ ...ratioRow("start-up: --help vs node -e ''", h.a, h.b, 2, 'ms'), budget: '(info)', status: 'info' });

  if (HAS_SHARED) {
    rows.push(lintRow(`lint --json ${basename(AGENT_STUDIO)} vs node -e ''`, AGENT_STUDIO, env));
  } else {
    rows.push(notAvailable(`lint --json agent-studio-production.md vs node -e ''`, '<= 2x', '../shared/runbooks is absent; see the demo.md and generated 50 KB rows'));
  }
  rows.push(lintRow(`lint --json runbooks/demo.md vs node -e ''`, DEMO, env));
  const gen = join(tmp, 'generated-50k.md');
  writeFileSync(gen, generateRunbook(50_000));
  rows.push(lintRow(`lint --json generated 50 KB vs node -e ''`, gen, env));
  return rows;
}
