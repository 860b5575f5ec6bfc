// The tamper suite for audit logs and session directories: every kind of edit to the log
// or the files it vouches for is reported, naming the first bad seq or the file.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_PREV } from '../../src/session/canonical.js';
import { verifyLogBytes, verifyTarget } from '../../src/evidence/verify.js';
import { makeSession, type Fixture } from './helpers/session-fixture.js';

let home: string;
let elsewhere: string;
let fx: Fixture;
let original: Buffer;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'fd-verify-home-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'fd-verify-copy-'));
  fx = await makeSession(home);
  original = readFileSync(fx.audit);
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...process.env, FLIGHTDECK_HOME: home });

function lines(buf: Buffer): string[] {
  return buf.toString('utf8').split('\n').slice(0, -1);
}

function join_(ls: string[]): Buffer {
  return Buffer.from(ls.map((l) => l + '\n').join(''), 'utf8');
}

/** Re-hashes a list of (possibly edited) events into a consistent chain, as a forger would. */
function rechain(events: Record<string, unknown>[]): Buffer {
  let prev = GENESIS_PREV;
  const out: string[] = [];
  for (const e of events) {
    const body = { ...e, prev };
    delete (body as { h?: string }).h;
    const h = chainHash(body);
    out.push(canonicalJson({ ...body, h }));
    prev = h;
  }
  return join_(out);
}

describe('verify: an untouched log', () => {
  it('is intact in its session directory and as a bare copy', async () => {
    const inHome = await verifyTarget(fx.dir, { env: env() });
    expect(inHome.verdict).toBe('intact');
    expect(inHome.message).toMatch(/^intact: session 20261123-100000-abc123 \(run, completed\)/);
    expect(inHome.message).toContain(`chain head seq ${fx.events.length} ${fx.events.at(-1)?.h}`);
    const copy = join(elsewhere, 'audit.jsonl');
    copyFileSync(fx.audit, copy);
    expect((await verifyTarget(copy, { env: env() })).verdict).toBe('intact');
  });
});

describe('verify: edits to single events', () => {
  it('catches a flipped bit (low or high) at every position of every event, naming its seq', () => {
    const ls = lines(original);
    let checked = 0;
    for (let li = 0; li < ls.length; li++) {
      const line = Buffer.from(ls[li] as string, 'utf8');
      // 0x01 keeps most bytes printable (a digit stays a digit); 0x80 makes invalid UTF-8
      for (let n = 0; n < line.length * 2; n++) {
        const pos = n >> 1;
        const edited = Buffer.from(line);
        edited[pos] = (edited[pos] as number) ^ (n & 1 ? 0x80 : 0x01);
        const before = ls.slice(0, li).map((l) => Buffer.from(l + '\n'));
        const after = ls.slice(li + 1).map((l) => Buffer.from(l + '\n'));
        const bytes = Buffer.concat([...before, edited, Buffer.from('\n'), ...after]);
        const r = verifyLogBytes(bytes);
        if (r.verdict !== 'tampered' || !r.message.includes(`seq ${li + 1} `)) {
          throw new Error(`flip at line ${li + 1} byte ${pos} (${String.fromCharCode(line[pos] as number)}) gave: ${r.message}`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(6000);
  });

  it('catches a plausible edit of each field of an event (valid JSON, right types)', () => {
    const events = lines(original).map((l) => JSON.parse(l) as Record<string, unknown>);
    const target = 7; // cmd.exit
    expect(events[target - 1]?.type).toBe('cmd.exit');
    const edits: Record<string, (e: Record<string, unknown>) => void> = {
      v: (e) => (e.v = 2),
      seq: (e) => (e.seq = 60),
      ts: (e) => (e.ts = '2026-11-23T09:00:00.000Z'),
      session: (e) => (e.session = '20261123-100000-ffffff'),
      actor: (e) => (e.actor = 'mallory'),
      type: (e) => (e.type = 'note'),
      data: (e) => ((e.data as Record<string, unknown>).exitCode = 1),
      prev: (e) => (e.prev = 'f'.repeat(64)),
      h: (e) => (e.h = 'e'.repeat(64)),
    };
    for (const [field, edit] of Object.entries(edits)) {
      const copy = events.map((e) => structuredClone(e));
      edit(copy[target - 1] as Record<string, unknown>);
      const r = verifyLogBytes(join_(copy.map((e) => canonicalJson(e))));
      expect(r.verdict, field).toBe('tampered');
      expect(r.message, field).toContain(`seq ${target} `);
    }
  });

  it('catches a line rewritten in a non-canonical form with the same content', () => {
    const ls = lines(original);
    ls[2] = JSON.stringify(JSON.parse(ls[2] as string), null, 1).replaceAll('\n', ' ');
    const r = verifyLogBytes(join_(ls));
    expect(r.verdict).toBe('tampered');
    expect(r.message).toContain('seq 3 ');
  });
});

describe('verify: removed, moved and repeated lines', () => {
  it('catches every deleted line before the last, naming the gap', () => {
    const ls = lines(original);
    for (let k = 0; k < ls.length - 1; k++) {
      const r = verifyLogBytes(join_(ls.filter((_, i) => i !== k)));
      expect(r.verdict, `delete line ${k + 1}`).toBe('tampered');
      expect(r.message).toContain(`seq ${k + 1} `);
    }
  });

  it('reports a missing last line (session.end) as incomplete when nothing anchors the head', () => {
    const r = verifyLogBytes(join_(lines(original).slice(0, -1)));
    expect(r.verdict).toBe('incomplete');
    expect(r.message).toMatch(/has no session\.end/);
  });

  it('catches every swap of neighbouring lines', () => {
    const ls = lines(original);
    for (let k = 0; k < ls.length - 1; k++) {
      const sw = [...ls];
      [sw[k], sw[k + 1]] = [sw[k + 1] as string, sw[k] as string];
      const r = verifyLogBytes(join_(sw));
      expect(r.verdict, `swap ${k + 1}/${k + 2}`).toBe('tampered');
      expect(r.message).toContain(`seq ${k + 1} `);
    }
  });

  it('catches every duplicated line', () => {
    const ls = lines(original);
    for (let k = 0; k < ls.length; k++) {
      const dup = [...ls.slice(0, k + 1), ls[k] as string, ...ls.slice(k + 1)];
      const r = verifyLogBytes(join_(dup));
      expect(r.verdict, `duplicate ${k + 1}`).toBe('tampered');
      expect(r.message).toContain(`seq ${k + 2} `);
    }
  });

  it('catches events appended after session.end, even correctly chained', () => {
    const events = lines(original).map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = events.at(-1) as Record<string, unknown>;
    events.push({ ...last, seq: events.length + 1, type: 'note', data: { text: 'added later' } });
    const r = verifyLogBytes(rechain(events));
    expect(r.verdict).toBe('tampered');
    expect(r.message).toContain(`seq ${events.length}: an event after session.end`);
  });

  it('catches a blank line and an empty log is incomplete, not intact', () => {
    const ls = lines(original);
    expect(verifyLogBytes(join_([...ls.slice(0, 3), '', ...ls.slice(3)])).verdict).toBe('tampered');
    expect(verifyLogBytes(Buffer.alloc(0)).verdict).toBe('incomplete');
  });
});

describe('verify: truncation', () => {
  it('reports a log cut at every position of its last line as incomplete (torn) when nothing anchors the head', () => {
    const lastStart = original.subarray(0, -1).lastIndexOf(0x0a) + 1;
    for (let cut = lastStart; cut < original.length; cut++) {
      const r = verifyLogBytes(original.subarray(0, cut));
      expect(r.verdict, `cut at ${cut}`).toBe('incomplete');
      if (cut > lastStart) expect(r.message).toContain(`torn line (${cut - lastStart} bytes after seq ${fx.events.length - 1}`);
    }
  });
});

describe('verify: a session directory', () => {
  it('names a replaced output spool', async () => {
    writeFileSync(join(fx.dir, 'outputs', 's1.log'), 'HTTP/1.1 200 OK\n{"status":"healthy!"}\n');
    const r = await verifyTarget(fx.dir, { env: env() });
    expect(r.verdict).toBe('tampered');
    expect(r.message).toContain('outputs/s1.log does not match the sha256 recorded at seq 6');
  });

  it('names a deleted output spool', async () => {
    rmSync(join(fx.dir, 'outputs', 's1.log'));
    const r = await verifyTarget(join(fx.dir, 'audit.jsonl'), { env: env() });
    expect(r.message).toContain('outputs/s1.log (recorded at seq 6) is missing');
  });

  it('names an edited runbook copy', async () => {
    writeFileSync(join(fx.dir, 'runbook.md'), readFileSync(join(fx.dir, 'runbook.md'), 'utf8').replace('< 1%', '< 5%'));
    const r = await verifyTarget(fx.dir, { env: env() });
    expect(r.verdict).toBe('tampered');
    expect(r.message).toContain('runbook.md differs from the runbook the session started with');
  });

  it('cannot catch a consistently re-hashed log on its own: that needs an anchored head', () => {
    const events = lines(original).map((l) => JSON.parse(l) as Record<string, unknown>);
    (events[6]?.data as Record<string, unknown>).exitCode = 1;
    (events[3]?.data as Record<string, unknown>).script = 'curl -s https://other.example.test/health';
    const forged = rechain(events);
    expect(forged.equals(original)).toBe(false);
    // documented limitation (README, "Evidence and verification")
    expect(verifyLogBytes(forged).verdict).toBe('intact');
  });
});

describe('verify: usage', () => {
  it('rejects a path that does not exist with a usage error', async () => {
    await expect(verifyTarget(join(elsewhere, 'nope.jsonl'))).rejects.toThrow(/does not exist/);
  });
});

describe('verify: a log in FLIGHTDECK_HOME against the chain head stored in the session index', () => {
  it('catches a consistently re-hashed log after an edit of an early event', async () => {
    const events = lines(original).map((l) => JSON.parse(l) as Record<string, unknown>);
    (events[3]?.data as Record<string, unknown>).script = 'curl -s https://other.example.test/health';
    writeFileSync(fx.audit, rechain(events));
    const r = await verifyTarget(fx.audit, { env: env() });
    expect(r.verdict).toBe('tampered');
    expect(r.message).toContain(`seq ${fx.events.length} hash differs from the chain head in the session index`);
  });

  it('catches a log cut at every position of its last line', async () => {
    const lastStart = original.subarray(0, -1).lastIndexOf(0x0a) + 1;
    for (let cut = lastStart; cut < original.length; cut++) {
      writeFileSync(fx.audit, original.subarray(0, cut));
      const r = await verifyTarget(fx.dir, { env: env() });
      expect(r.verdict, `cut at ${cut}`).toBe('tampered');
      expect(r.message).toContain(`ends at seq ${fx.events.length - 1} but the session index records seq ${fx.events.length}`);
    }
  });

  it('reports a crash (torn line after the last fsynced event) as incomplete, not tampering', async () => {
    const { SessionStore } = await import('../../src/session/store.js');
    const prior = fx.events[fx.events.length - 2];
    await new SessionStore(env()).upsert({ id: fx.id, chainHead: prior?.h ?? '', seq: prior?.seq ?? 0 });
    writeFileSync(fx.audit, original.subarray(0, original.length - 20));
    const r = await verifyTarget(fx.dir, { env: env() });
    expect(r.verdict).toBe('incomplete');
    expect(r.message).toMatch(/torn line/);
  });
});

describe('verify: attached evidence files', () => {
  it('names an attached screenshot that was swapped after the session', async () => {
    const png = Buffer.from('\x89PNG\r\n\x1a\n fake image bytes', 'latin1');
    const home2 = mkdtempSync(join(tmpdir(), 'fd-verify-ev-'));
    const { createHash } = await import('node:crypto');
    const ev = await makeSession(home2, {
      body: [
        { type: 'step.start', data: { stepId: 'e', title: 'Dashboard', line: 1 } },
        { type: 'evidence', data: { stepId: 'e', requirementId: 'r', kind: 'screenshot', value: 'evidence-3-dash.png', sha256: createHash('sha256').update(png).digest('hex') } },
        { type: 'step.end', data: { stepId: 'e', status: 'passed' } },
      ],
    });
    writeFileSync(join(ev.dir, 'outputs', 'evidence-3-dash.png'), png);
    const env2 = { ...process.env, FLIGHTDECK_HOME: home2 };
    expect((await verifyTarget(ev.dir, { env: env2 })).verdict).toBe('intact');
    writeFileSync(join(ev.dir, 'outputs', 'evidence-3-dash.png'), Buffer.concat([png, Buffer.from('!')]));
    expect((await verifyTarget(ev.dir, { env: env2 })).message).toBe('TAMPERED: outputs/evidence-3-dash.png does not match the sha256 recorded at seq 3');
    rmSync(home2, { recursive: true, force: true });
  });
});

describe('verify: a log swapped between sessions', () => {
  it('names a session folder holding another session\'s (valid) log', async () => {
    const other = await makeSession(home, { id: '20261123-110000-def456' });
    copyFileSync(other.audit, fx.audit);
    const r = await verifyTarget(fx.dir, { env: env() });
    expect(r.message).toBe(`TAMPERED: the log in the folder of session ${fx.id} belongs to session ${other.id}`);
  });
});
