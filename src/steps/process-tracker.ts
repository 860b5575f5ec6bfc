// Ancestry tracking, for blocks that run without a cgroup: while a block's processes live,
// the children of every tracked process are noted (pid and start time) every 100 ms from
// /proc/<pid>/task/<tid>/children. A process that leaves the process group and clears its
// environment (`setsid env -i sleep 300 &`) carries nothing that names it as the block's,
// but once seen as a child it stays tracked after its parent is gone. The start time
// guards against a pid the system has since given to someone else.
import { readdirSync, readFileSync } from 'node:fs';
import { readStat } from './shell-runner-procs.js';

interface Tracked {
  start: string;
  /** The run it belongs to (its marker value). */
  tag: string;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tasks) {
    try {
      for (const word of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) {
        const child = Number(word);
        if (child > 0) out.push(child);
      }
    } catch {
      // The task ended.
    }
  }
  return out;
}

export class AncestryTracker {
  private readonly tracked = new Map<number, Tracked>();
  private timer: NodeJS.Timeout | undefined;

  /** `onTracked` hears of each newly tracked process (the watchdog is told). */
  constructor(
    private readonly onTracked: (pid: number, start: string) => void,
    private readonly intervalMs = 100,
  ) {}

  /** Tracks `pid` and, from now on, its descendants, under `tag`. */
  add(pid: number, tag: string): void {
    const info = readStat(pid);
    if (!info || this.tracked.has(pid)) return;
    this.tracked.set(pid, { start: info.start, tag });
    this.onTracked(pid, info.start);
    this.poll();
    if (!this.timer) {
      this.timer = setInterval(() => this.poll(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Live tracked processes whose tag starts with `tagPrefix` (polled first, so the newest children are in). */
  pids(tagPrefix: string): number[] {
    this.poll();
    return [...this.tracked].filter(([, t]) => t.tag.startsWith(tagPrefix)).map(([pid]) => pid);
  }

  private poll(): void {
    // A worklist, so a child seen now has its own children looked for in the same pass.
    const queue = [...this.tracked.keys()];
    for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
      const t = this.tracked.get(pid);
      const info = readStat(pid);
      if (!t || !info || info.start !== t.start || info.state === 'Z' || info.state === 'X') {
        this.tracked.delete(pid);
        continue;
      }
      for (const child of childrenOf(pid)) {
        if (this.tracked.has(child)) continue;
        const c = readStat(child);
        if (!c) continue;
        this.tracked.set(child, { start: c.start, tag: t.tag });
        this.onTracked(child, c.start);
        queue.push(child);
      }
    }
    if (this.tracked.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
