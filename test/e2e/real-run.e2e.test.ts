// A real run in a real terminal: coloured live output, a long command stopped with Ctrl-C
// (its process gone), typing into a command that reads stdin, a dangerous command behind
// its confirmation word, and a sign-off approved. Then what the log holds.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { HAS_TMUX, sleep, useTmux, type TmuxSession } from '../helpers/tmux.js';
import { expectCleanScreen, finishSession, onlySessionId, sessionLog } from './drive.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'e2e', 'real-run.md');
const SLEEP_ARG = '29.4242'; // the fixture's unusual sleep, to find its process by

function sleepRunning(): boolean {
  return spawnSync('pgrep', ['-f', `sleep ${SLEEP_ARG}`]).status === 0;
}

async function until(check: () => boolean, what: string, t: TmuxSession, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${t.capture()}`);
    await sleep(50);
  }
}

/**
 * Answers "Does it hold?" (yes, no note) when the runner could not decide a check, then
 * waits for `done` steps. y and Enter go back to back: the Enter waits in the app for the
 * note field that y opens.
 */
async function confirmUntilDone(t: TmuxSession, done: number): Promise<void> {
  const screen = await t.waitFor(new RegExp(`Does it hold\\?|${done}/5 steps done`));
  if (screen.includes('Does it hold?')) {
    t.type('y');
    t.keys('Enter');
    await t.waitFor(`${done}/5 steps done`);
  }
}

describe.skipIf(!HAS_TMUX || spawnSync('pgrep', ['-V']).status !== 0)('a real run in tmux', () => {
  const tmux = useTmux();

  it('colour, Ctrl-C, typed input, danger word and sign-off, all in the log', async () => {
    const t = tmux.startCli(['run', FIXTURE], { cols: 100, rows: 30 });
    await t.waitFor('0/5 steps done');
    expect(t.capture()).toMatch(/ RUN /);

    // 1: live output keeps its colour
    t.keys('Enter');
    // in the live pane, in green (the code block above shows the same words uncoloured)
    await t.waitFor(/\x1b\[32m(?:\x1b\[[0-9;]*m)*green hello/, { escapes: true });
    await confirmUntilDone(t, 1);

    // 2: a sleep stopped with Ctrl-C; the process is gone, the step skipped with a reason
    t.keys('Enter');
    await t.waitFor(/waiting/);
    await until(sleepRunning, 'the sleep to start', t);
    t.keys('C-c');
    await t.waitFor('Check failed');
    await until(() => !sleepRunning(), 'the sleep to be gone', t, 5000);
    t.keys('Down', 'Down', 'Enter');
    await t.waitFor('Reason ›');
    t.type('too slow for today\r');
    await t.waitFor('2/5 steps done');

    // 3: typing into the running command
    t.keys('Enter');
    await t.waitFor(/│ Type YES:\s*$/m); // the command's prompt in the live pane, not the code block
    t.type('i');
    await t.waitFor('Type into the running command');
    t.type('YES');
    t.keys('Enter');
    await confirmUntilDone(t, 3);

    // 4: the dangerous command waits for its word; a wrong one runs nothing
    t.keys('Enter');
    await t.waitFor('Dangerous command');
    t.type('yes\r');
    await t.waitFor('is not DELETE; nothing ran');
    t.type('DELETE\r');
    await t.waitFor('4/5 steps done');

    // 5: the sign-off: name prefilled, no comment, explicit approval
    t.keys('Enter');
    await t.waitFor('Sign-off:');
    await t.waitFor('Name ›');
    t.keys('Enter');
    await t.waitFor('Comment (optional) ›');
    t.type('looks good\r');
    await t.waitFor('I approve');
    t.type('a');
    const last = await t.waitFor('5/5 steps done');
    expectCleanScreen(last);
    expect(await finishSession(t)).toBe(0);
    expect(t.capture({ joinWrapped: true })).toMatch(/session \S+ completed/);

    const home = t.home;
    const id = onlySessionId(home);
    const log = sessionLog(home, id);
    const exits = log.filter((e) => e.type === 'cmd.exit');
    expect(exits.find((e) => e.data.stepId === exits[1]?.data.stepId)?.data).toMatchObject({ cancelled: true });
    expect(log.find((e) => e.type === 'deviation' && e.data.kind === 'skip')?.data).toMatchObject({ reason: 'too slow for today' });
    const outputs = log.filter((e) => e.type === 'output').map((e) => readFileSync(join(home, 'sessions', id, 'outputs', String(e.data.file)), 'utf8'));
    expect(outputs[0]).toContain('green hello');
    expect(outputs.some((o) => o.includes('got YES'))).toBe(true);
    const starts = log.filter((e) => e.type === 'cmd.start');
    expect(starts.filter((e) => String(e.data.script).startsWith('rm -rf'))).toHaveLength(1);
    expect(log.find((e) => e.type === 'signoff')?.data).toMatchObject({ role: 'Change owner', approved: true, comment: 'looks good' });
    expect(log.at(-1)?.type).toBe('session.end');
  });
});
