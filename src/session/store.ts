// The session index (lowdb): one row per session, for `sessions`, `resume` and `verify`.
// The audit log stays the source of truth; the index also keeps the durable chain head,
// so `verify` can catch a log whose chain was recomputed after an edit.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { SessionMode } from './audit-event.js';
import { flightdeckHome } from '../paths.js';

export type IndexStatus = 'active' | 'suspended' | 'completed' | 'aborted';

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

interface IndexData {
  sessions: SessionIndexEntry[];
}

export function indexPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(flightdeckHome(env), 'index.json');
}

export class SessionStore {
  private readonly db: Low<IndexData>;
  private queue: Promise<void> = Promise.resolve();

  constructor(env: NodeJS.ProcessEnv = process.env) {
    mkdirSync(flightdeckHome(env), { recursive: true, mode: 0o700 });
    this.db = new Low<IndexData>(new JSONFile<IndexData>(indexPath(env)), { sessions: [] });
  }

  async list(): Promise<SessionIndexEntry[]> {
    await this.db.read();
    return [...this.db.data.sessions].sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0));
  }

  async get(id: string): Promise<SessionIndexEntry | undefined> {
    await this.db.read();
    return this.db.data.sessions.find((s) => s.id === id);
  }

  /** Inserts or merges a row. Re-reads first and serialises writes, so other sessions' rows survive. */
  upsert(entry: Partial<SessionIndexEntry> & { id: string }): Promise<void> {
    const run = this.queue.then(async () => {
      await this.db.read();
      const rows = this.db.data.sessions;
      const at = rows.findIndex((s) => s.id === entry.id);
      const merged = { ...(at >= 0 ? rows[at] : {}), ...entry, updated: new Date().toISOString() } as SessionIndexEntry;
      if (at >= 0) rows[at] = merged;
      else rows.push(merged);
      await this.db.write();
    });
    // a failed write must not poison later ones; the caller still sees its own failure
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued writes. */
  flush(): Promise<void> {
    return this.queue;
  }
}
