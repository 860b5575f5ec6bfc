// The tamper suite for evidence packs: directory and .tar.gz, every file, the manifest,
// a forged consistent chain, and archives built to escape on extraction.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { readPackDir } from '../../src/evidence/pack-files.js';
import { renderPackDocs } from '../../src/evidence/render-pack.js';
import type { AuditEvent } from '../../src/session/audit-event.js';
import { verifyTarget } from '../../src/evidence/verify.js';
import { canonicalJson, chainHash, GENESIS_PREV } from '../../src/session/canonical.js';
import { forgeTarGz, refreshManifest, sha256 } from './helpers/pack-tools.js';
import { makeSession, type Fixture } from './helpers/session-fixture.js';

let home: string;
let work: string;
let fx: Fixture;
let pack: string;
let tgz: string;
/** A FLIGHTDECK_HOME without this session: verifying "on another machine". */
let otherHome: string;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'fd-pack-home-'));
  work = mkdtempSync(join(tmpdir(), 'fd-pack-out-'));
  otherHome = mkdtempSync(join(tmpdir(), 'fd-pack-other-'));
  fx = await makeSession(home);
  const env = { ...process.env, FLIGHTDECK_HOME: home };
  pack = (await exportSession(fx.id, { env, out: join(work, 'pack') })).path;
  tgz = (await exportSession(fx.id, { env, out: join(work, 'pack.tar.gz') })).path;
});

afterEach(() => {
  for (const d of [home, work, otherHome]) rmSync(d, { recursive: true, force: true });
});

const elsewhere = (): { env: NodeJS.ProcessEnv } => ({ env: { ...process.env, FLIGHTDECK_HOME: otherHome } });
const here = (): { env: NodeJS.ProcessEnv } => ({ env: { ...process.env, FLIGHTDECK_HOME: home } });

function packFiles(): string[] {
  const m = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  return [...m.files.map((f) => f.path), 'manifest.json'];
}

function rechained(text: string, edit: (events: Record<string, unknown>[]) => void): { bytes: string; head: { seq: number; h: string } } {
  const events = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  edit(events);
  let prev = GENESIS_PREV;
  let seq = 0;
  const out: string[] = [];
  for (const e of events) {
    const body: Record<string, unknown> = { ...e, prev };
    delete body.h;
    const h = chainHash(body);
    out.push(canonicalJson({ ...body, h }));
    prev = h;
    seq = e.seq as number;
  }
  return { bytes: out.map((l) => l + '\n').join(''), head: { seq, h: prev } };
}

describe('verify: an untouched pack', () => {
  it('is intact as a directory, as a .tar.gz, and through its audit.jsonl', async () => {
    for (const target of [pack, tgz, join(pack, 'audit.jsonl')]) {
      const r = await verifyTarget(target, elsewhere());
      expect(r.verdict, target).toBe('intact');
      expect(r.message).toContain(`chain head seq ${fx.events.length} ${fx.events.at(-1)?.h}`);
    }
    expect((await verifyTarget(pack, here())).verdict).toBe('intact');
  });
});

describe('verify: edited pack files', () => {
  it('names every file of the pack when one byte of it is flipped (start, middle, end)', async () => {
    for (const rel of packFiles()) {
      const path = join(pack, ...rel.split('/'));
      const original = readFileSync(path);
      for (const pos of [0, Math.floor(original.length / 2), original.length - 2]) {
        const edited = Buffer.from(original);
        edited[pos] = (edited[pos] as number) ^ 0x01;
        writeFileSync(path, edited);
        const r = await verifyTarget(pack, elsewhere());
        expect(r.verdict, `${rel}@${pos}`).toBe('tampered');
        if (rel === 'manifest.json') expect(r.message).toMatch(/manifest\.json|does not match/);
        else if (rel === 'audit.jsonl') expect(r.message).toMatch(/audit\.jsonl seq \d+/);
        else expect(r.message).toContain(rel);
      }
      writeFileSync(path, original);
    }
    expect((await verifyTarget(pack, elsewhere())).verdict).toBe('intact');
  });

  it('names a file present but not in the manifest, and a listed file that is missing', async () => {
    writeFileSync(join(pack, 'outputs', 'extra.log'), 'planted\n');
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: outputs/extra.log is in the pack but not in manifest.json');
    rmSync(join(pack, 'outputs', 'extra.log'));
    rmSync(join(pack, 'summary.md'));
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: summary.md is listed in manifest.json but missing');
  });

  it('refuses a symbolic link inside a pack directory', async () => {
    rmSync(join(pack, 'outputs', 's1.log'));
    symlinkSync('/etc/hostname', join(pack, 'outputs', 's1.log'));
    const r = await verifyTarget(pack, elsewhere());
    expect(r.verdict).toBe('tampered');
    expect(r.message).toContain('outputs/s1.log is a symbolic link');
  });

  it('catches a replaced output even with the manifest recomputed (through the log)', async () => {
    writeFileSync(join(pack, 'outputs', 's1.log'), 'HTTP/1.1 200 OK\n{"status":"fine, really"}\n');
    refreshManifest(pack, ['outputs/s1.log']);
    const r = await verifyTarget(pack, elsewhere());
    expect(r.message).toBe('TAMPERED: outputs/s1.log does not match the sha256 recorded at seq 6');
  });

  it('catches an edited runbook copy even with the manifest recomputed (through session.start)', async () => {
    writeFileSync(join(pack, 'runbook.md'), readFileSync(join(pack, 'runbook.md'), 'utf8').replace('< 1%', '< 5%'));
    refreshManifest(pack, ['runbook.md']);
    const r = await verifyTarget(pack, elsewhere());
    expect(r.message).toContain('runbook.md differs from the runbook the session started with');
  });

  it('catches a log truncated at every position of its last line', async () => {
    const path = join(pack, 'audit.jsonl');
    const original = readFileSync(path);
    const lastStart = original.subarray(0, -1).lastIndexOf(0x0a) + 1;
    for (let cut = lastStart; cut < original.length; cut++) {
      writeFileSync(path, original.subarray(0, cut));
      refreshManifest(pack, ['audit.jsonl']);
      const r = await verifyTarget(pack, elsewhere());
      expect(r.verdict, `cut ${cut}`).toBe('tampered');
      expect(r.message).toMatch(cut === lastStart ? /ends at seq \d+ but manifest\.json records seq/ : /truncated: a torn line/);
    }
  });
});

describe('verify: a consistently re-hashed log after editing an early event', () => {
  it('is caught by the manifest (file hash, chain head), the re-rendered summary, and the index head of this machine', async () => {
    const path = join(pack, 'audit.jsonl');
    const forged = rechained(readFileSync(path, 'utf8'), (events) => {
      ((events[3] as Record<string, unknown>).data as Record<string, unknown>).script = 'true';
    });
    writeFileSync(path, forged.bytes);
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: audit.jsonl does not match manifest.json (sha256)');

    refreshManifest(pack, ['audit.jsonl']);
    expect((await verifyTarget(pack, elsewhere())).message).toMatch(/seq 19 hash differs from the chain head in manifest\.json: the log was rewritten/);

    // the manifest's head rewritten too: the readable files still show the old chain head
    refreshManifest(pack, ['audit.jsonl'], forged.head);
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: summary.md does not say what the log says (edited after export)');

    // a forger who re-renders summary.md and report.html as well: only an anchored head catches it
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as { exportedAt: string; exportedBy: string; flightdeck: string };
    const edges = (await readPackDir(pack)).edges;
    const docs = renderPackDocs(
      forged.bytes.trim().split('\n').map((l) => JSON.parse(l) as AuditEvent),
      readFileSync(join(pack, 'runbook.md')),
      edges,
      { exportedAt: manifest.exportedAt, exportedBy: manifest.exportedBy, version: manifest.flightdeck },
    );
    writeFileSync(join(pack, 'summary.md'), docs.summary);
    writeFileSync(join(pack, 'report.html'), docs.html);
    refreshManifest(pack, ['summary.md', 'report.html']);
    const there = await verifyTarget(pack, elsewhere());
    expect(there.verdict).toBe('intact');
    expect(there.message).not.toContain(fx.events.at(-1)?.h as string);
    const onThisMachine = await verifyTarget(pack, here());
    expect(onThisMachine.verdict).toBe('tampered');
    expect(onThisMachine.message).toContain('differs from the chain head in the session index of this machine');
  });
});

describe('verify: archives', () => {
  it('catches a corrupted or truncated .tar.gz', async () => {
    const original = readFileSync(tgz);
    const flipped = Buffer.from(original);
    flipped[Math.floor(original.length / 2)] = (flipped[Math.floor(original.length / 2)] as number) ^ 0xff;
    writeFileSync(tgz, flipped);
    expect((await verifyTarget(tgz, elsewhere())).verdict).toBe('tampered');
    writeFileSync(tgz, original.subarray(0, original.length - 40));
    expect((await verifyTarget(tgz, elsewhere())).verdict).toBe('tampered');
  });

  it('refuses entries that would escape or alias on extraction, without writing anything', async () => {
    const good = (name: string): { name: string; content: string } => ({ name, content: readFileSync(join(pack, name), 'utf8') });
    const base = [good('manifest.json'), good('audit.jsonl'), good('runbook.md')];
    const cases: [string, Parameters<typeof forgeTarGz>[1], RegExp][] = [
      ['dotdot', [...base, { name: '../evil.sh', content: 'rm -rf ~' }], /unsafe path in the archive: "\.\.\/evil\.sh"/],
      ['nested dotdot', [...base, { name: 'outputs/../../evil', content: 'x' }], /unsafe path/],
      ['absolute', [...base, { name: '/etc/cron.d/evil', content: 'x' }], /unsafe path/],
      ['symlink', [...base, { name: 'outputs/s1.log', type: '2', linkname: '/etc/shadow' }], /symbolic link \(outputs\/s1\.log\)/],
      ['hard link', [...base, { name: 'outputs/s1.log', type: '1', linkname: 'runbook.md' }], /hard link/],
      ['device', [...base, { name: 'dev', type: '3' }], /entry of type '3'/],
      ['duplicate', [...base, good('runbook.md')], /holds runbook\.md twice/],
    ];
    for (const [label, entries, message] of cases) {
      const file = join(work, `${label.replace(/ /g, '-')}.tar.gz`);
      forgeTarGz(file, entries);
      const r = await verifyTarget(file, elsewhere());
      expect(r.verdict, label).toBe('tampered');
      expect(r.message, label).toMatch(message);
    }
    const hidden = join(work, 'hidden.tar.gz');
    forgeTarGz(hidden, base, Buffer.concat([Buffer.from('outputs/s1.log'), Buffer.alloc(498)]));
    expect((await verifyTarget(hidden, elsewhere())).message).toMatch(/data after its end marker/);
  });

  it('accepts a pack re-archived flat (no top folder) and catches an edit inside the archive', async () => {
    const entries = packFiles().map((name) => ({ name, content: readFileSync(join(pack, ...name.split('/'))) }));
    const flat = join(work, 'flat.tar.gz');
    forgeTarGz(flat, entries);
    expect((await verifyTarget(flat, elsewhere())).verdict).toBe('intact');
    const edited = entries.map((e) => (e.name === 'summary.md' ? { ...e, content: Buffer.from(String(e.content).replace('COMPLETED', 'COMPLETED!')) } : e));
    forgeTarGz(flat, edited);
    expect((await verifyTarget(flat, elsewhere())).message).toBe('TAMPERED: summary.md does not match manifest.json (sha256)');
  });

  it('verifies a pack moved to another place (paths are relative)', async () => {
    const moved = join(otherHome, 'moved');
    cpSync(pack, moved, { recursive: true });
    renameSync(tgz, join(otherHome, 'p.tgz'));
    expect((await verifyTarget(moved, elsewhere())).verdict).toBe('intact');
    expect((await verifyTarget(join(otherHome, 'p.tgz'), elsewhere())).verdict).toBe('intact');
    expect(sha256(readFileSync(join(moved, 'audit.jsonl')))).toBe(sha256(readFileSync(fx.audit)));
  });
});

describe('verify: what is not a pack or a log', () => {
  it('calls a pack directory without its manifest tampered, not a session directory', async () => {
    rmSync(join(pack, 'manifest.json'));
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: manifest.json is missing from the pack');
  });

  it('rejects an unrelated file and an empty folder as usage errors (exit 2)', async () => {
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'shopping list\n');
    await expect(verifyTarget(notes, elsewhere())).rejects.toMatchObject({ exitCode: 2, message: `${notes} is not an audit log, a pack directory or a .tar.gz pack` });
    const empty = mkdtempSync(join(work, 'empty-'));
    await expect(verifyTarget(empty, elsewhere())).rejects.toMatchObject({ exitCode: 2 });
  });
});

const systemTar = ['/usr/bin/tar', '/bin/tar'].find((p) => existsSync(p));

describe.skipIf(!systemTar)('verify: a pack re-archived with the system tar', () => {
  it('accepts GNU, pax and flat (./) archives of the pack directory', async () => {
    const tar = systemTar as string;
    const variants: [string, string[]][] = [
      ['gnu.tgz', ['-czf', join(work, 'gnu.tgz'), '-C', work, 'pack']],
      ['pax.tgz', ['--format=pax', '-czf', join(work, 'pax.tgz'), '-C', work, 'pack']],
      ['flat.tgz', ['-czf', join(work, 'flat.tgz'), '-C', pack, '.']],
    ];
    for (const [name, args] of variants) {
      execFileSync(tar, args);
      const r = await verifyTarget(join(work, name), elsewhere());
      expect(r.verdict, `${name}: ${r.message}`).toBe('intact');
    }
  });
});

describe('verify: the readable files and the manifest\'s claims', () => {
  it('catches report.html and summary.md edited with the manifest recomputed', async () => {
    const report = join(pack, 'report.html');
    const html = readFileSync(report, 'utf8');
    writeFileSync(report, html.replace('<div class="banner warn">COMPLETED', '<div class="banner ok">COMPLETED'));
    refreshManifest(pack, ['report.html']);
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: report.html does not say what the log says (edited after export)');
    writeFileSync(report, html);
    refreshManifest(pack, ['report.html']);
    const summary = join(pack, 'summary.md');
    writeFileSync(summary, readFileSync(summary, 'utf8').replace('| 2 | Watch the error rate | waived', '| 2 | Watch the error rate | passed'));
    refreshManifest(pack, ['summary.md']);
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: summary.md does not say what the log says (edited after export)');
  });

  it('catches a manifest claiming another mode or outcome', async () => {
    const path = join(pack, 'manifest.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('"mode": "run"', '"mode": "rehearsal"'));
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: manifest.json says mode rehearsal, the log run');
    writeFileSync(path, original.replace('"outcome": "completed"', '"outcome": "aborted"'));
    expect((await verifyTarget(pack, elsewhere())).message).toBe('TAMPERED: manifest.json says outcome aborted, the log completed (seq 19)');
  });

  it('says so when the pack was made by another flightdeck version and its pages cannot be re-rendered', async () => {
    const path = join(pack, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"flightdeck": "[^"]*"/, '"flightdeck": "9.9.9"'));
    const r = await verifyTarget(pack, elsewhere());
    expect(r.verdict).toBe('intact');
    expect(r.message).toMatch(/\(summary\.md, report\.html and metrics\/ not re-rendered: exported by flightdeck 9\.9\.9, this is \S+\)/);
  });
});
