// `flightdeck verify`: judges an audit log, a session directory or an evidence pack.
//
// Three verdicts: intact (chain and every file check out, session ended), incomplete (what
// is there checks out, but the session has no session.end or the log ends in a torn line,
// as after a crash), tampered (anything else). The first problem found is named: the seq
// of the first bad event, or the file that does not match.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { sessionsDir } from '../paths.js';
import { storedChainHead } from './index-head.js';
import { hashFile, PackRefused, readPackDir, readPackTarGz } from './pack-files.js';
import { AUDIT, MANIFEST, METRICS_DIR, OUTPUTS_DIR, REPORT, RUNBOOK, SUMMARY } from './pack-layout.js';
import { verifyPack } from './verify-pack.js';
import {
  checkAnchor,
  checkRunbook,
  checkSpools,
  finalVerdict,
  judgeLog,
  tampered,
  Tampered,
  tamperedReport,
  type VerifyOptions,
  type VerifyReport,
} from './verify-rules.js';

export { verifyPack } from './verify-pack.js';
export { verdictExitCode, verifyLogBytes, type ChainHead, type Verdict, type VerifyOptions, type VerifyReport } from './verify-rules.js';

async function fileSha(path: string): Promise<string | undefined> {
  try {
    return (await hashFile(path)).sha256;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * A session directory (or a bare audit.jsonl): the chain; when `sessionDirChecks`, also the
 * runbook copy and the spools; when the log lives in FLIGHTDECK_HOME, the index's stored head.
 */
async function verifyLogFile(
  auditPath: string,
  kind: 'session' | 'log',
  opts: VerifyOptions,
): Promise<VerifyReport> {
  const dir = dirname(auditPath);
  // The index is read before the log: the engine stores a head only after the log is
  // fsynced, so a live session's log, read second, always reaches the head read first.
  const candidate = basename(dir);
  const early = (await inHome(dir, candidate, opts.env)) ? await withIndex(opts).storedHead(candidate) : undefined;
  const bytes = await readOrUsage(auditPath);
  const log = judgeLog(bytes);
  try {
    if (log.fault !== undefined) tampered(`${log.fault}`);
    const session = log.events[0]?.session;
    if (early !== undefined && session !== undefined && session !== candidate) {
      tampered(`the log in the folder of session ${candidate} belongs to session ${session}`);
    }
    const home = session ? await inHome(dir, session, opts.env) : false;
    if (kind === 'session' || home) {
      checkRunbook(log.events, await fileSha(join(dir, RUNBOOK)));
      await checkSpools(log.events, (p) => fileSha(join(dir, ...p.split('/'))));
    }
    if (home && session) {
      const stored = session === candidate ? early : await withIndex(opts).storedHead(session);
      if (stored) checkAnchor(log, stored, 'the session index');
    }
    return finalVerdict(kind, log, kind === 'session' ? 'runbook and outputs match the log' : 'chain checks out');
  } catch (err) {
    if (err instanceof Tampered) return tamperedReport(kind, log, err.message);
    throw err;
  }
}

function withIndex(opts: VerifyOptions): VerifyOptions & Required<Pick<VerifyOptions, 'storedHead'>> {
  return { ...opts, storedHead: opts.storedHead ?? ((id: string) => storedChainHead(id, opts.env)) };
}

/** True when `dir` is this session's own directory under FLIGHTDECK_HOME. */
async function inHome(dir: string, session: string, env: NodeJS.ProcessEnv | undefined): Promise<boolean> {
  try {
    const own = await realpath(join(sessionsDir(env), session));
    return own === (await realpath(dir));
  } catch {
    return false;
  }
}

async function readOrUsage(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new UserError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path');
  }
}

/** A file not named .jsonl is judged as a log only if it starts like one. */
async function looksLikeLog(path: string): Promise<boolean> {
  const head = (await readOrUsage(path)).subarray(0, 16).toString('utf8');
  return head.startsWith('{"actor":');
}

/**
 * The first empty folder in a pack directory other than the ones export makes (outputs/ and
 * metrics/ may be empty): the manifest lists files only, so an added folder shows nowhere else.
 */
async function emptyFolder(dir: string, rel = ''): Promise<string | undefined> {
  const entries = await readdir(rel ? join(dir, rel) : dir);
  if (rel && entries.length === 0 && rel !== OUTPUTS_DIR && rel !== METRICS_DIR) return rel;
  for (const name of entries.sort()) {
    const relPath = rel ? `${rel}/${name}` : name;
    const st = await lstat(join(dir, relPath));
    if (!st.isDirectory()) continue;
    const found = await emptyFolder(dir, relPath);
    if (found) return found;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Verifies whatever `target` is: a .tar.gz pack, a pack or session directory, or an audit.jsonl. */
export async function verifyTarget(target: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let st;
  try {
    st = await stat(target);
  } catch {
    throw new UserError(`${target} does not exist`, 'pass an audit.jsonl, a pack directory or a .tar.gz pack');
  }
  if (!st.isFile() && !st.isDirectory()) {
    // a FIFO or a device would be read forever
    throw new UserError(`${target} is not a regular file or a directory`, 'pass an audit.jsonl, a pack directory or a .tar.gz pack');
  }
  try {
    if (st.isDirectory()) {
      if (await exists(join(target, MANIFEST))) {
        const stray = await emptyFolder(target);
        if (stray) return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${stray}/ is an empty folder the pack was not exported with`, events: 0 };
        return await verifyPack(await readPackDir(target), withIndex(opts));
      }
      if ((await exists(join(target, REPORT))) || (await exists(join(target, SUMMARY)))) {
        // a pack whose manifest was removed must not pass as a bare session directory
        return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${MANIFEST} is missing from the pack`, events: 0 };
      }
      if (await exists(join(target, AUDIT))) return await verifyLogFile(join(target, AUDIT), 'session', opts);
      throw new UserError(`${target} holds neither ${MANIFEST} nor ${AUDIT}`, 'pass a pack directory, a session directory or a file');
    }
    if (/\.(tar\.gz|tgz)$/i.test(target)) return await verifyPack(await readPackTarGz(target), withIndex(opts));
    if (basename(dirname(target)) !== '' && (await exists(join(dirname(target), MANIFEST)))) {
      return await verifyPack(await readPackDir(dirname(target)), withIndex(opts));
    }
    if (!/\.jsonl$/i.test(target) && !(await looksLikeLog(target))) {
      throw new UserError(`${target} is not an audit log, a pack directory or a .tar.gz pack`, 'pass audit.jsonl, a pack or a session directory');
    }
    return await verifyLogFile(target, 'log', opts);
  } catch (err) {
    if (err instanceof PackRefused) {
      return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${err.message}`, events: 0 };
    }
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      return { kind: 'pack', verdict: 'tampered', message: `TAMPERED: ${target} is not a valid gzip stream (corrupted or edited)`, events: 0 };
    }
    if (code) throw new UserError(`cannot read ${target} (${code})`, 'check the path and its permissions');
    throw err;
  }
}
