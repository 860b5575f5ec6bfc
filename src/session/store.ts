// The session index (lowdb): one row per session, for `sessions`, `resume` and `verify`.
// The audit log stays the source of truth; the index also keeps the durable chain head,
// so `verify` can catch a log whose chain was recomputed after an edit.
//
// Several flightdecks share one index. Each change is read-modify-write under the index's
// own lock (src/session/lock.ts) and lands by temp file + rename, so no writer loses
// another's row and no reader sees half a file. An index that is damaged anyway (cut short,
// edited, a row without its runbook) is rebuilt from the session folders.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { SessionMode } from './audit-event.js';
import type { SessionOutcome } from './event-data.js';
import { writeFileAtomic } from './durable-write.js';
import { UserError } from '../errors.js';
import { flightdeckHome } from '../paths.js';
import { readIndexFile, rowFromFolder, rowsFromFolders } from './store-rebuild.js';
import { tryLock, type SessionLock } from './lock.js';

export type IndexStatus = 'active' | 'suspended' | SessionOutcome;

export interface SessionIndexEntry {
  id: string;
  runbook: string;
  title: string;
  sha256: string;
  mode: SessionMode;
  status: IndexStatus;
  actor: string;
  started: string;
  updated: string;
  lastStep?: string;
  /** `h` and seq of the last fsynced event. */
  chainHead: string;
  seq: number;
}

export interface IndexData {
  sessions: SessionIndexEntry[];
}

export function indexPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(flightdeckHome(env), 'index.json');
}

/** lowdb's file adapter, but the read says what is wrong and the write is atomic. */
class IndexFile implements Adapter<IndexData> {
  /** Why the last read could not use the file as it is (it was rebuilt or rows were dropped). */
  damage: string | undefined;
  constructor(private readonly path: string) {}

  async read(): Promise<IndexData> {
    const read = readIndexFile(this.path);
    this.damage = read.damage;
    return { sessions: read.rows };
  }

  async write(data: IndexData): Promise<void> {
    try {
      writeFileAtomic(this.path, JSON.stringify(data, null, 2));
    } catch (err) {
      // a write to a descriptor names no file: say which one the disk refused
      if (err instanceof Error && !('path' in err)) Object.assign(err, { path: this.path });
      throw err;
    }
  }
}

const LOCK_WAIT_MS = 10_000;

export class SessionStore {
  private readonly file: IndexFile;
  private readonly db: Low<IndexData>;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    const home = flightdeckHome(env);
    try {
      mkdirSync(home, { recursive: true, mode: 0o700 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST') {
        throw new UserError(`FLIGHTDECK_HOME ${home} is not a directory`, 'point FLIGHTDECK_HOME at a directory (or unset it)');
      }
      throw err;
    }
    this.file = new IndexFile(indexPath(env));
    this.db = new Low<IndexData>(this.file, { sessions: [] });
  }

  /**
   * Every session, newest first. A damaged index, or session folders it does not list, are
   * put right from the folders first; `rebuilt` then says what was done.
   */
  async list(): Promise<SessionIndexEntry[]> {
    this.rebuilt = undefined;
    await this.db.read();
    const missing = rowsFromFolders(this.env, new Set(this.db.data.sessions.map((r) => r.id)));
    if (this.file.damage !== undefined || missing.length > 0) {
      const damage = this.file.damage;
      await this.locked(async () => {
        await this.db.read();
        this.db.data.sessions.push(...rowsFromFolders(this.env, new Set(this.db.data.sessions.map((r) => r.id))));
        await this.db.write();
      });
      this.rebuilt = damage
        ? `the session index was damaged (${damage}); rebuilt it from the session folders`
        : `the session index was missing ${missing.length} session${missing.length === 1 ? '' : 's'}; added from the session folders`;
    }
    return [...this.db.data.sessions].sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0));
  }

  /** What the last list() put right in the index, if anything. */
  rebuilt: string | undefined;

  /** The stored row as it is (never rebuilt: `verify` anchors on what the engine wrote). */
  async get(id: string): Promise<SessionIndexEntry | undefined> {
    await this.db.read();
    return this.db.data.sessions.find((s) => s.id === id);
  }

  /** Inserts or merges a row, under the index lock; a row the index lacks is made whole from its folder. */
  upsert(entry: Partial<SessionIndexEntry> & { id: string }): Promise<void> {
    const run = this.queue.then(() =>
      this.locked(async () => {
        await this.db.read();
        const rows = this.db.data.sessions;
        const at = rows.findIndex((s) => s.id === entry.id);
        const base = at >= 0 ? rows[at] : rowFromFolder(entry.id, this.env);
        const merged = { ...base, ...entry, updated: new Date().toISOString() };
        if (!isWhole(merged)) return; // neither the index nor the folder knows this session yet
        if (at >= 0) rows[at] = merged;
        else rows.push(merged);
        await this.db.write();
      }),
    );
    // a failed write must not poison later ones; the caller still sees its own failure
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued writes. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const path = `${indexPath(this.env)}.lock`;
    const until = Date.now() + LOCK_WAIT_MS;
    let lock: SessionLock | undefined;
    for (;;) {
      const got = tryLock(path);
      if (!('heldBy' in got)) {
        lock = got;
        break;
      }
      if (Date.now() > until) {
        const who = got.heldBy ? ` (pid ${got.heldBy.pid})` : '';
        throw new UserError(`the session index ${indexPath(this.env)} stayed locked${who}`, 'try again; if it persists, stop the other flightdeck');
      }
      // another flightdeck is writing its row: a write takes milliseconds
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
    try {
      return await fn();
    } finally {
      lock.release();
    }
  }
}

function isWhole(row: Partial<SessionIndexEntry>): row is SessionIndexEntry {
  return typeof row.runbook === 'string' && typeof row.mode === 'string' && typeof row.started === 'string';
}
