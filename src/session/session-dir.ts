// The on-disk layout of one session: $FLIGHTDECK_HOME/sessions/<id>/ (0700) holding
// audit.jsonl (0600), runbook.md (a byte-exact copy of the source, 0600), outputs/ (spools),
// shell-state.json (the shell blocks left, for resume; 0600, never exported).
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sessionDir, sessionsDir } from '../paths.js';
import { writeAll } from './durable-write.js';

export interface SessionPaths {
  dir: string;
  audit: string;
  runbook: string;
  outputs: string;
  lock: string;
  shellState: string;
}

export function sessionPaths(id: string, env: NodeJS.ProcessEnv = process.env): SessionPaths {
  const dir = sessionDir(id, env);
  return {
    dir,
    audit: join(dir, 'audit.jsonl'),
    runbook: join(dir, 'runbook.md'),
    outputs: join(dir, 'outputs'),
    lock: join(dir, 'lock'),
    shellState: join(dir, 'shell-state.json'),
  };
}

/** A new session id: sortable by start time, readable, unique: 20261123-100000-3f9a1c. */
export function newSessionId(now: Date = new Date()): string {
  const iso = now.toISOString(); // 2026-11-23T10:00:00.000Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Creates the session directory with the runbook copy and outputs/; returns its paths. */
export function createSessionDir(id: string, runbookBytes: Uint8Array, env: NodeJS.ProcessEnv = process.env): SessionPaths {
  const paths = sessionPaths(id, env);
  mkdirSync(sessionsDir(env), { recursive: true, mode: 0o700 });
  mkdirSync(paths.dir, { mode: 0o700 });
  try {
    // mkdir's mode is filtered by the umask; the directory must be 0700 whatever it is
    chmodSync(paths.dir, 0o700);
    mkdirSync(paths.outputs, { mode: 0o700 });
    chmodSync(paths.outputs, 0o700);
    const fd = openSync(paths.runbook, 'wx', 0o600);
    try {
      writeAll(fd, runbookBytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    // a full disk must not leave a folder with a 0-byte runbook behind
    removeSessionDir(paths);
    if (err instanceof Error && !('path' in err)) Object.assign(err, { path: paths.runbook });
    throw err;
  }
  return paths;
}

/** Removes a session folder that never held a session (best effort). */
export function removeSessionDir(paths: SessionPaths): void {
  rmSync(paths.dir, { recursive: true, force: true });
}
