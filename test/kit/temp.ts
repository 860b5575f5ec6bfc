// Temporary directories for one test, removed when it finishes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

export function tempDir(prefix = 'fd-kit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An environment whose FLIGHTDECK_HOME is a fresh directory. */
export function tempHome(): NodeJS.ProcessEnv {
  return { FLIGHTDECK_HOME: tempDir('fd-home-') };
}
