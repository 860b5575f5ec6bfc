// vitest setupFiles: every test file runs in a temp directory of its own, so a block run by
// an in-process engine (its shell starts in process.cwd()) or a CLI spawned without a cwd
// writes there, never into the checkout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'fd-cwd-'));
process.chdir(dir);
afterAll(() => {
  process.chdir(tmpdir());
  rmSync(dir, { recursive: true, force: true });
});
