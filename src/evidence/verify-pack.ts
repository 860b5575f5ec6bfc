// An evidence pack (directory or .tar.gz, already read): manifest against the files, and
// manifest, runbook copy and spools against the hash-chained log.
import { manifestSchema, type Manifest } from './manifest.js';
import { metricFiles, metricIndex } from './metric-files.js';
import type { PackContents } from './pack-files.js';
import { AUDIT, MANIFEST, METRICS_DIR, REPORT, RUNBOOK, SUMMARY, isSafeRelPath } from './pack-layout.js';
import { renderPackDocs } from './render-pack.js';
import { VERSION } from '../version.js';
import {
  checkAnchor,
  checkRunbook,
  checkSpools,
  finalVerdict,
  judgeLog,
  tampered,
  Tampered,
  tamperedReport,
  type LogJudgement,
  type VerifyOptions,
  type VerifyReport,
} from './verify-rules.js';

/**
 * The manifest's own claims and the readable files must say what the log says. summary.md
 * and report.html are re-rendered from the log with the code that wrote them; a pack made
 * by another flightdeck version cannot be re-rendered here, and the verdict says so.
 */
function checkRendered(contents: PackContents, manifest: Manifest, log: LogJudgement): string {
  const last = log.events[log.events.length - 1];
  const mode = log.events[0]?.data.mode === 'rehearsal' ? 'rehearsal' : 'run';
  if (manifest.mode !== mode) tampered(`${MANIFEST} says mode ${manifest.mode}, the log ${mode}`);
  const runbook = contents.kept.get(RUNBOOK);
  if (!runbook) return '';
  const docs = renderPackDocs(log.events, runbook, contents.edges, {
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy,
    version: manifest.flightdeck,
  });
  if (manifest.outcome !== docs.report.outcome) tampered(`${MANIFEST} says outcome ${manifest.outcome}, the log ${docs.report.outcome} (seq ${last?.seq ?? 0})`);
  if (manifest.flightdeck !== VERSION) {
    return ` (${SUMMARY}, ${REPORT} and ${METRICS_DIR}/ not re-rendered: exported by flightdeck ${manifest.flightdeck}, this is ${VERSION})`;
  }
  for (const [name, text] of [
    [SUMMARY, docs.summary],
    [REPORT, docs.html],
  ] as const) {
    const actual = contents.kept.get(name);
    if (actual && !actual.equals(Buffer.from(text, 'utf8'))) tampered(`${name} does not say what the log says (edited after export)`);
  }
  return ' and the log';
}

/**
 * metrics/ holds exactly the series the log's metric events recorded, each file byte for byte
 * as derived from its event, and manifest.json indexes them. Only for a pack of this
 * version: the file layout is this code's (the manifest's sha256 still pins them otherwise).
 */
function checkMetrics(contents: PackContents, manifest: Manifest, log: LogJudgement): void {
  if (manifest.flightdeck !== VERSION) return;
  const expected = metricFiles(log.events);
  const byPath = new Map(expected.map((m) => [m.path, m]));
  for (const path of contents.files.keys()) {
    if (path.startsWith(`${METRICS_DIR}/`) && !byPath.has(path)) tampered(`${path} is not a metric series the log recorded`);
  }
  for (const m of expected) {
    const actual = contents.kept.get(m.path);
    if (!actual) tampered(`${m.path} (the metric series recorded at seq ${m.seq}) is missing`);
    if (!actual.equals(Buffer.from(m.content, 'utf8'))) tampered(`${m.path} does not say what the log recorded at seq ${m.seq} (edited after export)`);
  }
  const index = JSON.stringify(manifest.metrics ?? []);
  if (index !== JSON.stringify(metricIndex(expected))) tampered(`${MANIFEST} lists metrics files other than the series the log recorded`);
}

export async function verifyPack(contents: PackContents, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let log: LogJudgement | undefined;
  try {
    const manifestBytes = contents.kept.get(MANIFEST);
    if (!manifestBytes) tampered(`${MANIFEST} is missing`);
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    } catch {
      tampered(`${MANIFEST} is not a valid manifest`);
    }
    const auditBytes = contents.kept.get(AUDIT);
    if (!auditBytes) tampered(`${AUDIT} is missing`);
    log = judgeLog(auditBytes);
    if (log.fault !== undefined) tampered(`${AUDIT} ${log.fault}`);
    if (log.tornBytes > 0) tampered(`${AUDIT} is truncated: a torn line after seq ${log.head?.seq ?? 0}`);

    const listed = new Set<string>();
    for (const f of manifest.files) {
      if (!isSafeRelPath(f.path) || f.path === MANIFEST) tampered(`${MANIFEST} lists an invalid path ${JSON.stringify(f.path)}`);
      if (listed.has(f.path)) tampered(`${MANIFEST} lists ${f.path} twice`);
      listed.add(f.path);
      const actual = contents.files.get(f.path);
      if (!actual) tampered(`${f.path} is listed in ${MANIFEST} but missing`);
      if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) tampered(`${f.path} does not match ${MANIFEST} (sha256)`);
    }
    for (const path of contents.files.keys()) {
      if (path !== MANIFEST && !listed.has(path)) tampered(`${path} is in the pack but not in ${MANIFEST}`);
    }
    if (!listed.has(AUDIT)) tampered(`${MANIFEST} does not list ${AUDIT}`);

    checkAnchor(log, manifest.chainHead, MANIFEST);
    if (log.head && log.head.seq !== manifest.chainHead.seq) {
      tampered(`${AUDIT} has events after the chain head in ${MANIFEST} (seq ${manifest.chainHead.seq}): events were added`);
    }
    const session = log.events[0]?.session;
    if (session !== manifest.session) tampered(`${MANIFEST} names session ${manifest.session}, the log ${session ?? 'none'}`);
    const runbookSha = contents.files.get(RUNBOOK)?.sha256;
    if (runbookSha !== manifest.runbook.sha256) tampered(`${RUNBOOK} does not match the runbook sha256 in ${MANIFEST}`);
    checkRunbook(log.events, runbookSha);
    await checkSpools(log.events, async (p) => contents.files.get(p)?.sha256);
    // on the machine the session ran on, the index's head also pins the pack's log
    const stored = session && opts.storedHead ? await opts.storedHead(session) : undefined;
    if (stored && stored.seq <= log.events.length) checkAnchor(log, stored, 'the session index of this machine');
    checkMetrics(contents, manifest, log);
    const rendered = checkRendered(contents, manifest, log);
    return finalVerdict('pack', log, `${contents.files.size} files match ${MANIFEST}${rendered}`);
  } catch (err) {
    if (err instanceof Tampered) return tamperedReport('pack', log, err.message);
    throw err;
  }
}
