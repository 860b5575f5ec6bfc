// `npm run bench`: the performance budgets of DESIGN.md section 7, each measured as a
// ratio against a baseline taken in the same run (absolute where the budget is absolute).
// Prints a table, then one JSON line {"bench": [...]}. Always exits 0: benchmarks report,
// they do not gate CI. Progress goes to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAudit } from './case-audit.js';
import { benchAzureFirstFrame, benchPanelFirstAnswer, benchPanelIdlePolling } from './case-azure.js';
import { benchLint } from './case-lint.js';
import { benchParse } from './case-parse.js';
import { benchFirstFrame, benchRunner } from './case-tui.js';
import { benchWaitCpu, benchWaitFrame } from './case-wait.js';
import { ROOT, snapshotBuild } from './paths.js';
import { formatTable, notAvailable, summaryLine, type BenchRow } from './report.js';
import { nowMs } from './stats.js';
import { HAS_TMUX, TmuxControl } from './tmux-control.js';

const tmp = mkdtempSync(join(tmpdir(), 'fd-bench-'));
const began = nowMs();
const rows: BenchRow[] = [];
// BENCH_ONLY=first-frame (or lint, parse, audit, runner...) runs only the cases whose
// label, lower-cased with dashes for spaces, contains it: one case repeated when noisy.
const only = process.env.BENCH_ONLY?.toLowerCase();
const selected = (label: string): boolean => !only || label.toLowerCase().replace(/[^a-z0-9]+/g, '-').includes(only);

async function step(label: string, run: () => Promise<BenchRow[]> | BenchRow[]): Promise<void> {
  if (!selected(label)) return;
  process.stderr.write(`bench: ${label}...\n`);
  const start = nowMs();
  try {
    rows.push(...(await run()));
  } catch (err) {
    rows.push(notAvailable(label, '-', `the benchmark itself failed: ${err instanceof Error ? err.message : String(err)}`));
  }
  process.stderr.write(`bench: ${label} took ${((nowMs() - start) / 1000).toFixed(1)} s\n`);
}

try {
  snapshotBuild(join(tmp, 'build'));
  const env: NodeJS.ProcessEnv = { ...process.env, FLIGHTDECK_HOME: join(tmp, 'home'), NO_COLOR: '1' };
  await step('lint start-up', () => benchLint(tmp, env));
  await step('parse', () => benchParse(tmp));
  await step('audit append', () => benchAudit(tmp));
  await step('monitored wait frame', () => benchWaitFrame());
  await step('revisions panel first answer', () => benchPanelFirstAnswer());
  await step('idle revisions panel polling', () => benchPanelIdlePolling());
  if (HAS_TMUX && (selected('TUI first frame') || selected('shell runner throughput') || selected('monitored wait CPU') || selected('Azure first frame'))) {
    const ctl = await TmuxControl.start({ cols: 100, rows: 30, cwd: ROOT, env: { ...process.env, CI: 'false', TERM: 'xterm-256color' } });
    try {
      await step('TUI first frame', () => benchFirstFrame(ctl, tmp));
      await step('Azure first frame', () => benchAzureFirstFrame(ctl, tmp));
      await step('shell runner throughput', () => benchRunner(ctl, tmp));
      await step('monitored wait CPU', () => benchWaitCpu(ctl, tmp));
    } finally {
      ctl.close();
    }
  } else if (!HAS_TMUX) {
    rows.push(notAvailable('first frame / runner (tmux)', '-', 'tmux is not installed'));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

process.stdout.write(`${formatTable(rows)}\n\n${summaryLine(rows)}; took ${((nowMs() - began) / 1000).toFixed(0)} s\n`);
process.stdout.write(`${JSON.stringify({ bench: rows })}\n`);
process.exitCode = 0;
