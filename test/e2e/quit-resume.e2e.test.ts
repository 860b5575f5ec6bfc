// Quit in the middle of a rehearsal and pick it up again with `flightdeck resume <id>`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { HAS_TMUX, useTmux, type TmuxSession } from '../helpers/tmux.js';
import { afterKey, answerPrompt, expectCleanScreen, onlySessionId, progress, quitAndConfirm, selectedRow, sessionLog, sessionsJson, settled } from './drive.js';

const DEMO = join(ROOT, 'runbooks', 'demo.md');

/** Enter on the selected step, answering prompts, until `done` steps are finished. */
async function walkTo(t: TmuxSession, done: number): Promise<string> {
  let screen = await settled(t, 40);
  for (let i = 0; i < 60; i++) {
    expectCleanScreen(screen);
    if ((progress(screen)?.done ?? -1) >= done) return screen;
    // a step still running (▶) is not pressed again: a second Enter would start the next one
    if (/^▸▶/.test(selectedRow(screen) ?? '')) {
      screen = await afterKey(t, screen);
      continue;
    }
    if (!answerPrompt(t, screen)) t.keys('Enter');
    screen = await afterKey(t, screen);
  }
  throw new Error(`never reached ${done} steps done:\n${t.capture()}`);
}

describe.skipIf(!HAS_TMUX)('quit and resume (tmux)', () => {
  const tmux = useTmux();

  it('q after three steps prints the resume line; resume lands on step 4 and goes on', async () => {
    const first = tmux.startCli(['rehearse', DEMO]);
    await first.waitFor('Parameters this runbook needs');
    first.keys('Escape');
    await walkTo(first, 3);
    expect(await quitAndConfirm(first)).toBe(0);
    const id = onlySessionId(first.home);
    const farewell = first.capture({ joinWrapped: true });
    expect(farewell).toContain(`resume with: flightdeck resume ${id}`);
    expect((await sessionsJson(first.home))[0]).toMatchObject({ id, mode: 'rehearsal', status: 'suspended' });

    const again = tmux.startCli(['resume', id], { home: first.home });
    await again.waitFor(/3\/13 steps done/);
    let screen = await settled(again);
    while (answerPrompt(again, screen)) screen = await afterKey(again, screen);
    expect(selectedRow(screen)).toMatch(/^▸○ 4\. /);
    expect(screen).toContain('DRY RUN');
    await walkTo(again, 4);
    expect(await quitAndConfirm(again)).toBe(0);

    const log = sessionLog(first.home, id);
    const ended = log.filter((e) => e.type === 'step.end').map((e) => e.data.stepId);
    expect(ended, JSON.stringify(log.map((e) => [e.type, e.data.stepId ?? e.data.text ?? ""]))).toHaveLength(4);
    expect(new Set(ended).size).toBe(4);
    expect(log.filter((e) => e.type === 'session.start')).toHaveLength(1);
    expect(log.some((e) => e.type === 'session.end')).toBe(false);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => log[0]!.seq + i));
  });
});
