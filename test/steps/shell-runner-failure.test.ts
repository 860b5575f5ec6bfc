// A command of a block that fails where `set -e` would stop: the block stops there (a terminal
// user would not have gone on) and the failure is reported, with its line and exit code.
// Failures the block tolerates on purpose are not.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/steps/shell-runner.js';
import { bench, block, type Bench } from './runner-helpers.js';

let b: Bench;

beforeEach(() => {
  b = bench();
  // a deploy script that leaves a mark where it ran
  writeFileSync(join(b.dir, 'deploy.sh'), '#!/bin/bash\necho "deployed from $PWD"\ntouch "$PWD/deployed"\n', { mode: 0o755 });
});
afterEach(async () => {
  await b.cleanup();
});

function after(prev: RunResult, code: string): Promise<RunResult> {
  return b.runner.run(block(code), prev.env, prev.cwd, undefined, undefined, { vars: prev.vars, functions: prev.functions });
}

describe('a failing command stops the block', () => {
  it('does not run the next line after a cd that failed, and says which command failed', async () => {
    const r = await b.runner.run(block('export STAGE=blue\ncd /home/someone/MyProjects/APEX/infra\n./deploy.sh'), b.env, b.dir);
    expect(r.output).toContain('No such file or directory');
    expect(r.output).not.toContain('deployed from');
    expect(existsSync(join(b.dir, 'deployed'))).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(r.failed).toEqual({ exitCode: 1, line: 2, command: 'cd /home/someone/MyProjects/APEX/infra' });
    // the shared shell still carries what the block did before it stopped
    expect(r.stateSaved).toBe(true);
    expect(r.env.STAGE).toBe('blue');
    expect(r.cwd).toBe(b.dir);
  });

  it('reports the command as written, not with its variables expanded', async () => {
    const r = await b.runner.run(block('TARGET=/nowhere/at/all\ncd "$TARGET"'), b.env, b.dir);
    expect(r.failed).toEqual({ exitCode: 1, line: 2, command: 'cd "$TARGET"' });
  });

  it('names the line of a function call whose body failed, and a command not found', async () => {
    const fn = await b.runner.run(block('check() {\n  test -f /nope/file\n}\necho before\ncheck\necho after'), b.env, b.dir);
    expect(fn.output).toBe('before\n');
    // the line is the call's; the command is the one inside that failed last (bash's BASH_COMMAND)
    expect(fn.failed).toEqual({ exitCode: 1, line: 5, command: 'test -f /nope/file' });
    const missing = await b.runner.run(block('echo one\nno-such-tool-here --version\necho two'), b.env, b.dir);
    expect(missing.output).not.toContain('two');
    expect(missing.failed).toMatchObject({ exitCode: 127, line: 2, command: 'no-such-tool-here --version' });
  });

  it('stops at a failing command of a script the block sources, naming that script', async () => {
    writeFileSync(join(b.dir, 'lib.sh'), 'echo lib start\nfalse\necho lib end\n');
    const r = await b.runner.run(block('. ./lib.sh\necho after'), b.env, b.dir);
    expect(r.output).toBe('lib start\n');
    expect(r.failed).toEqual({ exitCode: 1, line: 2, file: './lib.sh', command: 'false' });
  });

  it('does not flag failures a block tolerates on purpose', async () => {
    const code = [
      'false || true',
      'if ! grep -q nope /dev/null; then echo "not there"; fi',
      'grep -q nope /dev/null && echo found',
      'false | cat',
      'while false; do :; done',
      '! true',
      'x=$(false) || echo "sub failed"',
      'test -d /nope && cd /nope',
      'echo "reached the end"',
    ].join('\n');
    const r = await b.runner.run(block(code), b.env, b.dir);
    expect(r.output).toBe('not there\nsub failed\nreached the end\n');
    expect(r.exitCode).toBe(0);
    expect(r.failed).toBeUndefined();
  });

  it('does not flag a tolerated failure that is the block\'s last command (its exit code is the block\'s)', async () => {
    const r = await b.runner.run(block('echo one\ngrep -q nope /dev/null && echo found'), b.env, b.dir);
    expect(r.exitCode).toBe(1);
    expect(r.failed).toBeUndefined();
  });

  it('keeps the next block of the shared shell working after a stopped one', async () => {
    const first = await b.runner.run(block('f() { echo "f works"; }\nN=3\ncd /nope\necho unreachable'), b.env, b.dir);
    expect(first.failed?.line).toBe(3);
    const second = await after(first, 'f\necho "N=$N $-"\nfalse || echo tolerated');
    expect(second.output).toBe('f works\nN=3 hB\ntolerated\n');
    expect(second.failed).toBeUndefined();
  });

  it('does not call a block the operator cancelled a failed command', async () => {
    const run = b.runner.start({ command: block('echo waiting\nsleep 30\necho done'), env: b.env, cwd: b.dir });
    const r = await run.cancel();
    expect(r.outcome).toBe('cancelled');
    expect(r.failed).toBeUndefined();
  });
});
