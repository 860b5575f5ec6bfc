// `flightdeck lint --fix-encoding <file>` through the built CLI: a repaired UTF-8 copy
// beside the runbook, never over an existing file, and `lint --json` carries the warning.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { damage } from './mojibake-damage.js';

const ORIGINAL = '# 🎯 Release → prod\r\n\r\n- [ ] ⚠️ back up the database\r\n- [ ] şifre kontrolü ✅\r\n';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
}, 120_000);

function damagedFile(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fd-fix-'));
  const path = join(dir, 'deploy.md');
  writeFileSync(path, damage(ORIGINAL, 'Windows-1254'));
  return { dir, path };
}

describe('lint --fix-encoding', () => {
  // 🎯 → ⚠ VS16 ş ü ✅
  it('writes deploy.utf8.md with the text repaired, line endings kept, and says what it did', async () => {
    const { dir, path } = damagedFile();
    const before = readFileSync(path);
    const r = await runCli(['lint', '--fix-encoding', path]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'deploy.utf8.md'), 'utf8')).toBe(ORIGINAL);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(r.stdout).toContain('warning: repaired 7 mojibake sequences (first at line 1): UTF-8 text decoded as Windows-1254');
    expect(r.stdout).toContain(`wrote ${join(dir, 'deploy.utf8.md')}: 7 damaged sequences repaired (7 through Windows-1254, first at line 1)`);
  });

  it('never overwrites an existing copy', async () => {
    const { dir, path } = damagedFile();
    writeFileSync(join(dir, 'deploy.utf8.md'), 'mine');
    const r = await runCli(['lint', path, '--fix-encoding']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deploy.utf8.md already exists; remove or rename it and run again');
    expect(readFileSync(join(dir, 'deploy.utf8.md'), 'utf8')).toBe('mine');
  });

  it('writes nothing for a clean file, and keeps --json output pure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-fix-'));
    const path = join(dir, 'clean.md');
    writeFileSync(path, ORIGINAL);
    const r = await runCli(['lint', path, '--json', '--fix-encoding']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([]);
    expect(r.stderr).toContain('nothing to repair');
    expect(existsSync(join(dir, 'clean.utf8.md'))).toBe(false);
  });

  it('refuses a file that is not UTF-8 at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-fix-'));
    const path = join(dir, 'legacy.md');
    writeFileSync(path, Buffer.from('# Caf\xe9\n\n- [ ] step\n', 'latin1'));
    const r = await runCli(['lint', path, '--fix-encoding']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not UTF-8 text, so --fix-encoding cannot repair it');
    expect(existsSync(join(dir, 'legacy.utf8.md'))).toBe(false);
  });

  it('lint --json carries one diagnostic per code page found, at its first line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-fix-'));
    const path = join(dir, 'mixed.md');
    writeFileSync(path, `${damage('# Release → prod 🎯\n\n- [ ] şifre ✅\n', 'Windows-1254')}- [ ] ${damage('next → ✅', 'Mac Roman')}\n`);
    const r = await runCli(['lint', path, '--json']);
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: { line: number; message: string }[] }).diagnostics;
    const mojibake = diagnostics.filter((d) => /mojibake/.test(d.message));
    expect(mojibake.map((d) => d.line)).toEqual([1, 4]);
    expect(mojibake[0]?.message).toContain('repaired 4 mojibake sequences (first at line 1): UTF-8 text decoded as Windows-1254');
    expect(mojibake[1]?.message).toContain('repaired 2 mojibake sequences (first at line 4): UTF-8 text decoded as Mac Roman');
  });
});
