// A cgroup (v2) per command block, where one can be made. Every process a block starts
// stays in its cgroup whatever it does (setsid, a double fork, a cleared environment), so
// the block's processes can be listed and killed as a whole. The cgroups are made under
// flightdeck's own cgroup, one folder per ShellRunner with one per block inside; no
// controllers are enabled, they only group. Where none can be made (no cgroup2 mount, no
// write access without root or delegation) blocks run without one, and the process group,
// the environment marker and the ancestry tracking find their processes instead.
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Where the cgroup2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid system). */
function cgroup2Mount(): string | undefined {
  for (const line of (readText('/proc/self/mountinfo') ?? '').split('\n')) {
    // "id parent major:minor root mountpoint options [optional...] - fstype source superoptions"
    const [before, after] = line.split(' - ');
    if (!before || after?.split(' ')[0] !== 'cgroup2') continue;
    const mountPoint = before.split(' ')[4];
    if (mountPoint) return mountPoint.replace(/\\040/g, ' ');
  }
  return undefined;
}

/** flightdeck's own cgroup in the v2 hierarchy ("0::/path" in /proc/self/cgroup). */
function ownCgroup(): string | undefined {
  const line = (readText('/proc/self/cgroup') ?? '').split('\n').find((l) => l.startsWith('0::'));
  return line?.slice(3);
}

function pidsIn(dir: string): number[] {
  const pids: number[] = [];
  for (const line of (readText(join(dir, 'cgroup.procs')) ?? '').split('\n')) {
    const pid = Number(line);
    if (pid > 0) pids.push(pid);
  }
  return pids;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name));
  } catch {
    return [];
  }
}

/** The cgroups of one ShellRunner: a folder, and one cgroup per block inside it. */
export class CgroupSet {
  private constructor(readonly dir: string) {}

  /** Makes the runner's folder; undefined when no cgroup can be made here. */
  static create(name: string): CgroupSet | undefined {
    const mount = cgroup2Mount();
    const own = ownCgroup();
    if (!mount || own === undefined) return undefined;
    const dir = join(mount, own, name);
    try {
      mkdirSync(dir);
      // Moving a process in needs write access to cgroup.procs (and to the common ancestor's).
      accessSync(join(dir, 'cgroup.procs'), constants.W_OK);
      accessSync(join(mount, own, 'cgroup.procs'), constants.W_OK);
      return new CgroupSet(dir);
    } catch {
      try {
        rmdirSync(dir);
      } catch {
        // Never made.
      }
      return undefined;
    }
  }

  /**
   * Block cgroups of any flightdeck beside this one (one that died included) whose name ends
   * with `-<tag>`, for finding a block still running after its flightdeck is gone.
   */
  static blocksTagged(tag: string): string[] {
    const mount = cgroup2Mount();
    const own = ownCgroup();
    if (!mount || own === undefined) return [];
    return subdirs(join(mount, own))
      .filter((dir) => /\/flightdeck-[^/]*$/.test(dir))
      .flatMap(subdirs)
      .filter((dir) => dir.endsWith(`-${tag}`));
  }

  /** SIGKILL to every process of the given cgroups. */
  static killBlocks(blocks: readonly string[]): void {
    for (const dir of blocks) {
      try {
        writeFileSync(join(dir, 'cgroup.kill'), '1');
      } catch {
        // No cgroup.kill (before 5.14), or already gone.
      }
    }
  }

  /** Removes block cgroups left empty, and their flightdeck folders once those are empty too. */
  static removeIfEmpty(blocks: readonly string[]): void {
    for (const dir of blocks) {
      for (const d of [dir, join(dir, '..')]) {
        try {
          rmdirSync(d);
        } catch {
          // Not empty yet.
        }
      }
    }
  }

  /** The processes in the given cgroups. */
  static pidsOf(blocks: readonly string[]): number[] {
    return blocks.flatMap(pidsIn);
  }

  /** A cgroup for one block; undefined if it cannot be made. */
  block(id: string): string | undefined {
    const dir = join(this.dir, id);
    try {
      mkdirSync(dir);
      return dir;
    } catch {
      return undefined;
    }
  }

  /** The processes in one block's cgroup, or in all of them. */
  pids(block?: string): number[] {
    return block ? pidsIn(block) : subdirs(this.dir).flatMap(pidsIn);
  }

  /** SIGKILL to every process in one block's cgroup (or all), by the kernel, in one go. */
  kill(block?: string): void {
    try {
      writeFileSync(join(block ?? this.dir, 'cgroup.kill'), '1');
    } catch {
      // Kernels before 5.14 have no cgroup.kill; the processes are also signalled one by one.
    }
  }

  /** Removes the block cgroups that are empty, and the folder when all are gone. */
  removeEmpty(): void {
    for (const dir of subdirs(this.dir)) {
      try {
        rmdirSync(dir);
      } catch {
        // Still has processes.
      }
    }
    try {
      rmdirSync(this.dir);
    } catch {
      // Still has block cgroups.
    }
  }
}

/** Shell text that moves the shell running it into a cgroup (first thing the block's bash does). */
export function joinCgroupLine(block: string): string {
  return `{ echo 0 > '${join(block, 'cgroup.procs').replace(/'/g, `'\\''`)}'; } 2>/dev/null`;
}
