// One flightdeck per session: a lock file (pid + host) in the session directory. A lock
// left by a dead process on this host is taken over, and the caller records that.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserError } from '../errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface SessionLock {
  path: string;
  /** The dead owner whose lock was taken over, if any. */
  tookOverFrom?: LockOwner;
  release(): void;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof raw.pid === 'number' && typeof raw.host === 'string') {
      return { pid: raw.pid, host: raw.host, since: String(raw.since ?? '') };
    }
  } catch {
    // unreadable or half-written: treated as no owner we can name
  }
  return undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the lock, if a live process does (for listings). */
export function lockHolder(path: string): LockOwner | undefined {
  const owner = readOwner(path);
  if (!owner) return undefined;
  if (owner.host === hostname() && !isAlive(owner.pid)) return undefined;
  return owner;
}

export function acquireLock(path: string, sessionId: string): SessionLock {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  let tookOverFrom: LockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        closeSync(fd);
      }
      return {
        path,
        ...(tookOverFrom ? { tookOverFrom } : {}),
        release: () => {
          const owner = readOwner(path);
          if (owner && owner.pid === me.pid && owner.host === me.host) unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(path);
    if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
      const where = owner.host === me.host ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
      throw new UserError(
        `session ${sessionId} is already open in another flightdeck (${where}, since ${owner.since})`,
        owner.host === me.host
          ? 'finish or quit it there first'
          : `finish it there, or delete ${path} if that machine is gone`,
      );
    }
    // the owner is dead (or the file is garbage): take the lock over
    if (owner) tookOverFrom = owner;
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new UserError(`could not lock session ${sessionId}`, 'another flightdeck keeps taking it; try again');
}
