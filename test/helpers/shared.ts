// The three real runbooks live beside the repository in ../shared and are read in place, never
// copied. Without them the tests that read them cannot prove anything: in CI (CI=true) they run
// anyway and fail (test/shared-present.test.ts says why in one line); on a developer's machine
// they are skipped with a visible notice.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_RUNBOOKS = join(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared', 'runbooks');

export const HAS_SHARED = existsSync(SHARED_RUNBOOKS);

/** Whether tests that read ../shared should be skipped: only when it is missing outside CI. */
export function skipShared(): boolean {
  if (HAS_SHARED) return false;
  if (process.env.CI === 'true') return false;
  process.stderr.write(`\n  NOTICE: ${SHARED_RUNBOOKS} is missing: the shared-runbook tests are skipped (they fail under CI=true)\n\n`);
  return true;
}

export function sharedRunbook(name: string): string {
  return join(SHARED_RUNBOOKS, name);
}
