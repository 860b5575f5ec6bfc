// Smaller edges of the command line (issue 10, item 11), over the built CLI: each is a
// usage error or a verdict, never a hang or "internal error (a bug)".
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';

const CAPTURE = '# Capture\n\n## Get revision\n\n```bash {capture=REV}\necho rev-42\n```\n\n## Use it\n\n```bash {expect="${TARGET}"}\necho "got rev=${REV} target=blue"\n```\n';

describe('command line edges', () => {
  it('verify on a FIFO is a usage error, not a hang', async () => {
    const fifo = join(tempHome(), 'pipe');
    spawnSync('mkfifo', [fifo]);
    const r = await runCli(['verify', fifo], { timeoutMs: 15_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a regular file or a directory');
  });

  it('FLIGHTDECK_HOME naming a file is a usage error for sessions and run', async () => {
    const file = join(tempHome(), 'not-a-dir');
    writeFileSync(file, '');
    const list = await runCli(['sessions'], { env: { FLIGHTDECK_HOME: file } });
    expect([list.code, list.stderr]).toEqual([2, `flightdeck: FLIGHTDECK_HOME ${file} is not a directory; point FLIGHTDECK_HOME at a directory (or unset it)\n`]);
    const home = tempHome();
    const book = join(home, 'c.md');
    writeFileSync(book, CAPTURE);
    const run = await runCli(['rehearse', book, '--non-interactive'], { env: { FLIGHTDECK_HOME: file } });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('internal error');
  });

  it('export --out into /proc is a usage error; a pack with an added empty folder does not verify intact', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const book = join(home, 'c.md');
    writeFileSync(book, CAPTURE);
    const r = await runCli(['rehearse', book, '--non-interactive'], { env });
    const id = /session (\S+) completed/.exec(r.stdout)?.[1] ?? '';
    const proc = await runCli(['export', id, '--out', '/proc/x.tar.gz'], { env });
    expect(proc.code).toBe(2);
    expect(proc.stderr).toMatch(/^flightdeck: cannot write the pack in \/proc \(\w+\); choose another --out/);
    const pack = join(home, 'pack');
    expect((await runCli(['export', id, '--out', pack], { env })).code).toBe(0);
    expect((await runCli(['verify', pack], { env })).code).toBe(0);
    mkdirSync(join(pack, 'extra'));
    const v = await runCli(['verify', pack], { env });
    expect(v.code).toBe(3);
    expect(v.stdout).toContain('TAMPERED: extra/ is an empty folder the pack was not exported with');
  });

  it('--non-interactive: capture=REV reaches the next block, and expect="${TARGET}" checks the value given', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const book = join(home, 'c.md');
    writeFileSync(book, CAPTURE);
    const ok = await runCli(['run', book, '--non-interactive', '--set', 'TARGET=target=blue'], { env });
    expect(ok.stdout).toContain('| got rev=rev-42 target=blue');
    expect(ok.code).toBe(0);
    const other = tempHome();
    const bad = await runCli(['run', book, '--non-interactive', '--set', 'TARGET=green'], { env: { FLIGHTDECK_HOME: other } });
    expect(bad.stdout).toContain('FAILED: check failed: green (got got rev=rev-42 target=blue)');
    expect(bad.code).toBe(1);
  });
});
