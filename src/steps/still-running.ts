// A block an earlier flightdeck started that is still running (its watchdog was killed
// too). Each block's environment marker and cgroup name end with a tag of its output file,
// which the session's log names, so a resumed session can find the block's processes (by
// the marker in /proc, and in the dead flightdeck's cgroup those that cleared their
// environment), name the pid, and end it or wait for it.
import { createHash } from 'node:crypto';
import { CgroupSet } from './cgroup.js';
import { waitUntil } from './command-guard.js';
import { findProcesses, readStat, signalProcesses } from './shell-runner-procs.js';

export interface StillRunning {
  /** The oldest of its processes (its shell, or what is left of it). */
  pid: number;
  /** All of them. */
  pids: number[];
}

/** The tag of a block's output file, the end of its marker (`<…>:<tag>`). */
export function outputTag(spoolPath: string): string {
  return createHash('sha256').update(spoolPath).digest('hex').slice(0, 16);
}

function find(spoolPath: string): number[] {
  const tag = outputTag(spoolPath);
  return findProcesses({ markerSuffix: `:${tag}`, known: CgroupSet.pidsOf(CgroupSet.blocksTagged(tag)) });
}

/** The processes of the block that spooled to `spoolPath`, if any is alive. */
export function findStillRunning(spoolPath: string): StillRunning | undefined {
  const pids = find(spoolPath);
  if (pids.length === 0) return undefined;
  const started = (pid: number): number => Number(readStat(pid)?.start ?? Infinity);
  const pid = pids.reduce((a, b) => (started(b) < started(a) || (started(b) === started(a) && b < a) ? b : a));
  return { pid, pids };
}

/** Ends it as Ctrl-C would: SIGINT, SIGTERM, SIGKILL, `graceMs` apart. Whether it is gone. */
export async function endStillRunning(spoolPath: string, graceMs = 3000): Promise<boolean> {
  const cgroups = CgroupSet.blocksTagged(outputTag(spoolPath));
  try {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
      const pids = find(spoolPath);
      if (pids.length === 0) return true;
      if (sig === 'SIGKILL') CgroupSet.killBlocks(cgroups);
      signalProcesses(undefined, pids, sig);
      if (await waitUntil(() => find(spoolPath).length === 0, sig === 'SIGKILL' ? 5000 : graceMs, 50)) return true;
    }
    return find(spoolPath).length === 0;
  } finally {
    CgroupSet.removeIfEmpty(cgroups);
  }
}

/** Resolves once none of its processes is left, or when `signal` aborts. */
export async function waitStillRunning(spoolPath: string, signal?: AbortSignal): Promise<void> {
  while (!signal?.aborted && find(spoolPath).length > 0) {
    await waitUntil(() => signal?.aborted === true, 500, 100);
  }
}
