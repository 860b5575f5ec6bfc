// One flightdeck per session: a lock in the session directory naming its owner (pid + host).
// A lock left by a dead process on this host is taken over, and the caller records that.
//
// Taking over must itself be atomic, or two processes that both saw the dead owner both
// win (each deletes the other's fresh lock). So a lock is a generation: files `lock.1`,
// `lock.2`, ... (the bare `lock` of older versions is generation 0), each made whole in a
// temp file and linked into place, which fails if that name exists. The holder is the
// highest generation. A process that finds the highest owner dead creates the next one;
// of all who try, exactly one link succeeds. After linking, a process steps back if any
// other generation is higher or has a live owner (so of two that both linked, the later
// one always sees the earlier), and otherwise removes the dead generations.
import { closeSync, linkSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
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

/** Lock files this process holds (a dead owner can have had our pid before a restart). */
const held = new Set<string>();

function readOwner(file: string): LockOwner | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof raw.pid === 'number' && typeof raw.host === 'string') {
      return { pid: raw.pid, host: raw.host, since: String(raw.since ?? '') };
    }
  } catch {
    // unreadable or gone: treated as no owner we can name
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

function ownerAlive(owner: LockOwner, file: string): boolean {
  if (owner.host !== hostname()) return true; // cannot tell: assume it is
  if (owner.pid === process.pid) return held.has(file);
  return isAlive(owner.pid);
}

interface Generation {
  gen: number;
  file: string;
}

/** The lock generations present for `path`, highest first. */
function generations(path: string): Generation[] {
  const name = basename(path);
  const dir = dirname(path);
  const out: Generation[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  for (const entry of entries) {
    if (entry === name) out.push({ gen: 0, file: join(dir, entry) });
    else if (entry.startsWith(`${name}.`) && /^\d+$/.test(entry.slice(name.length + 1))) {
      out.push({ gen: Number(entry.slice(name.length + 1)), file: join(dir, entry) });
    }
  }
  return out.sort((a, b) => b.gen - a.gen);
}

/** Who holds the lock, if a live process does (for listings). */
export function lockHolder(path: string): LockOwner | undefined {
  const top = generations(path)[0];
  const owner = top ? readOwner(top.file) : undefined;
  if (!top || !owner || !ownerAlive(owner, top.file)) return undefined;
  return owner;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Writes the owner into a fresh temp file and links it in as `file`; false if `file` exists. */
function linkFresh(file: string, me: LockOwner): boolean {
  const tmp = `${dirname(file)}/.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    removeQuietly(tmp);
  }
}

function heldElsewhere(path: string, sessionId: string, owner: LockOwner): UserError {
  const local = owner.host === hostname();
  const where = local ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
  return new UserError(
    `session ${sessionId} is already open in another flightdeck (${where}, since ${owner.since})`,
    local ? 'finish or quit it there first' : `finish it there, or delete ${path}.* if that machine is gone`,
  );
}

export function acquireLock(path: string, sessionId: string): SessionLock {
  const got = tryLock(path);
  if ('heldBy' in got) {
    if (got.heldBy) throw heldElsewhere(path, sessionId, got.heldBy);
    throw new UserError(`could not lock session ${sessionId}`, 'another flightdeck keeps taking it; try again');
  }
  return got;
}

/** Takes the lock, or says who holds it (undefined: others kept racing for it). */
export function tryLock(path: string): SessionLock | { heldBy: LockOwner | undefined } {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 20; attempt++) {
    const top = generations(path)[0];
    let tookOverFrom: LockOwner | undefined;
    if (top) {
      const owner = readOwner(top.file);
      if (owner && ownerAlive(owner, top.file)) return { heldBy: owner };
      // a generation without a readable owner is being released or was never whole: dead
      tookOverFrom = owner;
    }
    const mine = `${path}.${(top?.gen ?? 0) + 1}`;
    if (!linkFresh(mine, me)) continue; // another process took this generation: look again
    // Another generation that is higher (made while we raced a cleanup) or held by a live
    // process (made after a release, while we still looked at an old dead one) wins: step back.
    const now = generations(path);
    const rival = now.some((g) => {
      if (g.file === mine) return false;
      if (g.gen > (top?.gen ?? 0) + 1) return true;
      const owner = readOwner(g.file);
      return owner !== undefined && ownerAlive(owner, g.file);
    });
    if (rival) {
      removeQuietly(mine);
      continue;
    }
    held.add(mine);
    for (const g of now) if (g.file !== mine) removeQuietly(g.file);
    return {
      path: mine,
      ...(tookOverFrom ? { tookOverFrom } : {}),
      release: () => {
        if (!held.delete(mine)) return;
        const owner = readOwner(mine);
        if (owner && owner.pid === me.pid && owner.host === me.host) removeQuietly(mine);
      },
    };
  }
  return { heldBy: undefined };
}
