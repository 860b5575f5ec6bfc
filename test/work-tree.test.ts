// The tests never write into the checkout: blocks run by an in-process engine and CLIs
// started without a cwd run in a temp directory, and the guard that fails a run which
// leaves files behind (test/helpers/clean-tree.ts) sees a new or changed file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { strayPaths, treeStatus } from './helpers/work-tree.js';
import { sessionFor } from './kit/session.js';

const STRAY = `fd-stray-${process.pid}.txt`;
const runbook = `# Writes a file\n\n## Step 1: Save the config\n\n\`\`\`bash\necho '{}' > ${STRAY}\n\`\`\`\n`;

afterEach(() => rmSync(join(ROOT, STRAY), { force: true }));

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

describe('tests leave the checkout as it was', () => {
  it('a block run by an in-process engine writes its relative file outside the checkout', async () => {
    const s = await sessionFor(runbook, { shell: true });
    await s.engine.advance(s.runbook.steps[0]!.id);
    expect(s.events().some((e) => e.type === 'cmd.exit')).toBe(true);
    expect(existsSync(join(ROOT, STRAY))).toBe(false);
    expect(existsSync(join(process.cwd(), STRAY))).toBe(true);
  });

  it('a CLI run started without a cwd writes its relative file outside the checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-stray-'));
    writeFileSync(join(dir, 'runbook.md'), runbook);
    const r = await runCli(['run', join(dir, 'runbook.md'), '--non-interactive']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ROOT, STRAY))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the guard names a file created in the work tree, and a tracked file changed', () => {
    const repo = mkdtempSync(join(tmpdir(), 'fd-tree-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
    git('init', '-q');
    writeFileSync(join(repo, 'kept.md'), 'a\n');
    git('add', 'kept.md');
    git('commit', '-qm', 'first');
    writeFileSync(join(repo, 'edited-before.md'), 'mine\n');
    const before = treeStatus(repo);
    writeFileSync(join(repo, 'migration-preview.sql'), '{}\n');
    writeFileSync(join(repo, 'kept.md'), 'b\n');
    const after = treeStatus(repo);
    expect(before && after && strayPaths(before, after).sort()).toEqual(['kept.md', 'migration-preview.sql']);
    rmSync(repo, { recursive: true, force: true });
  });
});
