// Benchmarks of the TUI in a real terminal: first frame, and a step printing millions
// of lines (time vs the same output printed raw into the same pane, and peak RSS).
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AGENT_STUDIO, bin, HAS_SHARED } from './paths.js';
import { generateRunbook } from './generate-runbook.js';
import { parseWithProject } from './load-src.js';
import { notAvailable, ratioRow, type BenchRow } from './report.js';
import { median, nowMs, sleep } from './stats.js';
import { shQuote, type TmuxControl } from './tmux-control.js';

const MARK = '__FD_BENCH_DONE__';
const FIRST_FRAME_TRIALS = 7;
const THROUGHPUT_TRIALS = 3;
const IDLE_SECONDS = 10;

/**
 * The shell command for the pane. The shell stays as the pane's process so that the
 * pane (and an error message printed just before exit) outlives flightdeck.
 */
export function flightdeck(args: string[]): string {
  return `${[process.execPath, bin(), ...args].map(shQuote).join(' ')}; exec sleep 900`;
}

/** A few words of `text` as the screen would show them (markdown marks dropped). */
function screenPrefix(text: string, length: number): string {
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().slice(0, length).trim();
}

/** Non-empty screen lines, for notes when something never showed up. */
function excerpt(screen: string): string {
  return screen
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 3)
    .join(' | ')
    .slice(0, 160);
}

export function errorLine(screen: string): string | undefined {
  return screen.split('\n').find((l) => /^flightdeck: /.test(l) || /^(Error|TypeError|ReferenceError)\b/.test(l));
}

/**
 * The first frame's baseline: `node -e "console.log(...)"` until its line shows in the same
 * pane, so both go through the same terminal path (a node start, a write, tmux drawing it).
 */
async function nodeLineInPane(ctl: TmuxControl): Promise<number | undefined> {
  const start = nowMs();
  await ctl.respawn(`${shQuote(process.execPath)} -e ${shQuote(`console.log('${MARK}')`)}; exec sleep 900`);
  return (await ctl.pollUntil((s) => new RegExp(`^${MARK}$`, 'm').test(s), start, { intervalMs: 5, timeoutMs: 10_000 })).ms;
}

export async function benchFirstFrame(ctl: TmuxControl, tmp: string): Promise<BenchRow[]> {
  let file = AGENT_STUDIO;
  let fileNote = '';
  if (!HAS_SHARED) {
    file = join(tmp, 'generated-50k-tui.md');
    writeFileSync(file, generateRunbook(50_000));
    fileNote = '../shared is absent: a generated 50 KB runbook; ';
  }
  const name = `first frame: rehearse ${basename(file)} vs node -e "console.log('…')" (tmux)`;
  const parsed = await parseWithProject(readFileSync(file, 'utf8'), file);
  if (!parsed) return [notAvailable(name, '<= 3x', 'needs parseRunbook to know the title and first step')];
  const title = screenPrefix(parsed.title, 24);
  const step = screenPrefix(parsed.steps[0]?.title ?? '', 20);
  const visible = (s: string) => s.includes(title) && (step === '' || s.includes(step));

  const tui = async (): Promise<{ ms: number | undefined; screen: string }> => {
    const start = nowMs();
    await ctl.respawn(flightdeck(['rehearse', file]), { FLIGHTDECK_HOME: mkdtempSync(join(tmp, 'home-')) });
    return ctl.pollUntil((s) => visible(s) || errorLine(s) !== undefined, start, { intervalMs: 5, timeoutMs: 10_000 });
  };

  const probe = await tui();
  if (probe.ms === undefined || !visible(probe.screen)) {
    const err = errorLine(probe.screen);
    return [notAvailable(name, '<= 3x', err ? `rehearse: ${err.trim()}` : `"${title}" and "${step}" not visible in 10 s; screen: ${excerpt(probe.screen)}`)];
  }
  const tuiRuns: number[] = [];
  const baseRuns: number[] = [];
  for (let i = 0; i < FIRST_FRAME_TRIALS; i++) {
    const t = await tui();
    if (t.ms !== undefined) tuiRuns.push(t.ms);
    const b = await nodeLineInPane(ctl);
    if (b !== undefined) baseRuns.push(b);
  }
  await ctl.respawn('exec sleep 900');
  if (tuiRuns.length === 0 || baseRuns.length === 0) return [notAvailable(name, '<= 3x', 'trials timed out')];
  return [ratioRow(name, median(tuiRuns), median(baseRuns), 3, 'ms', `${fileNote}polled every 5 ms for "${title}" and "${step}"`)];
}

/** A one-step runbook running `code`. */
function stepRunbook(tmp: string, name: string, title: string, code: string): string {
  const file = join(tmp, `${name}.md`);
  writeFileSync(file, `# Output throughput bench\n\n## Print\n\n### Step 1: ${title}\n\n\`\`\`bash {timeout=600s}\n${code}\n\`\`\`\n`);
  return file;
}

function seqRunbook(tmp: string, lines: number): string {
  return stepRunbook(tmp, `seq-${lines}`, `Print ${lines} lines`, `seq 1 ${lines}`);
}

function auditLines(home: string): string[] {
  const sessions = join(home, 'sessions');
  if (!existsSync(sessions)) return [];
  return readdirSync(sessions).flatMap((id) => {
    const audit = join(sessions, id, 'audit.jsonl');
    return existsSync(audit) ? readFileSync(audit, 'utf8').split('\n') : [];
  });
}

function auditHasExit(home: string): boolean {
  return auditLines(home).some((l) => l.includes('"type":"cmd.exit"'));
}

/** The line count of the output event the runner logged, if any. */
function loggedOutputLines(home: string): number | undefined {
  for (const line of auditLines(home)) {
    if (!line.includes('"type":"output"')) continue;
    const event: unknown = JSON.parse(line);
    const data = event !== null && typeof event === 'object' ? (event as { data?: { lines?: unknown } }).data : undefined;
    if (typeof data?.lines === 'number') return data.lines;
  }
  return undefined;
}

function peakRssMiB(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface TuiRun {
  ms?: number;
  rssMiB?: number;
  problem?: string;
}

/** Opens `run` on a one-step seq runbook, presses Enter, waits for cmd.exit in the audit log. */
function seqInTui(ctl: TmuxControl, tmp: string, lines: number, timeoutMs: number): Promise<TuiRun> {
  return stepInTui(ctl, tmp, seqRunbook(tmp, lines), lines, timeoutMs);
}

/** The same for any one-step runbook whose command prints `lines` lines. */
async function stepInTui(ctl: TmuxControl, tmp: string, file: string, lines: number, timeoutMs: number): Promise<TuiRun> {
  const home = mkdtempSync(join(tmp, 'home-'));
  await ctl.respawn(flightdeck(['run', file]), { FLIGHTDECK_HOME: home });
  const opened = await ctl.pollUntil((s) => s.includes('Output throughput bench') || errorLine(s) !== undefined, nowMs(), {
    intervalMs: 10,
    timeoutMs: 10_000,
  });
  const err = errorLine(opened.screen);
  if (opened.ms === undefined || err) return { problem: err ? `run: ${err.trim()}` : `the TUI did not open; screen: ${excerpt(opened.screen)}` };
  const pid = (await ctl.paneChildren())[0];
  await sleep(200); // let the first frame settle and input handling start
  const start = nowMs();
  await ctl.sendKeys('Enter');
  // The live pane may close when the command ends, so "done" is the runner's cmd.exit
  // event: every line has been read, spooled and hashed by then.
  const done = await ctl.pollUntil(() => auditHasExit(home), start, { intervalMs: 10, timeoutMs });
  const rssMiB = pid === undefined ? undefined : peakRssMiB(pid);
  await ctl.respawn('exec sleep 900');
  if (done.ms === undefined) {
    return { problem: `no cmd.exit in the audit log within ${timeoutMs / 1000} s of Enter; screen: ${excerpt(done.screen)}` };
  }
  const logged = loggedOutputLines(home);
  if (logged !== lines) return { problem: `the output event logged ${logged ?? 'no'} lines, not ${lines}` };
  return { ms: done.ms, ...(rssMiB === undefined ? {} : { rssMiB }) };
}

async function seqRaw(ctl: TmuxControl, lines: number): Promise<number | undefined> {
  const start = nowMs();
  await ctl.respawn(`seq 1 ${lines}; echo ${MARK}; exec sleep 900`);
  const r = await ctl.pollUntil((s) => new RegExp(`^${MARK}$`, 'm').test(s), start, { intervalMs: 10, timeoutMs: 120_000 });
  return r.ms;
}

export async function benchRunner(ctl: TmuxControl, tmp: string): Promise<BenchRow[]> {
  const tName = 'runner: seq 1 2000000 in the TUI vs raw in the pane';
  const rName = 'runner: peak RSS, 20M lines vs 20k lines';
  const aName = 'runner: peak RSS at 20M lines (absolute)';
  const probe = await seqInTui(ctl, tmp, 20_000, 30_000);
  if (probe.problem) {
    return [notAvailable(tName, '<= 1.0x', probe.problem), notAvailable(rName, '<= 1.2x', probe.problem, 'MiB'), notAvailable(aName, '<= 150 MiB', probe.problem, 'MiB')];
  }

  const tuiRuns: number[] = [];
  const rawRuns: number[] = [];
  const midRss: number[] = [];
  let problem: string | undefined;
  for (let i = 0; i < THROUGHPUT_TRIALS && !problem; i++) {
    const raw = await seqRaw(ctl, 2_000_000);
    if (raw !== undefined) rawRuns.push(raw);
    const t = await seqInTui(ctl, tmp, 2_000_000, 60_000);
    if (t.ms !== undefined) tuiRuns.push(t.ms);
    if (t.rssMiB !== undefined) midRss.push(t.rssMiB);
    problem = t.problem;
  }
  const rows: BenchRow[] = [];
  if (tuiRuns.length > 0 && rawRuns.length > 0) {
    rows.push(ratioRow(tName, median(tuiRuns), median(rawRuns), 1.0, 'ms', 'TUI: from Enter until cmd.exit is in the audit log; raw: until a marker after seq shows'));
  } else {
    rows.push(notAvailable(tName, '<= 1.0x', problem ?? 'trials timed out'));
  }

  const small = await seqInTui(ctl, tmp, 20_000, 30_000);
  const big = await seqInTui(ctl, tmp, 20_000_000, 100_000);
  // The TUI with nothing printed for a while (the spinner and timer still draw): what the
  // 20k run would reach had it lasted as long.
  const idle = await stepInTui(ctl, tmp, stepRunbook(tmp, 'sleep', 'Wait', `sleep ${IDLE_SECONDS}`), 0, 30_000);
  if (small.rssMiB !== undefined && big.rssMiB !== undefined && !big.problem) {
    const mid = midRss.length > 0 ? `, ${median(midRss).toFixed(0)} MiB at 2M lines` : '';
    rows.push(ratioRow(rName, big.rssMiB, small.rssMiB, 1.2, 'MiB', `VmHWM of the flightdeck process${mid}`));
    rows.push({ name: aName, measured: big.rssMiB, baseline: null, unit: 'MiB', ratio: null, budget: '<= 150 MiB', status: big.rssMiB <= 150 ? 'pass' : 'fail' });
  } else {
    const why = big.problem ?? small.problem ?? 'peak RSS not readable from /proc';
    rows.push(notAvailable(rName, '<= 1.2x', why, 'MiB'), notAvailable(aName, '<= 150 MiB', why, 'MiB'));
  }
  const iName = `runner: peak RSS, a step sleeping ${IDLE_SECONDS} s (idle TUI)`;
  if (idle.rssMiB !== undefined) {
    const vs = small.rssMiB !== undefined ? `, ${(idle.rssMiB / small.rssMiB).toFixed(2)}x the 20k-line run` : '';
    rows.push({ name: iName, measured: idle.rssMiB, baseline: null, unit: 'MiB', ratio: null, budget: '-', status: 'info', note: `VmHWM of the flightdeck process${vs}` });
  } else {
    rows.push(notAvailable(iName, '-', idle.problem ?? 'peak RSS not readable from /proc', 'MiB'));
  }
  return rows;
}
