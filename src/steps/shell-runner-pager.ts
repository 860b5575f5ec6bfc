// The operator's pager over a command's full spooled output (`o` in the TUI). Like every
// process flightdeck starts, it is spawned here, in the shell runner's modules. It runs in the
// foreground with the terminal (the caller hands the screen over first and takes it back
// after): spawnSync, so nothing else reads the terminal while the pager has it.
import { spawnSync } from 'node:child_process';

/** $PAGER, else `less -R` (colours kept), else `more`; the files are its arguments. */
const PAGER_SCRIPT = 'p=${PAGER:-}; if [ -z "$p" ]; then if command -v less >/dev/null 2>&1; then p="less -R"; else p=more; fi; fi; eval "$p \\"\\$@\\""';

export type PagerResult = { ok: true } | { ok: false; error: string };

export function runPager(files: readonly string[], env: NodeJS.ProcessEnv = process.env): PagerResult {
  if (files.length === 0) return { ok: false, error: 'no output file to open' };
  const r = spawnSync('sh', ['-c', PAGER_SCRIPT, 'pager', ...files], { stdio: 'inherit', env });
  if (r.error) return { ok: false, error: `could not start the pager: ${r.error.message}` };
  if (r.status !== 0 && r.status !== null) return { ok: false, error: `the pager exited with ${r.status} (set $PAGER to choose another)` };
  return { ok: true };
}
