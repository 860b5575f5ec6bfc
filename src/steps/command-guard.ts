// What makes sure no command outlives flightdeck, for one ShellRunner:
// - each block's bash gets the parent-death signal (`setpriv --pdeathsig KILL`, util-linux,
//   when it is on PATH): if flightdeck dies, the shell dies with it;
// - each block runs in its own cgroup where one can be made (cgroup.ts), and its
//   processes are tracked by ancestry too (process-tracker.ts): the only way without a
//   cgroup, and a second one should the shell fail to join it;
// - the watchdog (shell-runner-watchdog.ts), told of the cgroups and tracked pids, ends everything once
//   flightdeck is gone, kill -9 included.
// Cancel, timeout and quit find the processes through the same cgroups and tracked pids
// (known()), besides the process group and the environment marker.
import { randomBytes } from 'node:crypto';
import { onPath } from './can-run.js';
import { CgroupSet, joinCgroupLine } from './cgroup.js';
import { AncestryTracker } from './process-tracker.js';
import { findProcesses, signalProcesses } from './shell-runner-procs.js';
import { processWatchdog, type Watchdog } from './shell-runner-watchdog.js';

/** Every marker value of this flightdeck process starts with this; the watchdog ends them all. */
const PROCESS_MARKER = `${process.pid.toString(36)}${randomBytes(4).toString('hex')}-`;
let runners = 0;

export interface GuardOptions {
  /** Give each block a cgroup where one can be made (default true; false leaves ancestry tracking). */
  cgroup?: boolean;
}

/** Where one block runs: its cgroup (if any) and the shell text that joins it. */
export interface BlockPlace {
  cgroup?: string;
  prelude?: string;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class CommandGuard {
  /** This runner's marker prefix; each block's marker is `<prefix><seq>:<tag>`. */
  readonly prefix = `${PROCESS_MARKER}${++runners}.`;
  private cgroups: CgroupSet | undefined | null = null;
  private readonly tracker: AncestryTracker;

  constructor(private readonly opts: GuardOptions = {}) {
    this.tracker = new AncestryTracker((pid, start) => this.watchdog?.track(pid, start));
  }

  /** Started with the first block, so a rehearsal or a run that never runs one starts none. */
  private get watchdog(): Watchdog | undefined {
    return processWatchdog(PROCESS_MARKER);
  }

  /** The cgroup for a block about to start (the watchdog is up before it). */
  place(blockId: string): BlockPlace {
    const watchdog = this.watchdog;
    if (this.opts.cgroup === false) return {};
    if (this.cgroups === null) {
      this.cgroups = CgroupSet.create(`flightdeck-${this.prefix.replace(/[^A-Za-z0-9-]/g, '')}`);
      if (this.cgroups) watchdog?.cgroup(this.cgroups.dir);
    }
    const cgroup = this.cgroups?.block(blockId);
    return cgroup ? { cgroup, prelude: joinCgroupLine(cgroup) } : {};
  }

  /** The program and arguments to spawn: bash under `setpriv --pdeathsig KILL` when there is one. */
  launch(args: readonly string[], path: string | undefined): { file: string; args: string[] } {
    const setpriv = onPath('setpriv', path) ?? onPath('setpriv');
    return setpriv ? { file: setpriv, args: ['--pdeathsig', 'KILL', '--', 'bash', ...args] } : { file: 'bash', args: [...args] };
  }

  /** A block's shell started: its descendants are tracked from now on. */
  started(pid: number, marker: string): void {
    if (pid > 0) this.tracker.add(pid, marker);
  }

  /** Pids known to be a block's (`markerPrefix` one block's, or this runner's): cgroup members and tracked ones. */
  known(markerPrefix: string, place?: BlockPlace): number[] {
    const inCgroup = place ? (place.cgroup ? (this.cgroups?.pids(place.cgroup) ?? []) : []) : (this.cgroups?.pids() ?? []);
    return [...inCgroup, ...this.tracker.pids(markerPrefix)];
  }

  /** SIGKILL by the kernel to a block's cgroup, or to all of this runner's. */
  killCgroups(place?: BlockPlace): void {
    if (place && !place.cgroup) return;
    this.cgroups?.kill(place?.cgroup);
  }

  /** Every live process of this runner's blocks, running or left in the background. */
  all(): number[] {
    return findProcesses({ markerPrefix: this.prefix, known: this.known(this.prefix) });
  }

  /** Ends every process of this runner's blocks: SIGTERM then SIGKILL, `graceMs` apart. */
  async endAll(graceMs: number): Promise<void> {
    for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
      const pids = this.all();
      if (pids.length === 0) break;
      if (sig === 'SIGKILL') this.killCgroups();
      signalProcesses(undefined, pids, sig);
      if (await waitUntil(() => this.all().length === 0, graceMs, 50)) break;
    }
    this.cgroups?.removeEmpty();
  }

  /** For process 'exit' handlers: SIGKILL to everything, synchronously. */
  endAllNow(): void {
    this.killCgroups();
    signalProcesses(undefined, this.all(), 'SIGKILL');
  }
}

/** Polls `test` every `step` ms for up to `ms`; whether it came true. */
export async function waitUntil(test: () => boolean, ms: number, step = 25): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test()) return true;
    await delay(step);
  }
  return test();
}
