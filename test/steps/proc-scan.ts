// For the process-lifetime tests: which processes still carry a block's marker, found by
// scanning /proc as a person would with `grep -l FLIGHTDECK_RUN=… /proc/*/environ`.
import { readdirSync, readFileSync } from 'node:fs';
import { CgroupSet } from '../../src/steps/cgroup.js';
import { pidAlive } from './runner-helpers.js';

export function pidsWithMarker(marker: string): number[] {
  const needle = Buffer.from(`FLIGHTDECK_RUN=${marker}`);
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`).includes(needle) && pidAlive(Number(d))) out.push(Number(d));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return out;
}

/** Whether this machine lets flightdeck make cgroups (root, or a delegated cgroup2 subtree). */
export function cgroupsHere(): boolean {
  const probe = CgroupSet.create(`flightdeck-probe-${process.pid}`);
  probe?.removeEmpty();
  return probe !== undefined;
}

/** Polls until none of `pids` is alive and no process carries `marker`; the survivors otherwise. */
export async function survivors(pids: readonly number[], marker: string, ms: number): Promise<number[]> {
  const left = (): number[] => [...new Set([...pids.filter(pidAlive), ...pidsWithMarker(marker)])];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (left().length === 0) return [];
    await new Promise((r) => setTimeout(r, 50));
  }
  return left();
}
