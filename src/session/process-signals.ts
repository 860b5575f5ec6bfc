// What flightdeck does when it is told to stop: SIGTERM (a CI cancel, systemd, kill),
// SIGHUP (its terminal went away: tmux kill-session, a dropped ssh) or SIGINT (kill -INT,
// Ctrl-C in a headless run; in the TUI Ctrl-C is a key, not a signal). The running command
// is ended (SIGINT, SIGTERM, SIGKILL to all its processes, a second apart), the audit log
// says why and records the suspend, the lock is released, and flightdeck exits with 130
// (interrupted). A terminal that went away shows first as a failed write (EIO) or read,
// often before the SIGHUP: that is a hang-up too. After a hang-up flightdeck ends by
// SIGHUP itself (status 129 in a shell), as a program killed by it would: exiting normally
// would have Node restore the settings of a terminal that is gone, which aborts it. Signals
// that come while this happens are ignored; if flightdeck is killed outright instead, the
// watchdog (src/steps/shell-runner-watchdog.ts) ends the command.
import { ExitCode, messageOf } from '../errors.js';
import { endAllCommands } from '../steps/shell-runner.js';
import type { SessionEngine } from './types.js';

export const STOP_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/** Grace between SIGINT, SIGTERM and SIGKILL when flightdeck itself is being stopped. */
const STOP_GRACE_MS = 1000;

export interface SignalOptions {
  /** Runs first: the TUI unmounts and leaves the alternate screen (the terminal may be gone). */
  beforeStop?: () => void;
  /** The closing line (default: stderr). */
  write?: (line: string) => void;
  /** How to leave (default: process.exit, or SIGHUP raised again after a hang-up). */
  exit?: (code: number, signal: NodeJS.Signals) => void;
}

export interface SignalGuard {
  /** The signal that is stopping flightdeck, once one came. */
  received(): NodeJS.Signals | undefined;
  /** Resolves when the session is suspended and flightdeck is about to exit. */
  readonly stopped: Promise<void>;
  /** Stops listening (the session ended normally); once a signal came, further ones stay ignored. */
  dispose(): void;
  /**
   * While another program has the terminal in the foreground (the pager), Ctrl-C there is
   * that program's: the SIGINT the terminal also sends flightdeck is not a stop. Returns the
   * release; a SIGINT delivered just after it (queued while the event loop was blocked) is
   * still the other program's.
   */
  holdInterrupts(): () => void;
}

/** How long after a hold ends a SIGINT is still taken for the held program's (it is queued until the event loop runs again). */
const HELD_INTERRUPT_TAIL_MS = 500;

type Stoppable = Pick<SessionEngine, 'snapshot' | 'note' | 'suspend'>;

/** A stop signal that came while a session was being opened, before suspendOnSignals listened. */
let held: NodeJS.Signals | undefined;
const hold = (sig: NodeJS.Signals): void => {
  held ??= sig;
};

/**
 * From before a session is opened (its lock taken, its log read) until suspendOnSignals
 * listens: a stop signal is held instead of ending flightdeck there and then (which left the
 * lock and no suspend in the log); suspendOnSignals then stops the session it was given.
 */
export function holdStopSignals(): void {
  for (const sig of STOP_SIGNALS) if (!process.listeners(sig).includes(hold)) process.on(sig, hold);
}

function takeHeldSignal(): NodeJS.Signals | undefined {
  for (const sig of STOP_SIGNALS) process.removeListener(sig, hold);
  const sig = held;
  held = undefined;
  return sig;
}

export function suspendOnSignals(engine: Stoppable, opts: SignalOptions = {}): SignalGuard {
  let got: NodeJS.Signals | undefined;
  let markStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    markStopped = resolve;
  });
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const exit =
    opts.exit ??
    ((code: number, sig: NodeJS.Signals) => {
      if (sig !== 'SIGHUP') process.exit(code);
      for (const s of STOP_SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, 'SIGHUP');
    });

  const stop = async (sig: NodeJS.Signals): Promise<void> => {
    const { state, closed } = engine.snapshot();
    let problem: string | undefined;
    try {
      opts.beforeStop?.();
      const ending = endAllCommands(STOP_GRACE_MS);
      if (!closed) await engine.note(`flightdeck got ${sig}: the running command is ended and the session suspended`);
      await engine.suspend();
      await ending;
    } catch (err) {
      problem = messageOf(err);
    }
    const how = closed ? `session ${state.id} was already ${closed}` : `session ${state.id} suspended; resume with: flightdeck resume ${state.id}`;
    try {
      write(`flightdeck: got ${sig}${problem ? ` (could not save cleanly: ${problem})` : ''}; ${how}`);
    } finally {
      markStopped();
      exit(ExitCode.interrupted, sig);
    }
  };

  let holding = 0;
  let heldUntil = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (got) return;
    if (sig === 'SIGINT' && (holding > 0 || Date.now() < heldUntil)) return;
    got = sig;
    void stop(sig);
  };
  // A terminal that went away fails writes and reads with EIO (a closed pipe: EPIPE); unheard, that would end flightdeck half-way.
  const onStreamError = (): void => onSignal('SIGHUP');
  const streams = [process.stdin, process.stdout, process.stderr];
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  for (const stream of streams) stream.on('error', onStreamError);
  const early = takeHeldSignal();
  if (early) onSignal(early);
  return {
    received: () => got,
    holdInterrupts: () => {
      holding++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holding--;
        heldUntil = Date.now() + HELD_INTERRUPT_TAIL_MS;
      };
    },
    stopped,
    dispose: () => {
      if (got) return;
      for (const sig of STOP_SIGNALS) process.removeListener(sig, onSignal);
      for (const stream of streams) stream.removeListener('error', onStreamError);
    },
  };
}
