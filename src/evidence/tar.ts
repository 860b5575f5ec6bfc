// A minimal ustar writer and a strict streaming reader, over node:zlib.
//
// Hand-written rather than the `tar` package on purpose: the pack only ever holds regular
// files with short ASCII names, so the writer is small and its output byte-stable, and the
// reader's whole job is to refuse what a generic extractor would accept (links, devices,
// `..`, absolute paths, duplicate names). Nothing read here is ever written to disk.
import { createReadStream, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { isSafeRelPath } from './pack-layout.js';
import { EdgeCollector, type SpoolEdges } from './spool-edges.js';

const BLOCK = 512;
const MAX_SIZE = 0o77777777777; // 11 octal digits: 8 GiB
/** Entries read into memory (manifest, log, runbook) larger than this are refused: a gzip bomb is not a pack. */
const MAX_KEPT = 1024 * 1024 * 1024;

export interface TarSource {
  /** Path inside the archive (forward slashes). */
  name: string;
  /** File on disk to copy in. */
  file: string;
  size: number;
  mtime: Date;
}

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, length, 'utf8');
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  const cut = name.lastIndexOf('/', 155);
  const prefix = name.slice(0, cut);
  const base = name.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100) {
    throw new Error(`path too long for a tar entry: ${name}`);
  }
  return { prefix, base };
}

/** One ustar header block for a regular file (mode 0600) or a directory (0700). */
export function tarHeader(name: string, size: number, mtime: Date, kind: 'file' | 'dir'): Buffer {
  if (size > MAX_SIZE) throw new Error(`file too large for a tar entry: ${name}`);
  const { prefix, base } = splitName(name);
  const h = Buffer.alloc(BLOCK);
  writeString(h, 0, 100, base);
  writeOctal(h, 100, 8, kind === 'dir' ? 0o700 : 0o600);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(h, 156, 1, kind === 'dir' ? '5' : '0');
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

async function* tarStream(root: string, dirs: string[], files: TarSource[], mtime: Date): AsyncGenerator<Buffer> {
  yield tarHeader(`${root}/`, 0, mtime, 'dir');
  for (const dir of dirs) yield tarHeader(`${root}/${dir}/`, 0, mtime, 'dir');
  for (const f of files) {
    yield tarHeader(`${root}/${f.name}`, f.size, f.mtime, 'file');
    let written = 0;
    for await (const chunk of createReadStream(f.file)) {
      const buf = chunk as Buffer;
      written += buf.length;
      yield buf;
    }
    if (written !== f.size) throw new Error(`${f.file} changed size while being packed`);
    const pad = (BLOCK - (f.size % BLOCK)) % BLOCK;
    if (pad > 0) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/**
 * Writes a .tar.gz whose entries all sit under `root/`. `flags` is the open flag for the
 * output ('wx' refuses an existing file). The file is created 0600.
 */
export async function writeTarGz(
  out: string,
  root: string,
  dirs: string[],
  files: TarSource[],
  opts: { flags: 'wx' | 'w'; mtime: Date },
): Promise<void> {
  for (const name of [root, ...dirs, ...files.map((f) => f.name)]) {
    if (!isSafeRelPath(name)) throw new Error(`unsafe path for a pack entry: ${name}`);
  }
  await pipeline(tarStream(root, dirs, files, opts.mtime), createGzip({ level: 9 }), createWriteStream(out, { flags: opts.flags, mode: 0o600 }));
}

export interface TarEntry {
  path: string;
  sha256: string;
  bytes: number;
  /** The content, for the entries the caller asked to keep. */
  content?: Buffer;
  /** Start and end, for the entries the caller asked edges of. */
  edges?: SpoolEdges;
}

/** Why an archive was refused: unsafe or malformed entries are evidence of tampering. */
export class TarRefused extends Error {
  override readonly name = 'TarRefused';
}

function readString(buf: Buffer, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? length : nul).toString('utf8');
}

function readOctal(buf: Buffer, offset: number, length: number, what: string): number {
  const text = readString(buf, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarRefused(`bad ${what} field in a tar header`);
  return parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
  return readOctal(h, 148, 8, 'checksum') === sum;
}

/** Pax extended header records: "<len> key=value\n". Only `path` matters here. */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  let off = 0;
  while (off < data.length) {
    const sp = data.indexOf(0x20, off);
    if (sp === -1) break;
    const len = parseInt(data.subarray(off, sp).toString('ascii'), 10);
    if (!Number.isFinite(len) || len <= 0) throw new TarRefused('malformed pax header');
    const record = data.subarray(sp + 1, off + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    off += len;
  }
  return path;
}

/**
 * Reads a .tar.gz entry by entry, hashing every regular file and keeping the content of
 * those `keep` selects. Refuses links, devices, unsafe or duplicate paths and a bad checksum.
 * Directory entries are returned with bytes -1 so the caller can place them.
 */
export async function readTarGz(
  file: string,
  keep: (path: string) => boolean,
  edgesOf: (path: string) => boolean = () => false,
): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  // the entry being read
  let cur:
    | {
        path: string;
        remaining: number;
        padding: number;
        hash: ReturnType<typeof createHash>;
        bytes: number;
        parts?: Buffer[];
        edges?: EdgeCollector;
        meta?: 'pax' | 'longname';
      }
    | undefined;
  let nextPath: string | undefined;

  const finishEntry = (): void => {
    if (!cur) return;
    const content = cur.parts ? Buffer.concat(cur.parts) : undefined;
    if (cur.meta === 'pax') nextPath = content ? paxPath(content) : undefined;
    else if (cur.meta === 'longname') nextPath = content ? readString(content, 0, content.length) : undefined;
    else {
      entries.push({
        path: cur.path,
        sha256: cur.hash.digest('hex'),
        bytes: cur.bytes,
        ...(content ? { content } : {}),
        ...(cur.edges ? { edges: cur.edges.edges() } : {}),
      });
    }
    cur = undefined;
  };

  const header = (h: Buffer): void => {
    if (h.every((b) => b === 0)) {
      ended = true;
      return;
    }
    if (!checksumOk(h)) throw new TarRefused('a tar header checksum does not match (corrupted or edited archive)');
    const type = String.fromCharCode(h[156] as number);
    const size = readOctal(h, 124, 12, 'size');
    const prefix = readString(h, 345, 155);
    const base = readString(h, 0, 100);
    let path = nextPath ?? (prefix ? `${prefix}/${base}` : base);
    nextPath = undefined;
    if ((type === 'x' || type === 'L' || type === 'g') && size > 1024 * 1024) throw new TarRefused('an oversized tar extension header');
    if (type === 'x' || type === 'L') {
      cur = { path: '', remaining: size, padding: (BLOCK - (size % BLOCK)) % BLOCK, hash: createHash('sha256'), bytes: 0, parts: [], meta: type === 'x' ? 'pax' : 'longname' };
      return;
    }
    if (type === 'g') {
      cur = { path: '', remaining: size, padding: (BLOCK - (size % BLOCK)) % BLOCK, hash: createHash('sha256'), bytes: 0, meta: 'pax' };
      return;
    }
    const isDir = type === '5';
    if (!isDir && type !== '0' && type !== '\0') {
      const what = type === '1' ? 'a hard link' : type === '2' ? 'a symbolic link' : `an entry of type '${type}'`;
      throw new TarRefused(`the archive holds ${what} (${path}); a pack only holds regular files`);
    }
    while (path.startsWith('./')) path = path.slice(2);
    if (isDir && path.endsWith('/')) path = path.slice(0, -1);
    if (isDir && (path === '' || path === '.')) return; // `tar -C pack .` records the folder itself as ./
    if (!isSafeRelPath(path)) throw new TarRefused(`unsafe path in the archive: ${JSON.stringify(path)}`);
    if (seen.has(path)) throw new TarRefused(`the archive holds ${path} twice`);
    seen.add(path);
    if (isDir) {
      if (size !== 0) throw new TarRefused(`directory entry ${path} has a size`);
      entries.push({ path, sha256: '', bytes: -1 });
      return;
    }
    const kept = keep(path);
    if (kept && size > MAX_KEPT) throw new TarRefused(`${path} is ${size} bytes, too large for a pack file flightdeck reads`);
    cur = { path, remaining: size, padding: (BLOCK - (size % BLOCK)) % BLOCK, hash: createHash('sha256'), bytes: 0, ...(kept ? { parts: [] } : {}), ...(edgesOf(path) ? { edges: new EdgeCollector() } : {}) };
    if (size === 0) finishEntry();
  };

  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.pipe(gunzip);
  input.on('error', (err) => gunzip.destroy(err));
  for await (const chunk of gunzip) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    if (ended) {
      // GNU tar -i would still read entries hidden after the end marker: refuse them
      if (!pending.every((b) => b === 0)) throw new TarRefused('the archive has data after its end marker');
      pending = Buffer.alloc(0);
      continue;
    }
    while (pending.length > 0 && !ended) {
      if (cur && cur.remaining > 0) {
        const take = Math.min(cur.remaining, pending.length);
        const piece = pending.subarray(0, take);
        cur.hash.update(piece);
        cur.parts?.push(Buffer.from(piece));
        cur.edges?.push(piece);
        cur.bytes += take;
        cur.remaining -= take;
        pending = pending.subarray(take);
        if (cur.remaining === 0 && cur.padding === 0) finishEntry();
        continue;
      }
      if (cur && cur.padding > 0) {
        const take = Math.min(cur.padding, pending.length);
        cur.padding -= take;
        pending = pending.subarray(take);
        if (cur.padding === 0) finishEntry();
        continue;
      }
      if (pending.length < BLOCK) break;
      header(pending.subarray(0, BLOCK));
      pending = pending.subarray(BLOCK);
    }
  }
  if (ended && !pending.every((b) => b === 0)) throw new TarRefused('the archive has data after its end marker');
  if (!ended || cur) throw new TarRefused('the archive ends early (truncated)');
  return entries;
}
