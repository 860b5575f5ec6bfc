// `flightdeck verify` through the built CLI: one line on stdout, exit 0/1/3, 2 for usage.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeSession } from './helpers/session-fixture.js';

describe('flightdeck verify (CLI)', () => {
  it('exits 0 with a one-line summary for an intact session', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-vcli-'));
    const fx = await makeSession(home);
    const r = await runCli(['verify', fx.audit], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^intact: session 20261123-100000-abc123 \(run, completed\)/);
  });

  it('exits 3 naming the first bad seq of an edited log', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-vcli-'));
    const fx = await makeSession(home);
    writeFileSync(fx.audit, readFileSync(fx.audit, 'utf8').replace('"exitCode":0', '"exitCode":1'));
    const r = await runCli(['verify', fx.audit], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^TAMPERED: seq 7 \(line 7\): hash does not match/);
  });

  it('exits 1 for an unfinished session and says so', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-vcli-'));
    const fx = await makeSession(home, { outcome: false });
    const copy = join(mkdtempSync(join(tmpdir(), 'fd-vcli-copy-')), 'audit.jsonl');
    copyFileSync(fx.audit, copy);
    const r = await runCli(['verify', copy]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^incomplete: session \S+ \(run, unfinished\) has no session\.end/);
  });

  it('exits 2 with one line on stderr for a missing path', async () => {
    const r = await runCli(['verify', '/nonexistent/audit.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^flightdeck: \/nonexistent\/audit\.jsonl does not exist/);
  });
});
