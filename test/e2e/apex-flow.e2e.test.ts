// Issue 12's check on the real runbook: the built CLI in tmux runs ../shared's
// apex-production runbook (read in place, never copied) with fake `alembic`, `az`, `curl`,
// `ssh`... first on PATH, each recording its call, in a temp directory. Walked from the start
// as an operator would, "Step 2: Verify Current Database Version" asks about the version
// table after `alembic current` and, the table being there, never runs `alembic stamp head`;
// the operator then opens the rollback's "Identify Rollback Trigger", answers "no trigger",
// and nothing of the rollback runs: the walk is back on the main path where it was.
// Decisions are answered by their labels, not by their position.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunbook } from '../../src/runbook/load.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';
import { HAS_TMUX, useTmux, type TmuxSession } from '../helpers/tmux.js';
import { afterKey, onlySessionId, quitAndConfirm, selectedRow, sessionLog, settled } from './drive.js';

const APEX = join(SHARED_RUNBOOKS, 'apex-production-runbook.md');
const CHECKOUT = '/home/gbass/MyProjects/APEX';
const TOOLS = ['alembic', 'az', 'curl', 'kubectl', 'sqlcmd', 'docker', 'ssh', 'sudo', 'pip3', 'python3'];

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-apex-tools-'));
  for (const tool of TOOLS) {
    // what a healthy deployment prints where the runbook states what to expect
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "$FAKE_CALLS"\necho '{"provisioningState": "Succeeded"}'\n`);
    chmodSync(join(bin, tool), 0o755);
  }
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function calls(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

/** The answers of the decision on screen, top to bottom, and which one is highlighted. */
function answerRows(screen: string): { labels: string[]; at: number } {
  const rows = screen.split('\n').flatMap((l) => {
    // an answer ("No → continue"), or the placeholder shown when no answer is highlighted
    const m = /│ ([❯ ]) (\(choose an answer\)|\S[^│]*?(?= → ))/.exec(l);
    // the tool's proposal is marked "(suggested)" beside the answer's label
    return m ? [{ on: m[1] === '❯', label: (m[2] ?? '').replace(/ \(suggested\)$/, '') }] : [];
  });
  return { labels: rows.map((r) => r.label), at: rows.findIndex((r) => r.on) };
}

/** The number of the selected step ("▸○ 13. Step 3: ..." is 13). */
function rowNumber(screen: string): number {
  return Number(/^▸\S (\d+)\./.exec(selectedRow(screen) ?? '')?.[1] ?? 0);
}

type Answers = [question: RegExp, answer: RegExp][];

/**
 * Answers the prompt on screen, or returns undefined when none is up. A decision takes the
 * answer whose label matches the first rule for its question (an unknown question fails the
 * walk); a check by eye holds; a change runs on Enter, a destructive command gets its word.
 */
function answerPrompt(t: TmuxSession, screen: string, answers: Answers, seen: string[]): string | undefined {
  if (screen.includes('Parameters this runbook needs')) {
    t.keys('Escape');
    return 'params';
  }
  if (screen.includes('Note (optional) ›')) {
    t.keys('Enter');
    return 'note';
  }
  const word = /Type (\S+) to run it/.exec(screen)?.[1];
  if (word) {
    seen.push(`word ${word}`);
    t.type(word);
    t.keys('Enter');
    return 'danger';
  }
  if (screen.includes('Enter: run it')) {
    seen.push('change');
    t.keys('Enter');
    return 'change';
  }
  if (screen.includes('Does it hold?')) {
    t.type('y');
    return 'eye';
  }
  if (screen.includes('Decision:')) {
    const { labels, at } = answerRows(screen);
    const rule = answers.find(([q]) => q.test(screen));
    const want = rule ? labels.findIndex((l) => rule[1].test(l)) : -1;
    if (want < 0 || at < 0) throw new Error(`no answer for the decision on screen:\n${screen}`);
    seen.push(`decision ${labels[want] ?? ''}`);
    const moves = want - at;
    for (let i = 0; i < Math.abs(moves); i++) t.keys(moves > 0 ? 'Down' : 'Up');
    t.keys('Enter');
    return 'decision';
  }
  if (screen.includes('╭')) throw new Error(`a prompt the walk does not expect:\n${screen}`);
  return undefined;
}

/** Enter on the step the walk is at, answering what it asks, until `until` holds for the screen (no prompt up). */
async function walkUntil(t: TmuxSession, until: (screen: string) => boolean, answers: Answers, seen: string[]): Promise<string> {
  let screen = await settled(t);
  for (let i = 0; i < 200; i++) {
    const answered = answerPrompt(t, screen, answers, seen);
    if (answered === undefined) {
      if (until(screen)) return screen;
      t.keys('Enter');
    }
    screen = await afterKey(t, screen, { timeoutMs: 15_000 });
  }
  throw new Error(`the walk did not get there; the screen was:\n${screen}`);
}

const ALL_GOOD: Answers = [
  [/Validation fails\?/, /^No$/],
  [/Connect to Production Database: choose one/, /^Option A/],
  [/Alembic table doesn't exist\?/, /^No$/],
  [/Leave the main path for "Rollback Procedure"/, /^Yes$/],
  [/rollback triggers\?/, /^No$/],
];

describe.skipIf(!HAS_TMUX || skipShared())('apex-production in tmux with fake tools recording their calls', () => {
  const tmux = useTmux();

  it('the table exists: `alembic stamp head` never runs; "no rollback trigger" runs nothing of the rollback', async () => {
    const work = mkdtempSync(join(tmpdir(), 'fd-apex-work-'));
    const callsFile = join(work, 'calls');
    // the runbook's checkout (its author's absolute path) is this temp dir: a block whose cd
    // fails stops there, so the checkout has to exist; the session's BASH_ENV maps the path
    mkdirSync(join(work, 'APEX', 'infra'), { recursive: true });
    writeFileSync(join(work, 'APEX', 'infra', 'deploy.sh'), `#!/bin/sh\necho "deploy.sh $*" >> "$FAKE_CALLS"\n`, { mode: 0o755 });
    const checkout = join(work, 'checkout.sh');
    writeFileSync(checkout, `cd() { if [[ \${1-} == ${CHECKOUT}* ]]; then builtin cd "${join(work, 'APEX')}\${1#${CHECKOUT}}"; else builtin cd "$@"; fi; }\n`);
    const t = tmux.startCli(['run', APEX], { cols: 130, rows: 40, cwd: work, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_CALLS: callsFile, BASH_ENV: checkout } });
    const seen: string[] = [];
    try {
      await t.waitFor('Parameters this runbook needs', { timeoutMs: 20_000 });

      // from the start to the migration's review: the guarded stamp is answered, not run
      let screen = await walkUntil(t, (s) => /^▸○ 13\. Step 3: Review Pending Migrations/m.test(s), ALL_GOOD, seen);
      // the version-table question was asked and answered (from the log: an Enter the walk sends
      // for the next step can land on a question drawn a moment later, its highlighted answer)
      const asked = sessionLog(t.home, onlySessionId(t.home)).filter((e) => e.type === 'decision').map((e) => `${String(e.data.question)} ${String(e.data.answer)}`);
      expect(asked).toContain("Alembic table doesn't exist? No");
      expect(calls(callsFile)).toContain('alembic current');
      expect(calls(callsFile).filter((c) => c.startsWith('alembic stamp'))).toEqual([]);

      // the operator opens the rollback's first step and answers "no trigger"
      // (down the step list to it, one key at a time: each moves the selection one step)
      const steps = (await loadRunbook(APEX)).steps;
      const trigger = steps.findIndex((s) => /Identify Rollback Trigger/.test(s.title)) + 1;
      for (let n = rowNumber(screen); n < trigger; n = rowNumber(screen)) {
        t.keys('Down');
        screen = await t.waitFor((s) => rowNumber(s) !== n);
      }
      expect(selectedRow(screen)).toMatch(/Identify Rollback Trigger/);
      screen = await walkUntil(t, (s) => !/Identify Rollback Trigger/.test(selectedRow(s) ?? ''), ALL_GOOD, seen);
      // back on the main path, at the step it left
      expect(selectedRow(screen)).toMatch(/13\. Step 3: Review Pending Migrations/);
      await walkUntil(t, (s) => /14\. Step 4: Execute Database Migration/.test(selectedRow(s) ?? ''), ALL_GOOD, seen);

      const ran = calls(callsFile);
      expect(ran).toContain('alembic history');
      expect(ran.filter((c) => /^alembic (stamp|downgrade)/.test(c))).toEqual([]);
      expect(ran.filter((c) => /deployment group cancel|traffic set|revision deactivate/.test(c))).toEqual([]);
      const log = sessionLog(t.home, onlySessionId(t.home));
      const notNeeded = log.filter((e) => e.type === 'step.end' && e.data.status === 'not-needed').map((e) => e.data.reason);
      expect(notNeeded).toContain("not needed: Alembic table doesn't exist? No");
      const flow = log.filter((e) => e.type === 'flow' && (e.data.kind === 'enter' || e.data.kind === 'leave')).map((e) => `${String(e.data.kind)}: ${String(e.data.reason)}`);
      expect(flow).toEqual([
        'enter: the operator opened Rollback Procedure',
        'leave: not needed: Any of these common rollback triggers? No',
      ]);
      expect(log.filter((e) => e.type === 'deviation')).toEqual([]);
      expect(await quitAndConfirm(t)).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 90_000);
});
