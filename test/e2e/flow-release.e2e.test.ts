// The flow in a real terminal (issue 12): the built CLI in tmux walks a release whose
// guarded block ("If the version table is missing:") and rollback-trigger decision follow
// the patterns real runbooks use, with fake `alembic` and `az` on PATH recording every call.
// Answered "all good", the guarded command never runs and the rollback is never entered;
// answered the other way, both run, the rollback in its order, each behind its typed word.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { HAS_TMUX, useTmux, type TmuxSession } from '../helpers/tmux.js';
import { finishSession, onlySessionId, selectedRow, sessionLog } from './drive.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'e2e', 'flow-release.md');

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-flow-tools-'));
  for (const tool of ['alembic', 'az']) {
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "$FAKE_CALLS"\necho "${tool} ok"\n`);
    chmodSync(join(bin, tool), 0o755);
  }
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function calls(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

/** Answers the decision on screen: the highlighted (safe) answer, or the one `down` rows below it; then an empty note. */
async function decide(t: TmuxSession, question: string, down = 0): Promise<void> {
  await t.waitFor(question);
  for (let i = 0; i < down; i++) t.keys('Down');
  t.keys('Enter');
  await t.waitFor('Note (optional)');
  t.keys('Enter');
}

/** Types the confirmation word a destructive command asks for. */
async function typeWord(t: TmuxSession): Promise<string> {
  const screen = await t.waitFor(/Type (\S+) to run it/);
  const word = /Type (\S+) to run it/.exec(screen)?.[1] ?? '';
  t.type(word);
  t.keys('Enter');
  return word;
}

describe.skipIf(!HAS_TMUX)('the flow in tmux with fake alembic and az', () => {
  const tmux = useTmux();
  const start = (): { t: TmuxSession; callsFile: string } => {
    const callsFile = join(mkdtempSync(join(tmpdir(), 'fd-flow-calls-')), 'calls');
    const t = tmux.startCli(['run', FIXTURE], { cols: 110, rows: 34, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_CALLS: callsFile } });
    return { t, callsFile };
  };

  it('"all good": the guarded stamp never runs and "no trigger" never enters the rollback', async () => {
    const { t, callsFile } = start();
    await t.waitFor('0/6 steps done');
    expect(t.capture()).toContain('Rollback Procedure · if needed');
    t.keys('Enter');
    // the question is asked after the command before it, with the safe answer highlighted
    await t.waitFor('❯ No → continue');
    expect(calls(callsFile)).toEqual(['alembic current']);
    await decide(t, 'The version table is missing?');
    // the guarded block ends not needed with the answer: the cursor is already past it
    await t.waitFor('2/6 steps done');
    expect(selectedRow(t.capture())).not.toMatch(/missing/i);
    t.keys('Enter');
    await t.waitFor('3/6 steps done');
    t.keys('Enter');
    await t.waitFor('4/6 steps done');
    t.keys('Enter');
    await t.waitFor('❯ No → continue');
    await decide(t, 'Any of these rollback triggers?');
    await t.waitFor('5/6 steps done');
    t.keys('Enter');
    await t.waitFor('6/6 steps done');
    expect(await finishSession(t)).toBe(0);

    expect(calls(callsFile)).toEqual([
      'alembic current',
      'alembic upgrade head',
      'az webapp config container set --name orders --resource-group rg-orders --container-image-name orders:42',
    ]);
    const log = sessionLog(t.home, onlySessionId(t.home));
    expect(log.filter((e) => e.type === 'flow' && e.data.kind === 'enter')).toEqual([]);
    const guarded = log.find((e) => e.type === 'step.end' && e.data.status === 'not-needed');
    expect(guarded?.data.reason).toBe('not needed: The version table is missing? No');
    expect(log.filter((e) => e.type === 'deviation')).toEqual([]);
  });

  it('the other answers: the stamp runs behind its word, and the rollback is walked in order', async () => {
    const { t, callsFile } = start();
    await t.waitFor('0/6 steps done');
    t.keys('Enter');
    await decide(t, 'The version table is missing?', 1);
    await t.waitFor('1/6 steps done');
    t.keys('Enter');
    expect(await typeWord(t)).toBe('CONFIRM');
    await t.waitFor('2/6 steps done');
    t.keys('Enter');
    await t.waitFor('3/6 steps done');
    t.keys('Enter');
    await t.waitFor('4/6 steps done');
    t.keys('Enter');
    await decide(t, 'Any of these rollback triggers?', 1);
    // the walk is in the rollback now: its first step, then its second
    await t.waitFor(/▸○ 7\. Step R1/);
    t.keys('Enter');
    await typeWord(t);
    await t.waitFor(/▸○ 8\. Step R2/);
    t.keys('Enter');
    expect(await typeWord(t)).toBe('ROLLBACK');
    await t.waitFor(/✔ 8\. Step R2/);

    expect(calls(callsFile)).toEqual([
      'alembic current',
      'alembic stamp head',
      'alembic upgrade head',
      'az webapp config container set --name orders --resource-group rg-orders --container-image-name orders:42',
      'az webapp deployment slot swap --name orders --resource-group rg-orders --slot previous --target-slot production',
      'alembic downgrade -1',
    ]);
    const log = sessionLog(t.home, onlySessionId(t.home));
    expect(log.find((e) => e.type === 'flow' && e.data.kind === 'enter')?.data).toMatchObject({ title: 'Rollback Procedure', by: 'decision' });
  });
});
