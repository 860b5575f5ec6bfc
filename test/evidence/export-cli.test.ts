// `flightdeck export` through the built CLI, then `verify` of what it wrote.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeSession } from './helpers/session-fixture.js';

describe('flightdeck export (CLI)', () => {
  it('writes a pack, prints the chain head to anchor, and verify accepts it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-ecli-'));
    const fx = await makeSession(home);
    const out = join(home, 'evidence.tar.gz');
    const r = await runCli(['export', fx.id, '--out', out], { env: { FLIGHTDECK_HOME: home } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`exported session ${fx.id} to ${out}`);
    expect(r.stdout).toContain(`chain head: seq 19 ${fx.events.at(-1)?.h}`);
    const v = await runCli(['verify', out], { env: { FLIGHTDECK_HOME: home } });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^intact: session \S+ \(run, completed\), 7 files match manifest\.json/);
  });

  it('refuses an existing output with exit 2 and one line, and overwrites with --force', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-ecli-'));
    const fx = await makeSession(home);
    const out = join(home, 'evidence.tar.gz');
    writeFileSync(out, 'keep me');
    const r = await runCli(['export', fx.id, '--out', out], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`flightdeck: ${out} already exists; pass --force to replace it, or choose another --out\n`);
    const f = await runCli(['export', fx.id, '--out', out, '--force'], { env: { FLIGHTDECK_HOME: home } });
    expect(f.code).toBe(0);
  });

  it('exits 3 when the session does not verify', async () => {
    const home = mkdtempSync(join(tmpdir(), 'fd-ecli-'));
    const fx = await makeSession(home);
    writeFileSync(join(fx.dir, 'outputs', 's1.log'), 'swapped\n');
    const r = await runCli(['export', fx.id, '--out', join(home, 'x')], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^flightdeck: session \S+ does not verify: outputs\/s1\.log does not match the sha256 recorded at seq 6; export refused/);
  });
});
