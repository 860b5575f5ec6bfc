// Typed reads of the `data` of audit events. `data` is a free record in the log format,
// so every read checks the type it gets and falls back to undefined.
import type { AuditEvent } from '../session/audit-event.js';

export function str(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = data[key];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

export function num(data: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const v = data[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

export function bool(data: Record<string, unknown>, ...keys: string[]): boolean | undefined {
  for (const key of keys) {
    const v = data[key];
    if (typeof v === 'boolean') return v;
  }
  return undefined;
}

/** The strings of an array field (anything else in it ignored). */
export function strs(data: Record<string, unknown>, key: string): string[] {
  const v = data[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function rec(data: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = data[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The sha256 of the runbook the session started with, from session.start. */
export function startedRunbookSha256(events: readonly AuditEvent[]): string | undefined {
  const start = events[0];
  if (start?.type !== 'session.start') return undefined;
  return str(start.data, 'sha256', 'runbookSha256');
}

export interface SpoolRef {
  seq: number;
  /** Pack-relative path, e.g. outputs/3-deploy.log. */
  path: string;
  sha256: string;
  bytes?: number;
  lines?: number;
}

/** Normalises a spool name from an output event to its pack path under outputs/. */
function spoolPath(name: string): string {
  return name.startsWith('outputs/') ? name : `outputs/${name}`;
}

/** The spooled outputs and attached evidence files the log vouches for, each with the sha256 it recorded. */
export function spoolRefs(events: readonly AuditEvent[]): SpoolRef[] {
  const refs: SpoolRef[] = [];
  for (const e of events) {
    // an attached evidence file is copied into outputs/ and recorded with its sha256
    if (e.type === 'evidence') {
      const value = str(e.data, 'value');
      const sha256 = str(e.data, 'sha256');
      if (value !== undefined && sha256 !== undefined) refs.push({ seq: e.seq, path: spoolPath(value), sha256 });
      continue;
    }
    if (e.type !== 'output') continue;
    const name = str(e.data, 'file', 'spool', 'path');
    const sha256 = str(e.data, 'sha256');
    if (name === undefined || sha256 === undefined) continue;
    const bytes = num(e.data, 'bytes');
    const lines = num(e.data, 'lines');
    refs.push({
      seq: e.seq,
      path: spoolPath(name),
      sha256,
      ...(bytes !== undefined ? { bytes } : {}),
      ...(lines !== undefined ? { lines } : {}),
    });
  }
  return refs;
}
