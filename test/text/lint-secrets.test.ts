// `lint` reports literal secrets in a runbook as errors with their line numbers, the same
// shapes export refuses, and prints no character of them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';
import { CORPUS, leakedPiece } from './secret-corpus.js';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

describe('lint: literal secrets', () => {
  it('reports each shape of the corpus on its line, as an error, without any of its characters', async () => {
    const lines = ['# Leaky runbook', '', '- [ ] Run the leaky block', '  ```bash'];
    const expected: number[] = [];
    for (const shape of CORPUS) {
      const at = shape.line.indexOf(shape.secret);
      expected.push(lines.length + 1 + (shape.line.slice(0, Math.max(0, at)).match(/\n/g)?.length ?? 0));
      lines.push(...shape.line.split('\n').map((l) => `  ${l}`));
    }
    lines.push('  ```', '');
    const file = join(mkdtempSync(join(tmpdir(), 'fd-lint-secrets-')), 'leaky.md');
    writeFileSync(file, lines.join('\n'));

    const r = await runCli(['lint', file, '--json']);
    expect(r.code).toBe(2);
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: { line: number; severity: string; message: string }[] }).diagnostics;
    const secretLines = new Set(diagnostics.filter((d) => d.message.startsWith('a literal secret')).map((d) => d.line));
    for (const [i, shape] of CORPUS.entries()) expect(secretLines.has(expected[i] ?? 0), `${shape.name} on line ${expected[i]}`).toBe(true);
    for (const d of diagnostics.filter((x) => x.message.startsWith('a literal secret'))) expect(d.severity).toBe('error');

    const human = await runCli(['lint', file]);
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/leaky\.md:\d+: error: a literal secret \(a GitHub token\) at column \d+/);
    for (const out of [r.stdout, r.stderr, human.stdout, human.stderr]) {
      for (const shape of CORPUS) expect(leakedPiece(out, shape.secret), shape.name).toBeUndefined();
    }
  });

  it.skipIf(skipShared())('finds none in the shared runbooks, whose parameters are references, not values', async () => {
    for (const name of readdirSync(SHARED_RUNBOOKS).filter((n) => n.endsWith('.md'))) {
      const r = await runCli(['lint', join(SHARED_RUNBOOKS, name), '--json']);
      const diagnostics = (JSON.parse(r.stdout) as { diagnostics: { message: string }[] }).diagnostics;
      expect(diagnostics.filter((d) => d.message.startsWith('a literal secret')), name).toEqual([]);
    }
  });
});
