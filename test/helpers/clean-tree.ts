// vitest globalSetup: the run fails when the tests leave new files (or changes) in the
// working tree. Tests run blocks and CLIs in temp directories (test/helpers/temp-cwd.ts);
// this is the guard that says when one does not.
import { ROOT } from './cli.js';
import { strayPaths, treeStatus } from './work-tree.js';

export function setup(): () => void {
  const before = treeStatus(ROOT);
  return () => {
    const after = treeStatus(ROOT);
    if (!before || !after) return;
    const stray = strayPaths(before, after);
    if (stray.length === 0) return;
    // an error in a teardown is only logged by vitest: the exit code says the run failed
    process.exitCode = 1;
    throw new Error(`the tests left ${stray.length} file(s) in the working tree ${ROOT}: ${stray.join(', ')}; run blocks and CLIs in a temp directory`);
  };
}
