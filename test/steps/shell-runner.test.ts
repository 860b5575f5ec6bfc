import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paramEnv } from '../../src/steps/placeholders.js';
import { RehearsalSpawnError, ShellRunner, type RunResult } from '../../src/steps/shell-runner.js';
import { canRun } from '../../src/steps/can-run.js';
import { UserError } from '../../src/errors.js';
import { bench, block, type Bench } from './runner-helpers.js';
import { screenFeed } from '../kit/screen.js';

let b: Bench;

/** Runs a block from the shell state `prev` left behind, as the executor does. */
function after(prev: RunResult, code: string): Promise<RunResult> {
  return b.runner.run(block(code), prev.env, prev.cwd, undefined, undefined, { vars: prev.vars, functions: prev.functions });
}

beforeEach(() => {
  b = bench();
});
afterEach(async () => {
  await b.cleanup();
});

describe('shell state across blocks', () => {
  it('carries exported variables and the working directory to the next block', async () => {
    mkdirSync(join(b.dir, 'work', 'deep'), { recursive: true });
    const first = await b.runner.run(block('export REGION=westeurope\ncd work/deep'), b.env, b.dir);
    expect(first.exitCode).toBe(0);
    expect(first.stateSaved).toBe(true);
    expect(first.cwd).toBe(join(b.dir, 'work', 'deep'));
    const second = await b.runner.run(block('echo "region=$REGION cwd=$(pwd)"'), first.env, first.cwd);
    expect(second.output).toBe(`region=westeurope cwd=${join(b.dir, 'work', 'deep')}\n`);
  });

  it('carries a plain assigned variable, as a terminal would, without exporting it', async () => {
    const first = await b.runner.run(block('CURRENT_REVISION=$(echo app--rev-0041)\nexport STAGE=blue'), b.env, b.dir);
    expect(first.env.CURRENT_REVISION).toBeUndefined();
    const second = await after(first, 'echo "rev=${CURRENT_REVISION} stage=$STAGE"\nenv | grep -c "^CURRENT_REVISION=" || true\nbash -c \'echo "child sees [${CURRENT_REVISION:-}]"\'');
    expect(second.output).toBe('rev=app--rev-0041 stage=blue\n0\nchild sees []\n');
  });

  it('carries indexed and associative arrays and integer variables', async () => {
    const code = [
      'REVISIONS=(app--one "app two" $\'line\\nbreak\')',
      'declare -A WEIGHTS=([app--one]=95 ["app two"]=5)',
      'declare -i COUNT=41',
    ].join('\n');
    const first = await b.runner.run(block(code), b.env, b.dir);
    const second = await after(first, 'printf "[%s]" "${REVISIONS[@]}"; echo\necho "${WEIGHTS[app--one]}/${WEIGHTS[app two]}"\nCOUNT+=1; echo "$COUNT"');
    expect(second.output).toBe('[app--one][app two][line\nbreak]\n95/5\n42\n');
  });

  it('keeps a value with quotes, newlines and command substitutions itself across blocks', async () => {
    const evil = `x'; touch pwned; echo '$(touch pwned2) \`touch pwned3\` "quoted" \${HOME} \\ \n\tsecond line`;
    // The value is typed in, so it never appears in any script text.
    const run = b.runner.start({ command: block('IFS= read -r -d "" EVIL || true'), env: b.env, cwd: b.dir });
    run.write(evil);
    run.endInput();
    const typed = await run.done;
    expect(typed.env.EVIL).toBeUndefined();
    const second = await after(typed, 'printf "[%s]" "$EVIL"');
    expect(second.output).toBe(`[${evil}]`);
    expect(readdirSync(b.dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it('carries functions defined in a block', async () => {
    const first = await b.runner.run(block('rev_name() { echo "app--$1"; }'), b.env, b.dir);
    const second = await after(first, 'rev_name green');
    expect(second.output).toBe('app--green\n');
  });

  it('keeps the readonly variables bash owns out of the carried state', async () => {
    const first = await b.runner.run(block('MINE=1\nreadonly FIXED=2'), b.env, b.dir);
    expect(Object.keys(first.vars).sort()).toEqual(expect.arrayContaining(['FIXED', 'MINE']));
    for (const name of ['BASHOPTS', 'SHELLOPTS', 'EUID', 'UID', 'PPID', 'RANDOM', 'SECONDS', 'LINENO', 'PIPESTATUS', 'FUNCNAME', 'BASH_VERSINFO', 'IFS', 'OPTIND', '_']) {
      expect(first.vars[name]).toBeUndefined();
    }
    const second = await after(first, 'FIXED=3; echo "$MINE $FIXED"');
    expect(second.exitCode).toBe(0);
    expect(second.output).toBe('1 3\n');
  });

  it('still saves the state of a block that sets its own EXIT trap, and keeps its exit code', async () => {
    const first = await b.runner.run(block("trap 'echo cleanup ran' EXIT\nSLOT=green\nexport STAGE=blue\nfalse"), b.env, b.dir);
    expect(first.exitCode).toBe(1);
    expect(first.output).toBe('cleanup ran\n');
    expect(first.stateSaved).toBe(true);
    const second = await after(first, 'echo "$SLOT $STAGE"');
    expect(second.output).toBe('green blue\n');
  });

  it('forgets a variable the block unsets', async () => {
    const first = await b.runner.run(block('unset HOME'), b.env, b.dir);
    expect(first.env.HOME).toBeUndefined();
    expect(first.env.PATH).toBe(b.env.PATH);
  });

  it('does not carry set -e, set -u, set -x or pipefail into the next block', async () => {
    const first = await b.runner.run(block('set -euo pipefail\nset -x\nexport A=1\nB=2'), b.env, b.dir);
    expect(first.exitCode).toBe(0);
    // The saving of state is not traced into the block's output.
    expect(first.output).toBe('++ export A=1\n++ A=1\n++ B=2\n');
    // no `false` line: every block now stops at a failing command (shell-runner-failure.test.ts); $- shows -e is gone
    const second = await after(first, 'echo "after false $- $B ${NOPE}"\nfalse | true; echo "pipe=$?"\nshopt -qo pipefail || echo "no pipefail"');
    expect(second.exitCode).toBe(0);
    expect(second.output).toBe('after false hB 2 \npipe=0\nno pipefail\n');
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
    const screen = screenFeed();
    const run = b.runner.start({ command: block(code), env: b.env, cwd: b.dir, onText: screen.onText });
    // The prompt has no newline: it must still reach the screen before the answer is typed.
    await expect.poll(() => screen.lines().join('\n'), { timeout: 3000 }).toContain('Type DEPLOY-TO-PRODUCTION to confirm:');
    run.write('DEPLOY-TO-PRODUCTION\n');
    const r = await run.done;
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('confirmed');
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
