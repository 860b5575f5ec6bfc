// Every command of the three shared runbooks, classified read / change / destructive,
// checked against a reviewed snapshot (line, effect and the first 60 characters of the
// block's first statement; the runbooks themselves are read in place, never copied).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectOf } from '../../src/runbook/danger.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';

const NAMES = ['agent-studio-production', 'apex-operations-checklist', 'apex-production-runbook'];

describe.skipIf(skipShared())('command effects in the shared runbooks', () => {
  for (const name of NAMES) {
    it(`${name}.md matches its reviewed classification`, async () => {
      const rb = await loadRunbook(join(SHARED_RUNBOOKS, `${name}.md`));
      const rows = rb.steps.flatMap((s) =>
        s.commands.map((c) => {
          const first = c.code.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
          return `${c.line}\t${effectOf(c)}\t${first.slice(0, 60)}`;
        }),
      );
      expect(rows.length).toBeGreaterThan(0);
      await expect(rows.join('\n') + '\n').toMatchFileSnapshot(`effects/${name}.tsv`);
    });
  }

  it('the production changes the issue names are not read-only', async () => {
    const rb = await loadRunbook(join(SHARED_RUNBOOKS, 'apex-production-runbook.md'));
    const effect = (needle: string) => effectOf(rb.steps.flatMap((s) => s.commands).find((c) => c.code.includes(needle)) ?? { danger: [] });
    expect(effect('alembic upgrade head\n')).toBe('change');
    expect(effect('./deploy.sh prod')).toBe('change');
    expect(effect('az containerapp update')).toBe('change');
    expect(effect('alembic stamp head')).toBe('destructive');
    expect(effect('"$NEW_REVISION=100"')).toBe('destructive');
  });
});
