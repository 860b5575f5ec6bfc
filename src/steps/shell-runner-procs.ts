// Finding and signalling every process a command left behind, for cancel, timeout and
// quit. A command's processes are found several ways, so none slips through: its cgroup
// where it has one (cgroup.ts), an environment marker that every descendant inherits
// (this catches `setsid` children re-parented to init), the pids ancestry tracking saw
// (process-tracker.ts: children that cleared their environment), and then the process
// groups and descendants of all of these. shell-runner-watchdog.ts does the same in bash once
// flightdeck is gone.
import { readdirSync, readFileSync } from 'node:fs';

export const MARKER_VAR = 'FLIGHTDECK_RUN';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  start: string;
}

export function readStat(pid: number): ProcInfo | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt
  // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
  return {
    pid,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    start: fields[19] ?? '',
  };
}

function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^[0-9]+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
}

/** A live (not zombie) process. */
export function isAlive(pid: number): boolean {
  const info = readStat(pid);
  if (info) return info.state !== 'Z' && info.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ProcessQuery {
  /** Process group id (the shell's pid, as it is spawned detached). */
  pgid?: number;
  /** The shell's pid: its descendants are included. */
  root?: number;
  /** `FLIGHTDECK_RUN=<value>` prefix carried in the environment. */
  markerPrefix?: string;
  /** `FLIGHTDECK_RUN=<value>` ending (a block's output tag, see shell-runner.ts). */
  markerSuffix?: string;
  /** Pids known to be the command's (its cgroup's members, tracked descendants). */
  known?: readonly number[];
}

/** The value of the marker variable in a process's environment. */
export function markerOf(pid: number): string | undefined {
  let env: Buffer;
  try {
    env = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
  const name = Buffer.from(`${MARKER_VAR}=`, 'latin1');
  for (let at = env.indexOf(name); at >= 0; at = env.indexOf(name, at + 1)) {
    if (at === 0 || env[at - 1] === 0) {
      const end = env.indexOf(0, at);
      return env.toString('latin1', at + name.length, end < 0 ? env.length : end);
    }
  }
  return undefined;
}

/** Live pids belonging to a command (never our own process). */
export function findProcesses(q: ProcessQuery): number[] {
  const infos = allPids()
    .map(readStat)
    .filter((p): p is ProcInfo => p !== undefined && p.state !== 'Z' && p.state !== 'X' && p.pid !== process.pid);
  const known = new Set(q.known ?? []);
  const found = new Set<number>();
  const marked = (pid: number): boolean => {
    if (q.markerPrefix === undefined && q.markerSuffix === undefined) return false;
    const marker = markerOf(pid);
    return marker !== undefined && marker.startsWith(q.markerPrefix ?? '') && marker.endsWith(q.markerSuffix ?? '');
  };
  for (const p of infos) {
    if ((q.pgid !== undefined && p.pgrp === q.pgid) || p.pid === q.root || known.has(p.pid) || marked(p.pid)) found.add(p.pid);
  }
  // The process groups of anything found, and descendants, to a fixed point.
  const groups = new Set(infos.filter((p) => found.has(p.pid)).map((p) => p.pgrp));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of infos) {
      if (!found.has(p.pid) && (found.has(p.ppid) || groups.has(p.pgrp))) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/** Sends `signal` to the group and to each pid; vanished processes are ignored. */
export function signalProcesses(pgid: number | undefined, pids: readonly number[], signal: NodeJS.Signals): void {
  if (pgid !== undefined && pgid > 1) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // The group is already gone.
    }
  }
  for (const pid of pids) {
    if (pid <= 1 || pid === process.pid) continue;
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
