// Writes that survive a crash: every byte written, new directory entries fsynced, and a
// whole-file replace that leaves the old file or the new one, never half of one.
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';

/** writeSync until every byte is written (a write may be short). */
export function writeAll(fd: number, buf: Uint8Array, fs: Pick<typeof nodeFs, 'writeSync'> = nodeFs): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

/** Makes a new directory entry durable (best effort: not every platform can fsync a directory). */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = nodeFs.openSync(dir, 'r');
    nodeFs.fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on a directory; the file's own fsync still holds
  } finally {
    if (fd !== undefined) nodeFs.closeSync(fd);
  }
}

/** Replaces `path` with `text` (0600): temp file, fsync, rename, then the directory. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = nodeFs.openSync(tmp, 'w', 0o600);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
    nodeFs.fsyncSync(fd);
  } catch (err) {
    nodeFs.closeSync(fd);
    nodeFs.rmSync(tmp, { force: true });
    throw err;
  }
  nodeFs.closeSync(fd);
  nodeFs.renameSync(tmp, path);
  syncDir(dirname(path));
}
