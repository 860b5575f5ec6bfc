// Finding and signalling every process a command left behind, for cancel, timeout and
// quit. A command's processes are found three ways, so none slips through: its process
// group, the descendants of its shell, and an environment marker that every descendant
// inherits (this catches `setsid` children re-parented to init).
import { readdirSync, readFileSync } from 'node:fs';

export const MARKER_VAR = 'FLIGHTDECK_RUN';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  start: string;
}

function readStat(pid: number): ProcInfo | undefined {
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

function hasMarker(pid: number, marker: Buffer): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`).includes(marker);
  } catch {
    return false;
  }
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
  markerPrefix: string;
}

/** Live pids belonging to a command (never our own process). */
export function findProcesses(q: ProcessQuery): number[] {
  const marker = Buffer.from(`${MARKER_VAR}=${q.markerPrefix}`, 'latin1');
  const infos = allPids()
    .map(readStat)
    .filter((p): p is ProcInfo => p !== undefined && p.state !== 'Z' && p.state !== 'X');
  const found = new Set<number>();
  for (const p of infos) {
    if (p.pid === process.pid) continue;
    if ((q.pgid !== undefined && p.pgrp === q.pgid) || p.pid === q.root || hasMarker(p.pid, marker)) found.add(p.pid);
  }
  // Descendants of anything found (or of the root), to a fixed point.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of infos) {
      if (!found.has(p.pid) && found.has(p.ppid) && p.pid !== process.pid) {
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
