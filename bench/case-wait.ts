// Monitored waits (issue 13): the CPU a wait with three sparklines sampled every second
// costs the TUI (in a real terminal, over a compressed wait of a rehearsal with --simulate),
// and the frame time of the wait pane with a 10,000-sample series against 100 samples.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { bin } from './paths.js';
import { notAvailable, ratioRow, type BenchRow } from './report.js';
import { median, nowMs, sleep } from './stats.js';
import { shQuote, type TmuxControl } from './tmux-control.js';
import { WaitPane } from '../src/ui/components/wait-pane.js';
import type { LiveWait } from '../src/session/types.js';

const CPU_BUDGET = 5;

/** A 20-minute wait, compressed to 20 s (a minute a second): with every=1m, one sample of each metric a real second. */
const RUNBOOK = `# Monitored wait bench

### Step 1: Watch the canary

<!-- flightdeck: wait 20m abort-if="error rate > 50%, p95 latency > 60000ms" watch="error rate,p95 latency,availability" every=1m -->
`;

function cpuTicks(pid: number): number | undefined {
  try {
    // fields after the command name (which may hold spaces): utime is the 12th, stime the 13th
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function clockTicks(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout.trim()) || 100;
}

function waitEnded(home: string): boolean {
  const sessions = join(home, 'sessions');
  if (!existsSync(sessions)) return false;
  return readdirSync(sessions).some((id) => {
    const audit = join(sessions, id, 'audit.jsonl');
    return existsSync(audit) && readFileSync(audit, 'utf8').includes('"kind":"end"');
  });
}

export async function benchWaitCpu(ctl: TmuxControl, tmp: string): Promise<BenchRow[]> {
  const name = 'monitored wait: CPU of the TUI, 3 sparklines sampled every second (compressed 20 min wait)';
  const file = join(tmp, 'wait-bench.md');
  writeFileSync(file, RUNBOOK);
  const home = mkdtempSync(join(tmp, 'home-'));
  await ctl.respawn(`${[process.execPath, bin(), 'rehearse', '--simulate', file].map(shQuote).join(' ')}; exec sleep 900`, { FLIGHTDECK_HOME: home, FLIGHTDECK_SIMULATE: 'healthy' });
  const opened = await ctl.pollUntil((s) => s.includes('Monitored wait bench'), nowMs(), { intervalMs: 20, timeoutMs: 10_000 });
  const pid = (await ctl.paneChildren())[0];
  if (opened.ms === undefined || pid === undefined) return [notAvailable(name, `<= ${CPU_BUDGET}%`, 'the TUI did not open', '%')];
  await sleep(500);
  await ctl.sendKeys('Enter');
  const shown = await ctl.pollUntil((s) => s.includes('⏱'), nowMs(), { intervalMs: 50, timeoutMs: 10_000 });
  if (shown.ms === undefined) return [notAvailable(name, `<= ${CPU_BUDGET}%`, 'the wait pane never showed', '%')];
  // measured from the pane showing to the wait's end in the log; polled rarely so the poll costs nothing there
  const t0 = nowMs();
  const c0 = cpuTicks(pid);
  while (!waitEnded(home) && nowMs() - t0 < 60_000) await sleep(500);
  const c1 = cpuTicks(pid);
  const seconds = (nowMs() - t0) / 1000;
  await ctl.respawn('exec sleep 900');
  if (c0 === undefined || c1 === undefined) return [notAvailable(name, `<= ${CPU_BUDGET}%`, 'CPU time not readable from /proc', '%')];
  const pct = ((c1 - c0) / clockTicks() / seconds) * 100;
  return [{ name, measured: pct, baseline: null, unit: '%', ratio: null, budget: `<= ${CPU_BUDGET}%`, status: pct <= CPU_BUDGET ? 'pass' : 'fail', note: `utime+stime of the flightdeck process over ${seconds.toFixed(1)} s of wait` }];
}

function liveWait(samples: number): LiveWait {
  const values = Array.from({ length: samples }, (_, i) => 0.2 + ((i * 7919) % 100) / 250);
  const series = ['error rate', 'p95 latency', 'availability'].map((metric) => ({
    metric,
    values,
    count: values.length,
    thresholds: [{ metric, comparator: '>' as const, value: 1 }],
    modes: ['abort-if' as const],
  }));
  return { stepId: 's', waitId: 'w', text: 'Monitor for 10 minutes', seconds: 600, servedSeconds: 300, resumedFrom: 0, speed: 60, simulated: true, criteria: ['error rate > 1% (annotation)'], series };
}

/** Median time to draw the pane once more after its series grew by a sample. */
function frameMs(samples: number, frames: number): number {
  const base = liveWait(samples);
  const inst = render(createElement(WaitPane, { wait: base, width: 100, height: 8 }));
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    const wait = { ...base, servedSeconds: 300 + i, series: base.series.map((s) => ({ ...s, count: s.count - (i % 2) })) };
    const t = nowMs();
    inst.rerender(createElement(WaitPane, { wait, width: 100, height: 8 }));
    inst.lastFrame();
    times.push(nowMs() - t);
  }
  inst.unmount();
  return median(times);
}

export function benchWaitFrame(): BenchRow[] {
  frameMs(100, 50);
  frameMs(10_000, 50);
  // alternated rounds, so load from other work on the machine lands on both sides
  const small: number[] = [];
  const big: number[] = [];
  for (let round = 0; round < 5; round++) {
    small.push(frameMs(100, 100));
    big.push(frameMs(10_000, 100));
  }
  return [ratioRow('monitored wait: pane frame time, 10,000 samples vs 100 (3 sparklines)', median(big), median(small), 1.5, 'ms', 'median of 5 alternated rounds of 100 redraws each, ink-testing-library')];
}
