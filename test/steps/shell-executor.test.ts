import { join } from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command, Expectation } from '../../src/runbook/model.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { RehearsalSpawnError } from '../../src/steps/shell-runner.js';

let dir: string;
let ex: ShellExecutor;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-exec-'));
  ex = new ShellExecutor({
    mode: 'run',
    graceMs: 100,
    baseEnv: { PATH: process.env.PATH, HOME: dir },
    params: [{ name: 'APP', secret: false, forms: ['<APP>'], line: 1 }],
  });
});
afterEach(async () => {
  await ex.killAll(100);
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function command(code: string, expectations: Expectation[] = [], extra: Partial<Command> = {}): Command {
  n++;
  return { id: `c${n}`, line: 1, lang: 'bash', code, runnable: true, expectations, danger: [], params: [], ...extra };
}
const exp = (text: string, check: Expectation['check']): Expectation => ({ line: 1, text, source: 'comment', check });

describe('ShellExecutor (the engine CommandExecutor)', () => {
  it('carries the shell state between blocks and passes parameters through the environment', async () => {
    mkdirSync(join(dir, 'sub'));
    const chunks: string[] = [];
    const spool = (k: number) => ({ spoolPath: join(dir, 'outputs', `s-${k}.log`), secretValues: ['tok-SECRET-123'] });
    await ex.run(command('export STAGE=blue; cd sub'), {}, dir, () => undefined, new AbortController().signal, spool(1));
    const r = await ex.run(
      command('echo "$STAGE in $(basename "$PWD") for <APP> with tok-SECRET-123"', [exp('blue in sub', { kind: 'text', text: 'blue in sub' })]),
      { APP: "api'; touch pwned" },
      dir,
      (c) => chunks.push(c),
      new AbortController().signal,
      spool(2),
    );
    expect(r.exitCode).toBe(0);
    expect(r.checks).toEqual([
      { text: 'exit code 0', result: 'pass', actual: 'exit 0' },
      { text: 'blue in sub', result: 'pass', actual: expect.stringContaining('blue in sub') },
    ]);
    expect(chunks.join('')).toMatch(/^blue in sub for api'; touch pwned with \[REDACTED sha256:[0-9a-f]{12}\]\n$/);
    expect(readFileSync(r.spoolPath, 'utf8')).not.toContain('SECRET');
    expect(ex.shellCwd).toBe(join(dir, 'sub'));
  });

  it('says the value the next block starts with: exported, or a plain shell variable as bash declares it (quotes undone)', async () => {
    const spool = { spoolPath: join(dir, 'outputs', 'v.log'), secretValues: [] };
    await ex.run(command('export REV=rev-7; NOTE=\'say "hi" for $5 `now`\'; EMPTY=""'), {}, dir, () => undefined, new AbortController().signal, spool);
    expect(ex.shellValue('REV')).toBe('rev-7');
    expect(ex.shellValue('NOTE')).toBe('say "hi" for $5 `now`');
    expect(ex.shellValue('EMPTY')).toBe('');
    expect(ex.hasValue('EMPTY')).toBe(false);
    expect(ex.shellValue('NEVER_SET')).toBeUndefined();
  });

  it('a block stopped at its time limit fails as "timed out after", not as killed by a signal', async () => {
    const spool = { spoolPath: join(dir, 'outputs', 't.log'), secretValues: [] };
    const implied = await ex.run(command('echo started; sleep 30', [], { timeoutMs: 300 }), {}, dir, () => undefined, new AbortController().signal, spool);
    expect(implied.timedOutAfterMs).toBe(300);
    expect(implied.checks?.[0]).toEqual({ text: 'exit code 0', result: 'fail', actual: 'timed out after 0.3s' });
    // a block that traps SIGINT and exits 0 at the time limit still timed out
    const trapped = await ex.run(
      command("trap 'exit 0' INT; echo started; sleep 30 & wait", [exp('exit code 0', { kind: 'exit-code', code: 0 })], { timeoutMs: 300 }),
      {},
      dir,
      () => undefined,
      new AbortController().signal,
      { ...spool, spoolPath: join(dir, 'outputs', 't2.log') },
    );
    expect(trapped.exitCode).toBe(0);
    expect(trapped.checks).toEqual([{ text: 'exit code 0', result: 'fail', actual: 'timed out after 0.3s' }]);
  });

  it('carries plain variables and functions like a terminal, without exporting them', async () => {
    const go = (code: string, k: number) =>
      ex.run(command(code), {}, dir, () => undefined, new AbortController().signal, { spoolPath: join(dir, `p-${k}.log`), secretValues: [] });
    await go('CURRENT_REVISION=$(echo app--rev-0041)\nREVS=(a "b c")\nweight() { echo "$1=95"; }', 1);
    const r = await go('weight "$CURRENT_REVISION"; echo "${REVS[1]}"; env | grep -c CURRENT_REVISION || true', 2);
    expect(readFileSync(r.spoolPath, 'utf8')).toBe('app--rev-0041=95\nb c\n0\n');
  });

  it('passes the operator value of a parameter until a block assigns the name, then the block value until the operator changes it', async () => {
    const go = (code: string, app: string, k: number) =>
      ex.run(command(code), { APP: app }, dir, () => undefined, new AbortController().signal, { spoolPath: join(dir, `q-${k}.log`), secretValues: [] });
    const out = async (p: Promise<{ spoolPath: string }>) => readFileSync((await p).spoolPath, 'utf8');
    expect(await out(go('echo "first <APP>"; APP=from-block', 'from-operator', 1))).toBe('first from-operator\n');
    expect(await out(go('echo "second <APP>"', 'from-operator', 2))).toBe('second from-block\n');
    expect(await out(go('echo "third $APP"', 'changed-by-operator', 3))).toBe('third changed-by-operator\n');
    expect(await out(go('echo "fourth $APP"', 'changed-by-operator', 4))).toBe('fourth changed-by-operator\n');
  });

  it('passes the operator value over a plain variable of the same name left by a block that did not use the parameter', async () => {
    const signal = new AbortController().signal;
    await ex.run(command('APP=stale-plain'), {}, dir, () => undefined, signal, { spoolPath: join(dir, 'r-1.log'), secretValues: [] });
    const r = await ex.run(command('echo "<APP>"'), { APP: 'from-operator' }, dir, () => undefined, signal, { spoolPath: join(dir, 'r-2.log'), secretValues: [] });
    expect(readFileSync(r.spoolPath, 'utf8')).toBe('from-operator\n');
  });

  it('captures stdout for capture=VAR and reports a failing check with its actual value', async () => {
    const r = await ex.run(
      command('echo rev-0042; exit 3', [exp('exit code 0', { kind: 'exit-code', code: 0 })], { capture: 'REV' }),
      {},
      dir,
      () => undefined,
      new AbortController().signal,
      { spoolPath: join(dir, 'o.log'), secretValues: [] },
    );
    expect(r.captured).toBe('rev-0042');
    expect(r.checks).toEqual([{ text: 'exit code 0', result: 'fail', actual: 'exit 3' }]);
  });

  it('stops on the engine abort signal and takes typed input', async () => {
    const ac = new AbortController();
    const p = ex.run(command('read -r -p "name? " n; echo "hi $n"; sleep 300'), {}, dir, () => undefined, ac.signal, { spoolPath: join(dir, 'o.log'), secretValues: [] });
    await new Promise((r) => setTimeout(r, 200));
    ex.write('ops\n');
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    const r = await p;
    expect(r.exitCode).toBeNull();
    expect(readFileSync(r.spoolPath, 'utf8')).toBe('name? hi ops\n');
  });

  it('closes stdin in a non-interactive run, so a reading command ends instead of hanging', async () => {
    const headless = new ShellExecutor({ mode: 'run', interactive: false, baseEnv: { PATH: process.env.PATH } });
    const r = await headless.run(command('read -r answer || echo "no input"; cat'), {}, dir, () => undefined, new AbortController().signal, { spoolPath: join(dir, 'h.log'), secretValues: [] });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(r.spoolPath, 'utf8')).toBe('no input\n');
  });

  it('refuses to be built for a rehearsal', () => {
    expect(() => new ShellExecutor({ mode: 'rehearsal' })).toThrow(RehearsalSpawnError);
  });
});

describe('a block that stopped at a failed command', () => {
  const run = (c: Command) => ex.run(c, {}, dir, () => undefined, new AbortController().signal, { spoolPath: join(dir, 'outputs', `${c.id}.log`), secretValues: ['s3cr3t-VALUE'] });

  it('fails "every command of the block succeeded" naming it, when lines after it did not run', async () => {
    const r = await run(command('cd /nope/infra\necho deploying'));
    expect(r.checks).toEqual([
      { text: 'exit code 0', result: 'fail', actual: 'exit 1' },
      { text: 'every command of the block succeeded', result: 'fail', actual: '`cd /nope/infra` exit 1 (line 1)' },
    ]);
    expect(r.failed).toEqual({ exitCode: 1, line: 1, command: 'cd /nope/infra' });
  });

  it('masks a secret in the command it names', async () => {
    const r = await run(command('curl-missing --token s3cr3t-VALUE\necho after'));
    expect(JSON.stringify(r.checks)).not.toContain('s3cr3t-VALUE');
    expect(JSON.stringify(r.failed)).not.toContain('s3cr3t-VALUE');
  });

  it('leaves it to the exit code check when the failed command was the last line, or its exit code was expected', async () => {
    const last = await run(command('echo one\nexit-three() { return 3; }\nexit-three\n# done'));
    expect(last.checks?.map((c) => c.text)).toEqual(['exit code 0']);
    const expected = await run(command('grep -q nope /dev/null\necho unreachable', [exp('exit code 1', { kind: 'exit-code', code: 1 })]));
    expect(expected.checks).toEqual([{ text: 'exit code 1', result: 'pass', actual: 'exit 1' }]);
  });
});
