import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paramEnv } from '../../src/steps/placeholders.js';
import { RehearsalSpawnError, ShellRunner } from '../../src/steps/shell-runner.js';
import { canRun } from '../../src/steps/can-run.js';
import { UserError } from '../../src/errors.js';
import { bench, block, type Bench } from './runner-helpers.js';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(async () => {
  await b.cleanup();
});

describe('shell state across blocks', () => {
  it('carries exported variables and the working directory to the next block', async () => {
    mkdirSync(join(b.dir, 'work', 'deep'), { recursive: true });
    const first = await b.runner.run(block('export REGION=westeurope\ncd work/deep\nLOCAL_ONLY=1'), b.env, b.dir);
    expect(first.exitCode).toBe(0);
    expect(first.stateSaved).toBe(true);
    expect(first.cwd).toBe(join(b.dir, 'work', 'deep'));
    const second = await b.runner.run(block('echo "region=$REGION cwd=$(pwd) local=${LOCAL_ONLY:-unset}"'), first.env, first.cwd);
    expect(second.output).toBe(`region=westeurope cwd=${join(b.dir, 'work', 'deep')} local=unset\n`);
  });

  it('forgets a variable the block unsets', async () => {
    const first = await b.runner.run(block('unset HOME'), b.env, b.dir);
    expect(first.env.HOME).toBeUndefined();
    expect(first.env.PATH).toBe(b.env.PATH);
  });

  it('does not carry set -e, set -x or pipefail into the next block', async () => {
    const first = await b.runner.run(block('set -euo pipefail\nset -x\nexport A=1'), b.env, b.dir);
    expect(first.exitCode).toBe(0);
    const second = await b.runner.run(block('false\necho "after false $-"\nfalse | true; echo "pipe=$?"'), first.env, first.cwd);
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain('after false');
    expect(second.output).not.toMatch(/after false \S*e/);
    expect(second.output).toContain('pipe=0');
    expect(second.output).not.toContain('+ echo');
  });

  it('keeps the exit code of a block that calls exit, and still saves its state', async () => {
    const r = await b.runner.run(block('export DONE=yes\ncd /\nexit 7'), b.env, b.dir);
    expect(r.exitCode).toBe(7);
    expect(r.env.DONE).toBe('yes');
    expect(r.cwd).toBe('/');
  });

  it('keeps the exit code when set -e stops a block', async () => {
    const r = await b.runner.run(block('set -e\nexport BEFORE=1\n(exit 5)\necho never'), b.env, b.dir);
    expect(r.exitCode).toBe(5);
    expect(r.output).not.toContain('never');
    expect(r.env.BEFORE).toBe('1');
  });

  it('reports errors with the line number inside the block', async () => {
    const r = await b.runner.run(block('true\ntrue\nno-such-command-xyz'), b.env, b.dir);
    expect(r.exitCode).toBe(127);
    expect(r.output).toMatch(/line 3: no-such-command-xyz: command not found/);
  });

  it('refuses a working directory that no longer exists with a user error', () => {
    expect(() => b.runner.start({ command: block('true'), env: b.env, cwd: join(b.dir, 'gone') })).toThrow(UserError);
  });

  it('leaves no block files behind in the temp dir', async () => {
    const r = await b.runner.run(block('echo $0 "$BASH_SOURCE"'), b.env, b.dir);
    const source = r.output.trim().split(' ')[1] ?? '';
    expect(source).toMatch(/block\.sh$/);
    expect(existsSync(source)).toBe(false);
  });
});

describe('parameters reach commands only through the environment', () => {
  const evil = `x'; touch pwned; echo '$(touch pwned2) \`touch pwned3\` "quoted" \${HOME}\nsecond line`;
  const params = [
    { name: 'TARGET', forms: ['<TARGET>'] },
    { name: 'env', forms: ['{env}'] },
  ];

  it('rewrites <PLACEHOLDER> and {env} in every quoting context and the value stays itself', async () => {
    const code = [
      'printf "[%s]\\n" <TARGET>',
      'printf "[%s]\\n" "in double: <TARGET>"',
      "printf '[%s]\\n' 'in single: <TARGET>'",
      'printf "[%s]\\n" {env}',
      'cat <<EOF',
      'doc: <TARGET>',
      'EOF',
    ].join('\n');
    const r = await b.runner.run(block(code), { ...b.env, ...paramEnv({ TARGET: evil, env: 'prod' }) }, b.dir, undefined, undefined, { params });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(`[${evil}]\n[in double: ${evil}]\n[in single: ${evil}]\n[prod]\ndoc: ${evil}\n`);
    expect(readdirSync(b.dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(r.script).not.toContain('touch pwned');
  });

  it('passes ${VAR} and $VAR references through untouched', async () => {
    const r = await b.runner.run(block('echo "${TARGET}" $TARGET'), { ...b.env, TARGET: '$(touch pwned)' }, b.dir, undefined, undefined, { params });
    expect(r.output).toBe('$(touch pwned) $(touch pwned)\n');
    expect(existsSync(join(b.dir, 'pwned'))).toBe(false);
  });
});

describe('interactive input', () => {
  it('lets the operator answer a read -p prompt and a typed confirmation', async () => {
    const code = [
      'read -r -p "Type DEPLOY-TO-PRODUCTION to confirm: " answer',
      'if [ "$answer" = "DEPLOY-TO-PRODUCTION" ]; then echo "confirmed"; else echo "refused: $answer"; exit 1; fi',
    ].join('\n');
    const seen: string[][] = [];
    const run = b.runner.start({ command: block(code), env: b.env, cwd: b.dir, onOutput: (live) => seen.push(live.lines) });
    // The prompt has no newline: it must still reach the screen before the answer is typed.
    await expect.poll(() => run.screen.lines().join('\n'), { timeout: 3000 }).toContain('Type DEPLOY-TO-PRODUCTION to confirm:');
    run.write('DEPLOY-TO-PRODUCTION\n');
    const r = await run.done;
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('confirmed');
    expect(seen.length).toBeGreaterThan(0);
  });

  it('sees end of input when stdin is closed', async () => {
    const run = b.runner.start({ command: block('cat; echo "eof reached"'), env: b.env, cwd: b.dir });
    run.write('typed line\n');
    run.endInput();
    const r = await run.done;
    expect(r.output).toBe('typed line\neof reached\n');
  });
});

describe('rehearsal and platform', () => {
  it('refuses to exist in a rehearsal session', () => {
    expect(() => new ShellRunner({ mode: 'rehearsal', outputsDir: b.dir })).toThrow(RehearsalSpawnError);
  });

  it('creates nothing when a rehearsal would have run a file-creating command', () => {
    const marker = join(b.dir, 'created');
    expect(() => new ShellRunner({ mode: 'rehearsal' }).run(block(`touch ${marker}`), b.env, b.dir)).toThrow();
    expect(existsSync(marker)).toBe(false);
  });

  it('marks pwsh blocks runnable only when pwsh is on PATH', async () => {
    mkdirSync(join(b.dir, 'bin'));
    expect(canRun({ lang: 'pwsh' }, join(b.dir, 'bin'))).toBe(false);
    expect(canRun({ lang: 'powershell' }, join(b.dir, 'bin'))).toBe(false);
    expect(canRun({ lang: 'bash' }, join(b.dir, 'bin'))).toBe(true);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(b.dir, 'bin', 'pwsh'), '#!/bin/sh\n', { mode: 0o755 });
    expect(canRun({ lang: 'pwsh' }, join(b.dir, 'bin'))).toBe(true);
  });

  it('refuses a pwsh block with a user error when pwsh is missing', () => {
    const noPwsh = { ...b.env, PATH: '/nonexistent' };
    const saved = process.env.PATH;
    process.env.PATH = noPwsh.PATH;
    try {
      expect(() => b.runner.start({ command: block('Write-Host hi', { lang: 'pwsh' }), env: noPwsh, cwd: b.dir })).toThrow(UserError);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('spool', () => {
  it('writes the full output with its sha256, bytes and lines to the spool', async () => {
    const spoolPath = join(b.dir, 'outputs', 'step-1.log');
    const r = await b.runner.run(block('echo one; echo two >&2; sleep 0.05; printf three'), b.env, b.dir, undefined, undefined, { spoolPath });
    const bytes = readFileSync(spoolPath);
    const { createHash } = await import('node:crypto');
    expect(r.spool.path).toBe(spoolPath);
    expect(r.spool.bytes).toBe(bytes.length);
    expect(r.spool.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.spool.lines).toBe(3);
    expect(bytes.toString().split('\n').sort()).toEqual(['one', 'three', 'two']);
  });
});
