// The files of a pack, read the same way from a directory or a .tar.gz: every regular
// file hashed, the few the verifier parses kept in memory. Links and special files are
// refused, never followed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIT, MANIFEST, METRICS_DIR, OUTPUTS_DIR, REPORT, RUNBOOK, SUMMARY } from './pack-layout.js';
import { readEdges, type SpoolEdges } from './spool-edges.js';
import { readTarGz, TarRefused } from './tar.js';

export interface PackFile {
  sha256: string;
  bytes: number;
}

export interface PackContents {
  /** Every regular file, by pack-relative path. */
  files: Map<string, PackFile>;
  /** Content of manifest.json, audit.jsonl, runbook.md, summary.md, report.html and metrics/ files when present. */
  kept: Map<string, Buffer>;
  /** Start and end of each file under outputs/, for re-rendering report.html. */
  edges: Map<string, SpoolEdges>;
}

/** The pack is unsafe or malformed in a way only tampering explains. */
export class PackRefused extends Error {
  override readonly name = 'PackRefused';
}

const KEEP_NAMES = new Set([MANIFEST, AUDIT, RUNBOOK, SUMMARY, REPORT]);
// metrics files are small (one series each) and verify compares them with the log
const keep = (rel: string): boolean => KEEP_NAMES.has(rel) || rel.startsWith(`${METRICS_DIR}/`);
const hasEdges = (rel: string): boolean => rel.startsWith(`${OUTPUTS_DIR}/`);

export async function hashFile(path: string): Promise<PackFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function readPackDir(dir: string): Promise<PackContents> {
  const files = new Map<string, PackFile>();
  const kept = new Map<string, Buffer>();
  const edges = new Map<string, SpoolEdges>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel ? join(dir, rel) : dir);
    entries.sort();
    for (const name of entries) {
      const relPath = rel ? `${rel}/${name}` : name;
      const abs = join(dir, relPath);
      const st = await lstat(abs);
      if (st.isSymbolicLink()) throw new PackRefused(`${relPath} is a symbolic link; a pack only holds regular files`);
      if (st.isDirectory()) await walk(relPath);
      else if (st.isFile()) {
        files.set(relPath, await hashFile(abs));
        if (keep(relPath)) kept.set(relPath, await readFile(abs));
        if (hasEdges(relPath)) edges.set(relPath, await readEdges(abs));
      } else throw new PackRefused(`${relPath} is not a regular file`);
    }
  };
  await walk('');
  return { files, kept, edges };
}

/**
 * Reads a .tar.gz pack without extracting it. Entries may sit under one top-level folder
 * (as `export` writes them) or at the top; that folder is stripped.
 */
export async function readPackTarGz(file: string): Promise<PackContents> {
  let entries;
  try {
    const rel = (p: string): string => p.slice(p.indexOf('/') + 1);
    entries = await readTarGz(
      file,
      (p) => keep(p) || keep(rel(p)),
      (p) => hasEdges(p) || hasEdges(rel(p)),
    );
  } catch (err) {
    if (err instanceof TarRefused) throw new PackRefused(err.message);
    throw err;
  }
  const regular = entries.filter((e) => e.bytes >= 0);
  const atTop = regular.some((e) => e.path === MANIFEST);
  const first = regular[0]?.path.split('/')[0];
  const root = atTop || first === undefined ? '' : `${first}/`;
  const files = new Map<string, PackFile>();
  const kept = new Map<string, Buffer>();
  const edges = new Map<string, SpoolEdges>();
  for (const e of entries) {
    if (root && e.path !== root.slice(0, -1) && !e.path.startsWith(root)) {
      throw new PackRefused(`${e.path} sits outside the pack folder ${root.slice(0, -1)}`);
    }
    if (e.bytes < 0) continue;
    const rel = e.path.slice(root.length);
    files.set(rel, { sha256: e.sha256, bytes: e.bytes });
    if (keep(rel) && e.content) kept.set(rel, e.content);
    if (hasEdges(rel) && e.edges) edges.set(rel, e.edges);
  }
  return { files, kept, edges };
}
