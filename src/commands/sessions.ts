// `flightdeck sessions [--json]`: the session index, newest first.
import { lockHolder } from '../session/lock.js';
import { sessionPaths } from '../session/session-dir.js';
import { SessionStore, type SessionIndexEntry } from '../session/store.js';
import { StepLabels } from './step-label.js';

type Listed = SessionIndexEntry & { open: boolean };

export async function sessionsCommand(opts: { json?: boolean }): Promise<number> {
  const store = new SessionStore();
  const rows: Listed[] = (await store.list()).map((r) => ({ ...r, open: lockHolder(sessionPaths(r.id).lock) !== undefined }));
  if (store.rebuilt) process.stderr.write(`flightdeck: ${store.rebuilt}\n`);
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write('No sessions yet. Start one with: flightdeck rehearse <runbook.md>\n');
    return 0;
  }
  const labels = new StepLabels();
  const table = rows.map((r) => [
    r.id,
    r.mode === 'rehearsal' ? 'REHEARSAL' : 'run',
    statusOf(r),
    r.started.slice(0, 16).replace('T', ' '),
    r.lastStep ? labels.label(r.id, r.sha256, r.lastStep) : '-',
    r.title || r.runbook,
  ]);
  const head = ['ID', 'MODE', 'STATUS', 'STARTED (UTC)', 'LAST STEP', 'RUNBOOK'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  process.stdout.write([line(head), ...table.map(line)].join('\n') + '\n');
  return 0;
}

/** An "active" row nobody holds is a session that stopped without closing (a crash). */
function statusOf(r: Listed): string {
  if (r.status === 'active' && !r.open) return 'interrupted';
  if (r.open) return `${r.status} (open)`;
  return r.status;
}
