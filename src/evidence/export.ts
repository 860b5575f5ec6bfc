// `flightdeck export`: the evidence pack of a session (DESIGN.md section 5), as a
// directory or a .tar.gz. The pack is built in a private staging directory next to the
// output, scanned for secrets, verified with the same code as `verify`, and only then
// moved into place, so a refused or failed export leaves nothing behind.
import { constants as fsc, existsSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import { osUser } from '../identity.js';
import { sessionDir } from '../paths.js';
import type { AuditEvent } from '../session/audit-event.js';
import { parseAuditLog } from '../session/audit-read.js';
import { VERSION } from '../version.js';
import { manifestSchema, PACK_FORMAT, type Manifest } from './manifest.js';
import { metricFiles, metricIndex } from './metric-files.js';
import { hashFile, readPackDir } from './pack-files.js';
import { AUDIT, MANIFEST, METRICS_DIR, OUTPUTS_DIR, REPORT, RUNBOOK, SUMMARY } from './pack-layout.js';
import { renderPackDocs } from './render-pack.js';
import { scanForSecrets } from './secret-scan.js';
import { readEdges, type SpoolEdges } from './spool-edges.js';
import type { SessionReport } from './timeline.js';
import { writeTarGz, type TarSource } from './tar.js';
import { verifyPack, verifyTarget } from './verify.js';

export interface ExportOptions {
  out?: string;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  now?: Date;
}

export interface ExportResult {
  path: string;
  format: 'dir' | 'tar.gz';
  manifest: Manifest;
  report: SessionReport;
  /** Bytes of a torn last log line (a crash) left out of the pack. */
  tornBytes: number;
}

/** Session folders copied into the pack as they are (regular files only); metrics/ is derived from the log. */
const COPIED_DIRS = [OUTPUTS_DIR, 'evidence', 'attachments'];


function isTarPath(p: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(p);
}

/** Session ids are one path segment; anything else is refused before touching the disk. */
function checkId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || id.includes('..')) {
    throw new UserError(`"${id}" is not a session id`, 'run `flightdeck sessions` to list them');
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Decides how an existing output may be replaced; throws when it may not. */
async function checkOutput(out: string, format: 'dir' | 'tar.gz', force: boolean): Promise<void> {
  let st;
  try {
    st = await lstat(out);
  } catch {
    if (!(await isDir(dirname(out)))) throw new UserError(`the folder ${dirname(out)} does not exist`, 'create it or choose another --out');
    return;
  }
  if (!force) throw new UserError(`${out} already exists`, 'pass --force to replace it, or choose another --out');
  if (format === 'tar.gz' && !st.isFile()) throw new UserError(`${out} exists and is not a file`, 'choose another --out');
  if (format === 'dir') {
    if (!st.isDirectory()) throw new UserError(`${out} exists and is not a directory`, 'choose another --out');
    const entries = await readdir(out);
    // --force replaces a previous pack, never an arbitrary folder
    if (entries.length > 0 && !(await looksLikePack(join(out, MANIFEST)))) {
      throw new UserError(`${out} is not an evidence pack; refusing to replace it`, 'choose another --out');
    }
  }
}

async function looksLikePack(manifestPath: string): Promise<boolean> {
  try {
    const raw = JSON.parse(await readFile(manifestPath, 'utf8')) as { format?: unknown };
    return raw.format === PACK_FORMAT;
  } catch {
    return false;
  }
}

async function writePrivate(path: string, content: string | Buffer): Promise<void> {
  await writeFile(path, content, { mode: 0o600, flag: 'wx' });
}

/** Copies the regular files of `src` into `dst` (0600 files, 0700 folders); refuses links. */
async function copyTree(src: string, dst: string, rel: string): Promise<void> {
  await mkdir(dst, { mode: 0o700 });
  await chmod(dst, 0o700);
  const names = (await readdir(src)).sort();
  for (const name of names) {
    const from = join(src, name);
    const st = await lstat(from);
    if (st.isSymbolicLink()) throw new UserError(`${rel}/${name} in the session is a symbolic link`, 'a session only holds regular files; export refused');
    if (st.isDirectory()) await copyTree(from, join(dst, name), `${rel}/${name}`);
    else if (st.isFile()) {
      await copyFile(from, join(dst, name), fsc.COPYFILE_EXCL);
      await chmod(join(dst, name), 0o600);
    }
  }
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(rel ? join(dir, rel) : dir)).sort()) {
    const relPath = rel ? `${rel}/${name}` : name;
    if ((await lstat(join(dir, relPath))).isDirectory()) out.push(...(await listFiles(dir, relPath)));
    else out.push(relPath);
  }
  return out;
}

async function scanPack(staging: string): Promise<void> {
  // the runbook first: a secret in the source also shows in the events that quote it
  const files = (await listFiles(staging)).sort((a, b) => Number(b === RUNBOOK) - Number(a === RUNBOOK));
  for (const rel of files) {
    const hits = scanForSecrets(await readFile(join(staging, rel)));
    const first = hits[0];
    if (first) {
      throw new UserError(
        `${rel} line ${first.line}, column ${first.column} holds what looks like ${first.what}, not redacted; the pack was not written`,
        rel === RUNBOOK
          ? 'the runbook source itself holds it and the pack must carry the exact source: rotate that secret and take it out of the runbook'
          : 'report this with the session id: outputs and events are redacted when recorded, and a pack never carries a secret',
      );
    }
  }
}

async function buildPack(id: string, src: string, staging: string, events: AuditEvent[], auditBytes: Buffer, now: Date): Promise<{ manifest: Manifest; report: SessionReport }> {
  await writePrivate(join(staging, AUDIT), auditBytes);
  await copyFile(join(src, RUNBOOK), join(staging, RUNBOOK), fsc.COPYFILE_EXCL);
  await chmod(join(staging, RUNBOOK), 0o600);
  for (const dir of COPIED_DIRS) {
    if (await isDir(join(src, dir))) await copyTree(join(src, dir), join(staging, dir), dir);
  }

  const metrics = metricFiles(events);
  if (metrics.length > 0) {
    await mkdir(join(staging, METRICS_DIR), { mode: 0o700 });
    await chmod(join(staging, METRICS_DIR), 0o700);
    for (const m of metrics) await writePrivate(join(staging, ...m.path.split('/')), m.content);
  }

  const edges = new Map<string, SpoolEdges>();
  for (const rel of await listFiles(staging)) {
    if (rel.startsWith(`${OUTPUTS_DIR}/`)) edges.set(rel, await readEdges(join(staging, ...rel.split('/'))));
  }
  const exportedBy = osUser();
  const docs = renderPackDocs(events, await readFile(join(staging, RUNBOOK)), edges, { exportedAt: now.toISOString(), exportedBy, version: VERSION });
  const report = docs.report;
  await writePrivate(join(staging, SUMMARY), docs.summary);
  await writePrivate(join(staging, REPORT), docs.html);

  const files: Manifest['files'] = [];
  for (const rel of await listFiles(staging)) {
    const h = await hashFile(join(staging, rel));
    files.push({ path: rel, sha256: h.sha256, bytes: h.bytes });
  }
  const runbookFile = files.find((f) => f.path === RUNBOOK);
  const manifest: Manifest = manifestSchema.parse({
    format: PACK_FORMAT,
    formatVersion: 1,
    flightdeck: VERSION,
    session: id,
    mode: report.mode,
    outcome: report.outcome,
    exportedAt: now.toISOString(),
    exportedBy,
    runbook: { path: RUNBOOK, source: report.runbookPath, sha256: runbookFile?.sha256 ?? '' },
    chainHead: report.head,
    files,
    ...(metrics.length > 0 ? { metrics: metricIndex(metrics) } : {}),
  });
  await writePrivate(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, report };
}

export async function exportSession(id: string, opts: ExportOptions = {}): Promise<ExportResult> {
  checkId(id);
  const env = opts.env ?? process.env;
  const src = sessionDir(id, env);
  if (!existsSync(join(src, AUDIT))) {
    throw new UserError(`no session ${id}`, 'run `flightdeck sessions` to list them');
  }
  const check = await verifyTarget(src, { env });
  if (check.verdict === 'tampered') {
    throw new UserError(`session ${id} does not verify: ${check.message.replace(/^TAMPERED: /, '')}`, 'export refused; run `flightdeck verify` on the session folder', ExitCode.tampered);
  }
  const read = parseAuditLog(await readFile(join(src, AUDIT)));
  if (read.events.length === 0) throw new UserError(`session ${id} has no recorded event`, 'there is nothing to export');
  const auditBytes = (await readFile(join(src, AUDIT))).subarray(0, read.completeBytes);

  const out = resolve(opts.cwd ?? process.cwd(), opts.out ?? `flightdeck-${id}.tar.gz`);
  const format = isTarPath(out) ? 'tar.gz' : 'dir';
  await checkOutput(out, format, opts.force === true);

  const now = opts.now ?? new Date();
  let staging: string;
  try {
    staging = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot write the pack in ${dirname(out)} (${code})`, 'choose another --out, in a folder you can write to');
  }
  try {
    await chmod(staging, 0o700);
    const { manifest, report } = await buildPack(id, src, staging, read.events, auditBytes, now);
    await scanPack(staging);
    const self = await verifyPack(await readPackDir(staging));
    if (self.verdict === 'tampered') throw new Error(`the pack just built does not verify (${self.message}); session ${id}`);
    if (format === 'dir') {
      if (existsSync(out)) await rm(out, { recursive: true });
      await rename(staging, out);
    } else {
      const root = `flightdeck-evidence-${id}`;
      const all = await listFiles(staging);
      const dirs = [...new Set(all.filter((p) => p.includes('/')).flatMap((p) => {
        const segs = p.split('/').slice(0, -1);
        return segs.map((_, i) => segs.slice(0, i + 1).join('/'));
      }))].sort();
      const sources: TarSource[] = [];
      for (const rel of all) {
        const file = join(staging, rel);
        sources.push({ name: rel, file, size: (await stat(file)).size, mtime: now });
      }
      const partial = join(staging, '.pack.tar.gz');
      await writeTarGz(partial, root, dirs, sources, { flags: 'wx', mtime: now });
      await rename(partial, out);
      await rm(staging, { recursive: true, force: true });
    }
    return { path: out, format, manifest, report, tornBytes: read.tornTailBytes };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
