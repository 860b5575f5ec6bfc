// A `read -p` prompt inside a bash script the block runs (./deploy.sh runs its own bash, which
// does not print -p prompts when stdin is not a terminal) reaches the live output too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, block, type Bench } from './runner-helpers.js';
import { screenFeed } from '../kit/screen.js';

let b: Bench;

beforeEach(() => {
  b = bench();
  writeFileSync(
    join(b.dir, 'deploy.sh'),
    '#!/usr/bin/env bash\nset -euo pipefail\nread -p "Have you obtained change approval? (yes/no): " ans\necho "approval: $ans"\n',
    { mode: 0o755 },
  );
});
afterEach(async () => {
  await b.cleanup();
});

describe('a read -p prompt of a script the block runs', () => {
  it('is shown before the operator answers, and the answer reaches the script', async () => {
    const screen = screenFeed();
    const run = b.runner.start({ command: block('./deploy.sh'), env: b.env, cwd: b.dir, onText: screen.onText });
    await expect.poll(() => screen.lines().join('\n'), { timeout: 5000 }).toContain('Have you obtained change approval? (yes/no):');
    run.write('yes\n');
    const r = await run.done;
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('approval: yes');
    // the block's own BASH_ENV file is not carried into the next block
    expect(r.env.BASH_ENV).toBeUndefined();
  });

  it('still reads the BASH_ENV the session had, and gives it back to the next block', async () => {
    const own = join(b.dir, 'own-env.sh');
    writeFileSync(own, 'greet() { echo "hello from own env"; }\n');
    writeFileSync(join(b.dir, 'hello.sh'), '#!/usr/bin/env bash\ngreet\n', { mode: 0o755 });
    const r = await b.runner.run(block('./hello.sh'), { ...b.env, BASH_ENV: own }, b.dir);
    expect(r.output).toBe('hello from own env\n');
    expect(r.env.BASH_ENV).toBe(own);
  });
});
