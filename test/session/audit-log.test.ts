import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';
import { AuditLog, type AuditFs } from '../../src/session/audit-log.js';
import { parseAuditLog, readAuditLog } from '../../src/session/audit-read.js';
import { GENESIS_PREV, chainHash } from '../../src/session/canonical.js';
import { createSessionDir, newSessionId } from '../../src/session/session-dir.js';

function tempLogPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'fd-audit-')), 'audit.jsonl');
}

function countingFs(): { fs: AuditFs; fsyncs: () => number } {
  let n = 0;
  return {
    fs: {
      ...fs,
      fsyncSync: (fd: number) => {
        n++;
        fs.fsyncSync(fd);
      },
    },
    fsyncs: () => n,
  };
}

function writeSampleLog(path: string, n: number): void {
  const log = AuditLog.create(path, 'S1');
  log.append('session.start', { runbook: 'r.md', mode: 'run' }, 'alice');
  for (let i = 2; i <= n; i++) {
    // nested "prev" keys and quotes must not confuse where the writer puts "h"
    log.append('note', { text: `note ${i} ✅ ünïcode ,"prev":"`, z: { prev: 'x', a: [{ prev: 'y' }] } }, 'alice');
  }
  log.close();
}

describe('audit log: chain', () => {
  it('writes canonical lines with seq from 1 and a prev/h chain the reader verifies', () => {
    const path = tempLogPath();
    writeSampleLog(path, 5);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prev).toBe(GENESIS_PREV);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prev).toBe(events[i - 1]?.h);
    for (const e of events) expect(e.h).toBe(chainHash(e));
    // sorted keys, no whitespace
    expect(lines[0]).toMatch(/^\{"actor":"alice","data":\{"mode":"run","runbook":"r.md"\},"h":"[0-9a-f]{64}","prev":"0{64}","seq":1,"session":"S1","ts":"[^"]+","type":"session.start","v":1\}$/);
    const read = parseAuditLog(readFileSync(path));
    expect(read.fault).toBeUndefined();
    expect(read.events).toHaveLength(5);
    expect(read.head).toBe(events[4]?.h);
  });

  it('creates the log 0600 in a 0700 session dir with a byte-exact runbook copy', () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-home-'));
    const bytes = Buffer.from('# Title\r\n\r\n- [ ] step ðŸ“– \u00ff\n', 'latin1');
    const paths = createSessionDir(newSessionId(), bytes, { FLIGHTDECK_HOME: home });
    const log = AuditLog.create(paths.audit, 'S');
    log.append('session.start', {}, 'a');
    log.close();
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(statSync(paths.audit).mode & 0o777).toBe(0o600);
    expect(statSync(paths.runbook).mode & 0o777).toBe(0o600);
    expect(readFileSync(paths.runbook).equals(bytes)).toBe(true);
    expect(statSync(paths.outputs).isDirectory()).toBe(true);
  });

  it('reports the first bad seq when a byte is flipped', async () => {
    const path = tempLogPath();
    writeSampleLog(path, 6);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    lines[3] = (lines[3] as string).replace('note 4', 'note X');
    writeFileSync(path, lines.join('\n'));
    const read = await readAuditLog(path);
    expect(read.fault?.seq).toBe(4);
    expect(read.fault?.reason).toMatch(/hash/);
    expect(read.events).toHaveLength(3);
  });

  it('refuses to append to a log whose complete lines do not verify', () => {
    const path = tempLogPath();
    writeSampleLog(path, 3);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"seq":2', '"seq":7'));
    expect(() => AuditLog.open(path, 'bob')).toThrow(/damaged at seq 2/);
  });
});

describe('audit log: fsync points', () => {
  it('fsyncs right after cmd.start, signoff, decision and session.end, and group-commits the rest', async () => {
    const path = tempLogPath();
    const c = countingFs();
    const heads: number[] = [];
    let synced: (() => void) | undefined;
    const log = AuditLog.create(path, 'S', {
      fs: c.fs,
      groupCommitMs: 20,
      onSync: (h) => {
        heads.push(h.seq);
        synced?.();
      },
    });
    log.append('session.start', {}, 'a');
    for (let i = 0; i < 50; i++) log.append('note', { i }, 'a');
    expect(c.fsyncs()).toBe(0);
    const sizeBefore = statSync(path).size;
    log.append('cmd.start', { script: 'echo hi' }, 'a');
    expect(c.fsyncs()).toBe(1);
    // the line is on disk before the command would start
    expect(statSync(path).size).toBeGreaterThan(sizeBefore);
    log.append('output', {}, 'a');
    log.append('cmd.exit', { code: 0 }, 'a');
    expect(c.fsyncs()).toBe(1);
    log.append('signoff', { role: 'SRE' }, 'a');
    expect(c.fsyncs()).toBe(2);
    log.append('decision', { answer: 'Yes' }, 'a');
    expect(c.fsyncs()).toBe(3);
    log.append('step.end', {}, 'a');
    log.append('note', {}, 'a');
    await new Promise<void>((resolve) => (synced = resolve)); // the group commit
    expect(c.fsyncs()).toBe(4); // one for both
    log.append('session.end', { outcome: 'completed' }, 'a');
    expect(c.fsyncs()).toBe(5);
    log.close();
    expect(c.fsyncs()).toBe(5); // nothing pending
    expect(heads).toEqual([52, 55, 56, 58, 59]);
  });
});

describe('audit log: torn tail', () => {
  it('repairs a last line torn at every byte offset, appending a recovery event', () => {
    const path = tempLogPath();
    writeSampleLog(path, 4);
    const whole = readFileSync(path);
    const lastStart = whole.subarray(0, whole.length - 1).lastIndexOf(0x0a) + 1;
    const prefix = whole.subarray(0, lastStart);
    // every cut of the last line: 1..len bytes of it, including the whole line without its newline
    for (let cut = lastStart + 1; cut < whole.length; cut++) {
      const p = tempLogPath();
      writeFileSync(p, whole.subarray(0, cut));
      const opened = AuditLog.open(p, 'bob');
      opened.log.close();
      expect(opened.repairedBytes).toBe(cut - lastStart);
      const after = readFileSync(p);
      expect(after.subarray(0, lastStart).equals(prefix)).toBe(true);
      const read = parseAuditLog(after);
      expect(read.fault).toBeUndefined();
      expect(read.tornTailBytes).toBe(0);
      expect(read.events.map((e) => e.type)).toEqual(['session.start', 'note', 'note', 'recovery']);
      expect(read.events[3]?.data).toMatchObject({ reason: 'torn-tail', truncatedBytes: cut - lastStart });
      expect(read.events[3]?.actor).toBe('bob');
    }
  });

  it('opens an intact log without a recovery event and continues the chain', () => {
    const path = tempLogPath();
    writeSampleLog(path, 3);
    const opened = AuditLog.open(path, 'bob');
    expect(opened.repairedBytes).toBe(0);
    expect(opened.events).toHaveLength(3);
    opened.log.append('note', { text: 'again' }, 'bob');
    opened.log.close();
    const read = parseAuditLog(readFileSync(path));
    expect(read.fault).toBeUndefined();
    expect(read.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});

const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

describe('audit log: kill -9 during a write loop', () => {
  it('always opens and verifies up to its last complete line', async () => {
    const { spawn } = await import('node:child_process');
    const writer = new URL('./fixtures/audit-writer.ts', import.meta.url).pathname;
    for (let round = 0; round < 4; round++) {
      const path = tempLogPath();
      // tsx by its path: the test runs in a temp directory, where 'tsx' does not resolve
      const child = spawn(process.execPath, ['--import', TSX_LOADER, writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 30 + round * 40));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const before = parseAuditLog(readFileSync(path));
      expect(before.fault).toBeUndefined();
      expect(before.events.length).toBeGreaterThan(1);
      const opened = AuditLog.open(path, 'survivor');
      opened.log.append('note', { text: 'after the crash' }, 'survivor');
      opened.log.close();
      const after = parseAuditLog(readFileSync(path));
      expect(after.fault).toBeUndefined();
      expect(after.events.length).toBe(before.events.length + (before.tornTailBytes > 0 ? 2 : 1));
      expect(after.events.at(-1)?.actor).toBe('survivor');
    }
  });
});
