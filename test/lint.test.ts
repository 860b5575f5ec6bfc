import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { execFileSync } from 'node:child_process';

const dir = mkdtempSync(join(tmpdir(), 'fd-lint-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const NO_STACK = /\n\s+at .+:\d+:\d+/;
const CONTRACT_KEYS = [
  'file', 'sha256', 'title', 'sections', 'steps', 'checks', 'commands', 'expectations', 'evidence',
  'signoffs', 'signoffRoles', 'decisions', 'gates', 'dangerous', 'params', 'diagnostics', 'outline', 'branches',
];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

describe('flightdeck lint', () => {
  it('--json prints exactly the contract, with the sha256 of the file bytes', async () => {
    const p = file('ok.md', '# Title\n\n- [ ] one\n  ```bash\n  echo $NAME\n  ```\n');
    const r = await runCli(['lint', p, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(CONTRACT_KEYS);
    expect(json).toMatchObject({ title: 'Title', steps: 1, checks: 1, commands: 1, params: [{ name: 'NAME', secret: false }], diagnostics: [] });
    expect(json['sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a tree\'s actions show where each answer leads: the step done before the next question, nested questions, an action with no section, the more actions after a section', async () => {
    const { readFileSync } = await import('node:fs');
    const tree = readFileSync(join(ROOT, 'test', 'session', 'fixtures', 'outcome', 'cache-watch.md'), 'utf8');
    const p = file('tree.md', tree);
    const r = await runCli(['lint', p]);
    expect(r.stdout).toContain("? Cache Node Down?  Yes → Open the node's health page, then ? Still Down? | No → go on");
    expect(r.stdout).toContain('  ? Still Down?  Yes → step 6 | No → Watch the Node Closely');
    expect(r.stdout).toContain('? Sessions Lost?  Yes → step 6, then Replay the Session Journal');
    expect(r.stdout).toContain('? P95 Latency 600-1000ms?  Yes → Monitor 5 min, then ? Improving?');
    const json = JSON.parse((await runCli(['lint', p, '--json'])).stdout) as { branches: { question: string; answers: Record<string, unknown>[] }[] };
    expect(json.branches.find((b) => b.question === 'Cache Node Down?')?.answers[0]).toEqual({ label: 'Yes', then: 'Still Down?', action: "Open the node's health page" });
    expect(json.branches.find((b) => b.question === 'Sessions Lost?')?.answers[0]).toMatchObject({ label: 'Yes', target: 6, also: ['Replay the Session Journal'] });
  });

  it('human output: outline, totals and diagnostics with line numbers, no colour when not a TTY', async () => {
    const p = file('human.md', '# Demo\n\n## Section A\n\n- [ ] a\n- [ ] b\n\n```bash {timeout=never}\necho\n```\n');
    const r = await runCli(['lint', p]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Section A');
    // the outline tree: the section as a heading, its steps numbered under it; the block
    // after the last item is that item's own (two steps, not three) and reads as a read
    expect(r.stdout).toMatch(/^Section A$/m);
    expect(r.stdout).toMatch(/^ {2}1\. a$/m);
    expect(r.stdout).toMatch(/^ {2}2\. b\s+1 read$/m);
    expect(r.stdout).toContain(`${p}:8: error: annotation: timeout "never"`);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('lints the bundled demo runbook clean (npm start)', async () => {
    const r = await runCli(['lint', join(ROOT, 'runbooks/demo.md'), '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, number | unknown[]>;
    expect(s['diagnostics']).toEqual([]);
    for (const k of ['checks', 'commands', 'expectations', 'evidence', 'signoffs', 'decisions', 'gates', 'dangerous']) {
      expect(s[k], k).toBeGreaterThan(0);
    }
    expect(s['params']).toContainEqual({ name: 'DEMO_TOKEN', secret: true });
  });
});

describe('bad input: one line, the right exit code, no stack trace, no hang', () => {
  const expectOneLine = (stderr: string, pattern: RegExp) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(pattern);
    expect(stderr).not.toMatch(NO_STACK);
  };

  it('missing file', async () => {
    const r = await runCli(['lint', join(dir, 'nope.md')]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /runbook not found: .*nope\.md; check the path/);
  });

  it('a directory', async () => {
    const d = join(dir, 'adir');
    mkdirSync(d, { recursive: true });
    const r = await runCli(['lint', d, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr, /is a directory, not a runbook/);
  });

  it('a binary file', async () => {
    const r = await runCli(['lint', file('bin.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0xff]))]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /looks like a binary file/);
  });

  it('an empty file', async () => {
    const r = await runCli(['lint', file('empty.md', ''), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([{ line: 1, severity: 'error', message: 'the runbook is empty: write some steps in it' }]);
  });

  it('invalid UTF-8 is an error diagnostic at its line', async () => {
    const bytes = Buffer.concat([Buffer.from('# T\n\n- [ ] ok\n- [ ] caf'), Buffer.from([0xe9]), Buffer.from(' latin-1\n')]);
    const r = await runCli(['lint', file('latin1.md', bytes), '--json']);
    expect(r.code).toBe(2);
    const s = JSON.parse(r.stdout);
    expect(s.diagnostics[0]).toMatchObject({ line: 4, severity: 'error' });
    expect(s.diagnostics[0].message).toMatch(/invalid UTF-8/);
    expect(s.checks).toBe(2);
  });

  it('an unclosed fence', async () => {
    const r = await runCli(['lint', file('unclosed.md', '# T\n\n- [ ] a\n\n```bash\necho hi\n\n- [ ] swallowed\n'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([expect.objectContaining({ line: 5, severity: 'error', message: expect.stringMatching(/never closed/) })]);
  });

  it('a 10 MB generated runbook', async () => {
    const chunk = (i: number) =>
      `## Section ${i}\n\n- [ ] check ${i}\n  \`\`\`bash\n  az group show --name rg-${i} # Expected: Succeeded\n  echo "\${ENVIRONMENT}"\n  \`\`\`\n\nError rate < 1%\n\n`;
    const parts: string[] = ['# Big\n\n'];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const c = chunk(i);
      parts.push(c);
      size += c.length;
    }
    const r = await runCli(['lint', file('big.md', parts.join('')), '--json'], { timeoutMs: 170_000 });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.checks).toBe(parts.length - 1);
    expect(s.commands).toBe(parts.length - 1);
  }, 180_000);

  it('deeply nested lists', async () => {
    const lines = ['# Deep', ''];
    for (let i = 0; i < 3000; i++) lines.push(`${'  '.repeat(i)}- [ ] level ${i}`);
    const r = await runCli(['lint', file('deep.md', lines.join('\n')), '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.steps).toBe(1);
    expect(s.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/nested deeper than/) })]);
  });

  it.each([
    ['10,000 nested >', '>'.repeat(10_000) + ' quote\n'],
    ['10,000 [', '['.repeat(10_000) + 'x\n'],
    ['10,000 nested > lines', Array.from({ length: 10_000 }, (_, i) => '>'.repeat(i + 1)).join('\n')],
  ])('%s', async (_name, body) => {
    const r = await runCli(['lint', file('patho.md', `# P\n\n${body}`), '--json']);
    expect([0, 2]).toContain(r.code);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).title).toBe('P');
  });
});
