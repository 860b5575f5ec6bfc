// Amortised cost of one audit-log append (hash chain, canonical JSON, the fsync points of
// DESIGN.md section 4) against the floor any writer pays on this disk: an unsynced
// appendFileSync of each JSON line plus one write+fsync per durability point. With fsync
// stubbed out, against the unsynced appends alone.
import * as nodeFs from 'node:fs';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { notAvailable, ratioRow, type BenchRow } from './report.js';
import { median, nowMs } from './stats.js';
import { firstLine, loadExport } from './load-src.js';

const NAME = 'audit append (per event) vs the floor: plain writes + the same fsyncs';
const STUBBED = 'audit append with fsync stubbed vs unsynced appendFileSync';
const TRIALS = 5;

interface LogLike {
  append(type: string, data: Record<string, unknown>, actor: string): unknown;
  close(): void;
}
type Create = (path: string, sessionId: string, opts: { fs?: typeof nodeFs }) => LogLike;

/** The event sequence of walking a 300-step runbook where every step runs one command. */
function sessionEvents(): { type: string; data: Record<string, unknown> }[] {
  const events: { type: string; data: Record<string, unknown> }[] = [
    { type: 'session.start', data: { runbook: 'runbooks/prod.md', sha256: 'a'.repeat(64), mode: 'run', host: 'ops-1', user: 'alice', version: '0.1.0' } },
  ];
  for (let i = 1; i <= 300; i++) {
    const step = `s${i}`;
    events.push({ type: 'step.start', data: { step } });
    events.push({
      type: 'cmd.start',
      data: { step, command: `${step}-c1`, cwd: '/srv/deploy', env: ['APP_NAME', 'RESOURCE_GROUP'], script: `az containerapp revision list --name "$APP_NAME" --resource-group "$RESOURCE_GROUP" --query "[?properties.active]" -o table # ${i}` },
    });
    events.push({ type: 'output', data: { step, file: `outputs/${step}.log`, sha256: 'b'.repeat(64), bytes: 4096 + i, lines: 40 } });
    events.push({ type: 'cmd.exit', data: { step, code: 0, signal: null, durationMs: 1200 + i } });
    events.push({ type: 'check', data: { step, expected: 'Succeeded', actual: 'Succeeded', result: 'pass' } });
    if (i % 3 === 0) events.push({ type: 'note', data: { step, text: `checked the dashboard after step ${i}` } });
    if (i % 10 === 0) events.push({ type: 'decision', data: { step, question: 'Error rate > 5%?', answer: 'No', who: 'alice' } });
    if (i % 50 === 0) events.push({ type: 'signoff', data: { step, role: 'Technical Lead', name: 'bob', source: 'prompt' } });
    events.push({ type: 'step.end', data: { step, status: 'passed' } });
  }
  events.push({ type: 'session.end', data: { outcome: 'completed' } });
  return events;
}

async function loadCreate(): Promise<Create | string> {
  const cls = await loadExport('src/session/audit-log.ts', 'AuditLog');
  if (typeof cls === 'string') return cls;
  const create = typeof cls === 'function' ? (cls as unknown as Record<string, unknown>).create : undefined;
  if (typeof create !== 'function') return 'AuditLog has no static create() yet';
  return (create as Create).bind(cls);
}

export async function benchAudit(tmp: string): Promise<BenchRow[]> {
  const create = await loadCreate();
  if (typeof create === 'string') return [notAvailable(NAME, '<= 1.25x', create, 'us')];

  const events = sessionEvents();
  let fsyncs = 0;
  const countingFs: typeof nodeFs = {
    ...nodeFs,
    fsyncSync: (fd: number) => {
      fsyncs++;
      nodeFs.fsyncSync(fd);
    },
  };

  const unsyncedFs: typeof nodeFs = { ...nodeFs, fsyncSync: () => undefined };

  const logged = (dir: string, fs: typeof nodeFs, name = 'audit.jsonl'): number => {
    const start = nowMs();
    const log = create(join(dir, name), 'bench-session', { fs });
    for (const e of events) log.append(e.type, e.data, 'alice');
    log.close();
    return nowMs() - start;
  };
  const plain = (dir: string): number => {
    const path = join(dir, 'plain.jsonl');
    const start = nowMs();
    let seq = 0;
    for (const e of events) {
      seq++;
      const line = { v: 1, seq, ts: new Date().toISOString(), session: 'bench-session', actor: 'alice', type: e.type, data: e.data, prev: 'c'.repeat(64), h: 'd'.repeat(64) };
      appendFileSync(path, JSON.stringify(line) + '\n');
    }
    return nowMs() - start;
  };

  /**
   * The floor, done rather than extrapolated: the cheapest writer with the same durability,
   * one write(2) of each JSON line to a kept-open file, and at each point where the log must
   * be durable (the same events, in the same places) one fsync. A median fsync times their
   * number understated it: fsync latency has a long tail, and a log pays every fsync.
   */
  const floor = (dir: string, syncAfter: ReadonlySet<string>): { ms: number; fsyncs: number } => {
    const fd = nodeFs.openSync(join(dir, 'floor.jsonl'), 'a', 0o600);
    let seq = 0;
    let synced = 0;
    const start = nowMs();
    for (const e of events) {
      seq++;
      const line = { v: 1, seq, ts: new Date().toISOString(), session: 'bench-session', actor: 'alice', type: e.type, data: e.data, prev: 'c'.repeat(64), h: 'd'.repeat(64) };
      nodeFs.writeSync(fd, JSON.stringify(line) + '\n');
      if (syncAfter.has(e.type)) {
        nodeFs.fsyncSync(fd);
        synced++;
      }
    }
    nodeFs.fsyncSync(fd);
    const ms = nowMs() - start;
    nodeFs.closeSync(fd);
    return { ms, fsyncs: synced + 1 };
  };

  const loggedRuns: number[] = [];
  const plainRuns: number[] = [];
  const unsyncedRuns: number[] = [];
  const floorRuns: number[] = [];
  const syncAfter = await loadExport('src/session/audit-event.ts', 'SYNC_AFTER');
  if (!(syncAfter instanceof Set)) return [notAvailable(NAME, '<= 1.25x', 'SYNC_AFTER not found', 'us')];
  let floorSyncs: number;
  try {
    for (let i = 0; i <= TRIALS; i++) {
      const dir = mkdtempSync(join(tmp, 'audit-'));
      fsyncs = 0;
      const a = logged(dir, countingFs);
      const syncsPerSession = fsyncs;
      const b = plain(dir);
      const c = logged(dir, unsyncedFs, 'unsynced.jsonl');
      const f = floor(dir, syncAfter as ReadonlySet<string>);
      rmSync(dir, { recursive: true, force: true });
      if (i === 0) continue; // warm-up
      loggedRuns.push(a);
      plainRuns.push(b);
      unsyncedRuns.push(c);
      floorRuns.push(f.ms);
      floorSyncs = f.fsyncs;
      if (i === TRIALS) {
        const perEvent = (ms: number) => (ms * 1000) / events.length;
        const plainMs = median(plainRuns);
        const floorMs = median(floorRuns);
        return [
          ratioRow(NAME, perEvent(median(loggedRuns)), perEvent(floorMs), 1.25, 'us',
            `${events.length} events of a 300-step session, ${syncsPerSession} fsyncs (one per command, decision, sign-off, end); ` +
              `floor: one write(2) of each line to a kept-open file plus an fsync at each of the same points (${floorSyncs} fsyncs, ${median(floorRuns).toFixed(0)} ms a session on this disk)`),
          ratioRow(STUBBED, perEvent(median(unsyncedRuns)), perEvent(plainMs), 2, 'us',
            'hash chain, canonical JSON and writes, without the device flush; baseline opens, appends and closes per event'),
          {
            ...ratioRow('audit append (per event) vs unsynced appendFileSync', perEvent(median(loggedRuns)), perEvent(plainMs), 2, 'us'),
            budget: '(info)',
            status: 'info',
          },
        ];
      }
    }
  } catch (err) {
    return [notAvailable(NAME, '<= 1.25x', `AuditLog failed: ${firstLine(err)}`, 'us')];
  }
  return [notAvailable(NAME, '<= 1.25x', 'no trials ran', 'us')];
}
