// What the tests may not do: leave files in the checkout. `strayPaths` compares two
// `git status` listings; the global setup (test/helpers/clean-tree.ts) takes one before
// the run and one after, and fails the run when the second has entries the first had not.
import { spawnSync } from 'node:child_process';

/** `git status` entries ("XY path") of the work tree at `root`, untracked files listed one by one; undefined outside a git checkout. */
export function treeStatus(root: string): Set<string> | undefined {
  const r = spawnSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return new Set(r.stdout.split('\0').filter((entry) => entry.length > 3));
}

/** Entries of `after` that `before` did not have: files created, or tracked files changed, in between. */
export function strayPaths(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
  return [...after].filter((entry) => !before.has(entry)).map((entry) => entry.slice(3));
}
