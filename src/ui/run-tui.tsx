// Mounts the walkthrough screen on the terminal and turns the way it ended into an exit code.
import { writeFileSync } from 'node:fs';
import { render } from 'ink';
import { ExitCode, UserError } from '../errors.js';
import type { SessionMode } from '../session/audit-event.js';
import { suspendOnSignals } from '../session/process-signals.js';
import { runPager } from '../steps/shell-runner-pager.js';
import type { SessionEngine } from '../session/types.js';
import { App, type TuiExit } from './app.js';
import { DrawnFrame } from './drawn-frame.js';

export interface RunTuiOptions {
  mode: SessionMode;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** The exit code for how the TUI ended (DESIGN.md section 1). */
export function exitCodeFor(result: TuiExit, failedSteps: number): number {
  if (result.kind === 'suspended') return result.error ? ExitCode.failed : ExitCode.ok;
  switch (result.status) {
    case 'completed':
      return failedSteps > 0 ? ExitCode.failed : ExitCode.ok;
    // rolled back: the change did not go through, and a pipeline must not take it for a success
    case 'aborted':
    case 'rolled-back':
      return ExitCode.failed;
    case 'interrupted':
      return ExitCode.interrupted;
    case 'active':
      return ExitCode.ok;
    default: {
      const never: never = result.status;
      return never;
    }
  }
}

/** One line for after the screen is gone: how the session ended and what to do next. */
export function farewell(result: TuiExit, engine: SessionEngine, opts: { mode: SessionMode }): string {
  const { state, runbook } = engine.snapshot();
  const rehearsal = opts.mode === 'rehearsal' ? ' (rehearsal)' : '';
  if (result.kind === 'suspended') {
    const err = result.error ? `could not save cleanly: ${result.error}; ` : '';
    return `flightdeck: ${err}session ${state.id}${rehearsal} paused; resume with: flightdeck resume ${state.id}`;
  }
  const counts = new Map<string, number>();
  for (const s of runbook.steps) {
    const st = state.steps[s.id]?.status ?? 'pending';
    counts.set(st, (counts.get(st) ?? 0) + 1);
  }
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  if (result.status === 'interrupted') {
    return `flightdeck: session ${state.id}${rehearsal} interrupted (${summary}); resume with: flightdeck resume ${state.id}`;
  }
  const ended = result.status === 'rolled-back' ? 'rolled back' : result.status;
  return `flightdeck: session ${state.id}${rehearsal} ${ended} (${summary}); export with: flightdeck export ${state.id}`;
}

/**
 * The build's warm-up (scripts/warm-up.mjs) sets FLIGHTDECK_FIRST_FRAME_FILE to learn when
 * the first frame is on the terminal without reading the screen: the file is created then.
 */
function reportFirstFrame(file: string): void {
  try {
    writeFileSync(file, '');
  } catch {
    // only a warm-up listens; the walkthrough goes on either way
  }
}

export async function runTui(engine: SessionEngine, opts: { mode: SessionMode } & Partial<RunTuiOptions>): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    throw new UserError('the guided walkthrough needs a terminal to read keys from', 'run it in a terminal, or add --non-interactive');
  }
  // The alternate screen keeps the operator's scrollback intact and leaves no half frames behind.
  const alt = stdout.isTTY === true && process.env.CI !== 'true';
  const leaveAlt = (): void => {
    if (alt) stdout.write('\x1b[?1049l');
  };
  if (alt) {
    stdout.write('\x1b[?1049h');
    process.once('exit', leaveAlt);
  }
  // Raw from the start: a key typed while the first frame is drawn, before Ink listens,
  // waits in the terminal as typed (Enter as CR, ^C as a key), not as a cooked line.
  stdin.setRawMode(true);
  let result: TuiExit = { kind: 'suspended' };
  let resolveExit: () => void = () => undefined;
  const exited = new Promise<void>((r) => {
    resolveExit = r;
  });
  // `o`: the pager gets the terminal (cooked, a clear screen, the cursor shown) and nothing else
  // reads it meanwhile (runPager waits synchronously); then the screen is drawn anew: the
  // alternate screen again (a pager leaving its own leaves it), cleared, and a new frame.
  // Ctrl-C in the pager is the pager's; the terminal sends flightdeck the same SIGINT.
  const pager = (files: string[]): string | undefined => {
    stdout.write('\x1b[2J\x1b[H\x1b[?25h');
    stdin.setRawMode(false);
    const release = signals.holdInterrupts();
    try {
      const r = runPager(files);
      return r.ok ? undefined : r.error;
    } finally {
      release();
      stdin.setRawMode(true);
      stdout.write(`${alt ? '\x1b[?1049h' : ''}\x1b[2J\x1b[H\x1b[?25l`);
    }
  };
  const frame = new DrawnFrame({ finishSettleMs: 300 });
  const firstFrameFile = process.env.FLIGHTDECK_FIRST_FRAME_FILE;
  let reported = false;
  const onRender = (): void => {
    frame.drawn();
    if (firstFrameFile === undefined || reported) return;
    reported = true;
    reportFirstFrame(firstFrameFile);
  };
  const instance = render(
    <App
      engine={engine}
      frame={frame}
      pager={pager}
      onExit={(r) => {
        result = r;
        resolveExit();
      }}
    />,
    {
      stdout,
      stdin,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 30,
      onRender,
    },
  );
  // SIGTERM, SIGHUP (the terminal went away) or SIGINT: the screen goes first, then the session is suspended (exit 130)
  const signals = suspendOnSignals(engine, {
    beforeStop: () => {
      instance.unmount();
      leaveAlt();
    },
  });
  try {
    await Promise.race([exited, instance.waitUntilExit()]);
    if (signals.received()) await signals.stopped;
  } finally {
    signals.dispose();
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    stdin.setRawMode(false);
    leaveAlt();
    process.removeListener('exit', leaveAlt);
  }
  const failed = Object.values(engine.snapshot().state.steps).filter((s) => s.status === 'failed').length;
  stdout.write(farewell(result, engine, opts) + '\n');
  return exitCodeFor(result, failed);
}
