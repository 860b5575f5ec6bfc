// Reading the session index file strictly, and making its rows again from the session
// folders (each audit log holds everything a row says), for when the index is damaged or
// lacks a session.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sessionsDir } from '../paths.js';
import { parseAuditLog } from './audit-read.js';
import type { NoteData, SessionEndData, SessionStartData, StepStartData } from './event-data.js';
import type { IndexStatus, SessionIndexEntry } from './store.js';

const MODES: ReadonlySet<unknown> = new Set(['run', 'rehearsal']);
const STATUSES: ReadonlySet<unknown> = new Set(['active', 'suspended', 'completed', 'aborted', 'rolled-back']);
const TEXT_FIELDS = ['id', 'runbook', 'title', 'sha256', 'actor', 'started', 'updated', 'chainHead'] as const;

function isRow(value: unknown): value is SessionIndexEntry {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    TEXT_FIELDS.every((k) => typeof row[k] === 'string') &&
    MODES.has(row.mode) &&
    STATUSES.has(row.status) &&
    typeof row.seq === 'number' &&
    (row.lastStep === undefined || typeof row.lastStep === 'string')
  );
}

/** The index's whole rows, and what was wrong with the file if anything was. */
export function readIndexFile(path: string): { rows: SessionIndexEntry[]; damage?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { rows: [] };
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { rows: [], damage: text.trim() === '' ? 'empty' : 'not valid JSON: cut short or edited' };
  }
  const sessions = (data as { sessions?: unknown } | null)?.sessions;
  if (!Array.isArray(sessions)) return { rows: [], damage: 'no list of sessions' };
  const rows = sessions.filter(isRow);
  const dropped = sessions.length - rows.length;
  return dropped > 0 ? { rows, damage: `${dropped} incomplete row${dropped === 1 ? '' : 's'}` } : { rows };
}

/** A session's row made from its audit log; undefined for a folder without a readable start. */
export function rowFromFolder(id: string, env: NodeJS.ProcessEnv = process.env): SessionIndexEntry | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(sessionsDir(env), id, 'audit.jsonl'));
  } catch {
    return undefined;
  }
  const { events } = parseAuditLog(bytes);
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last || first.type !== 'session.start') return undefined;
  const start = first.data as unknown as SessionStartData;
  let status: IndexStatus = 'active';
  if (last.type === 'session.end') status = (last.data as unknown as SessionEndData).outcome;
  else if (last.type === 'note' && (last.data as unknown as NoteData).kind === 'suspend') status = 'suspended';
  const lastStart = events.findLast((e) => e.type === 'step.start');
  const lastStep = lastStart ? (lastStart.data as unknown as StepStartData).stepId : undefined;
  return {
    id,
    runbook: start.runbook,
    title: start.title,
    sha256: start.sha256,
    mode: start.mode,
    status,
    actor: first.actor,
    started: first.ts,
    updated: last.ts,
    ...(lastStep ? { lastStep } : {}),
    chainHead: last.h,
    seq: last.seq,
  };
}

/** Rows for the session folders not in `known`. */
export function rowsFromFolders(env: NodeJS.ProcessEnv, known: ReadonlySet<string>): SessionIndexEntry[] {
  let ids: string[];
  try {
    ids = readdirSync(sessionsDir(env));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return ids.filter((id) => !known.has(id)).flatMap((id) => rowFromFolder(id, env) ?? []);
}
