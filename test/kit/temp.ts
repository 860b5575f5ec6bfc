// Temporary directories for one test, removed when it finishes.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, onTestFinished } from 'vitest';

export function tempDir(prefix = 'fd-kit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An environment whose FLIGHTDECK_HOME is a fresh directory. */
export function tempHome(): NodeJS.ProcessEnv {
  return { FLIGHTDECK_HOME: tempDir('fd-home-') };
}

/**
 * Fake tools on PATH for a whole file: `tools` maps a command name to its shell script
 * (without the `#!/bin/sh` line). Returns a getter for the directory, which exists from
 * beforeAll until afterAll.
 */
export function useFakeTools(tools: Record<string, string>, prefix = 'fd-tools-'): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    for (const [name, script] of Object.entries(tools)) {
      writeFileSync(join(dir, name), `#!/bin/sh\n${script}`);
      chmodSync(join(dir, name), 0o755);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
