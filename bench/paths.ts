import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO = join(ROOT, 'runbooks', 'demo.md');
export const SHARED_RUNBOOKS = join(ROOT, '..', 'shared', 'runbooks');
export const AGENT_STUDIO = join(SHARED_RUNBOOKS, 'agent-studio-production.md');
export const HAS_SHARED = existsSync(AGENT_STUDIO);

let binPath = join(ROOT, 'bin', 'flightdeck.js');

/** The CLI entry the benchmarks run. */
export function bin(): string {
  return binPath;
}

/**
 * Copies the fresh build (bin/ and dist/) into `dir` and runs that copy from then on, so
 * a rebuild in the working tree while the bench runs (which empties dist/ first) cannot
 * break a measurement. node_modules and runbooks are linked, not copied.
 */
export function snapshotBuild(dir: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  for (const linked of ['node_modules', 'runbooks']) {
    if (existsSync(join(ROOT, linked))) symlinkSync(join(ROOT, linked), join(dir, linked));
  }
  binPath = join(dir, 'bin', 'flightdeck.js');
}
