import { exportSession } from '../evidence/export.js';
import { outcomeBanner } from '../evidence/summary-md.js';

export async function exportCommand(id: string, opts: { out?: string; force?: boolean }): Promise<number> {
  const r = await exportSession(id, { ...(opts.out !== undefined ? { out: opts.out } : {}), force: opts.force === true });
  const lines = [
    `exported session ${id} to ${r.path} (${r.manifest.files.length + 1} files)`,
    `outcome: ${outcomeBanner(r.report)}`,
    `chain head: seq ${r.manifest.chainHead.seq} ${r.manifest.chainHead.h}  (paste it into the change ticket)`,
  ];
  if (r.tornBytes > 0) lines.push(`note: the log ended in a torn line (${r.tornBytes} bytes, a crash mid-write); the pack holds the events before it`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
