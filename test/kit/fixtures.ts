// Builders for runbooks and for the states a crash leaves on disk.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { KitSession } from './session.js';

export interface StepSpec {
  title: string;
  /** A bash block. */
  bash?: string;
  /** Checklist items. */
  items?: string[];
}

/** A runbook text: a title, one `## Steps` section, a `### Step n:` heading per step. */
export function runbookText(title: string, steps: StepSpec[]): string {
  const body = steps.map((s, i) => {
    const parts = [`### Step ${i + 1}: ${s.title}`, ''];
    for (const item of s.items ?? []) parts.push(`- [ ] ${item}`);
    if (s.bash !== undefined) parts.push('```bash', s.bash, '```');
    return parts.join('\n');
  });
  return `# ${title}\n\n## Steps\n\n${body.join('\n\n')}\n`;
}

/** A pid that belonged to a process that has exited (what a kill -9 leaves in the lock). */
export function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/**
 * What kill -9 of flightdeck leaves while a command runs: the log as it was with the command
 * started (cmd.start is fsynced before the process exists) and no exit, and a lock naming a
 * dead process. Call while the command runs; the engine is then closed (its command ended)
 * and the files are put back as the crash left them.
 */
export async function crashDuringCommand(session: KitSession): Promise<void> {
  const log = readFileSync(session.paths.audit);
  await session.engine.cancelRunning();
  await session.engine.suspend();
  writeFileSync(session.paths.audit, log);
  writeFileSync(session.paths.lock, JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString() }) + '\n');
}
