// Reading and forging packs in tests: tar headers as written, hand-made malicious archives,
// and a manifest recomputed the way a forger would.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tarHeader } from '../../../src/evidence/tar.js';

export interface RawTarEntry {
  name: string;
  mode: number;
  type: string;
  size: number;
}

/** The headers of a .tar.gz as stored (no extraction). */
export function tarHeaders(file: string): RawTarEntry[] {
  const buf = gunzipSync(readFileSync(file));
  const out: RawTarEntry[] = [];
  let off = 0;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (o: number, l: number): string => h.subarray(o, o + l).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12), 8);
    const prefix = str(345, 155);
    out.push({ name: prefix ? `${prefix}/${str(0, 100)}` : str(0, 100), mode: parseInt(str(100, 8), 8), type: str(156, 1) || '0', size });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export interface ForgedEntry {
  name: string;
  content?: string | Buffer;
  /** Raw header type flag, e.g. '2' for a symlink (content ignored). */
  type?: string;
  linkname?: string;
}

/** Builds a .tar.gz by hand, with whatever names and types a test wants. */
export function forgeTarGz(file: string, entries: ForgedEntry[], trailing: Buffer = Buffer.alloc(0)): void {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const content = e.type && e.type !== '0' ? Buffer.alloc(0) : Buffer.from(e.content ?? '');
    const h = Buffer.from(tarHeader(e.name.length <= 100 ? e.name : 'placeholder', content.length, new Date(0), 'file'));
    if (e.name.length > 100) throw new Error('forge: name too long');
    if (e.type) {
      h.write(e.type, 156, 1, 'latin1');
      if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
      h.fill(0x20, 148, 156);
      let sum = 0;
      for (const b of h) sum += b;
      h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
    }
    blocks.push(h, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024), trailing);
  writeFileSync(file, gzipSync(Buffer.concat(blocks)));
}

export function sha256(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Rewrites manifest.json so its file list matches the pack's files again (a forger's step). */
export function refreshManifest(packDir: string, paths: string[], head?: { seq: number; h: string }): void {
  const path = join(packDir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as {
    files: { path: string; sha256: string; bytes: number }[];
    chainHead: { seq: number; h: string };
    runbook: { sha256: string };
  };
  for (const f of m.files) {
    if (!paths.includes(f.path)) continue;
    const buf = readFileSync(join(packDir, ...f.path.split('/')));
    f.sha256 = sha256(buf);
    f.bytes = buf.length;
    if (f.path === 'runbook.md') m.runbook.sha256 = f.sha256;
  }
  if (head) m.chainHead = head;
  writeFileSync(path, JSON.stringify(m, null, 2));
}
