// A whole rehearsal of a shared runbook in a real terminal: parameters left for later,
// every step walked with Enter, prompts answered as they come, the session completed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_RUNBOOKS } from '../helpers/cli.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { answerPrompt, expectCleanScreen, onlySessionId, progress, selectedRow, sessionLog, sessionsJson, settled, towardOpenStep } from './drive.js';

const AGENT_STUDIO = join(SHARED_RUNBOOKS, 'agent-studio-production.md');

describe.skipIf(!HAS_TMUX || !existsSync(AGENT_STUDIO))('rehearsal of agent-studio-production.md end to end (tmux)', () => {
  const tmux = useTmux();

  it('walks every step to completion; sessions --json and the audit log agree', async () => {
    const t = tmux.startCli(['rehearse', AGENT_STUDIO], { cols: 110, rows: 32 });
    let screen = await t.waitFor('Parameters this runbook needs (22)');
    expect(screen).toContain('DRY RUN');
    // Two values typed (one pasted with its Enter), the other twenty left for later.
    t.type('staging\r');
    screen = await t.waitFor(/› your-domain/);
    expect(screen).toMatch(/ env\s+staging/);
    t.keys('Escape');
    screen = await t.waitFor(/0\/\d+ steps done/);
    const total = progress(screen)?.total ?? 0;
    expect(total).toBeGreaterThan(50);

    const answered = new Map<string, number>();
    let lastDone = -1;
    let stuck = 0;
    let lastRow = '';
    let direction: 'Up' | 'Down' = 'Down';
    for (let i = 0; i < total * 12; i++) {
      screen = await settled(t, 40);
      expectCleanScreen(screen);
      const p = progress(screen);
      if (p && p.done === p.total) break;
      const what = answerPrompt(t, screen);
      if (what) {
        answered.set(what, (answered.get(what) ?? 0) + 1);
        continue;
      }
      const row = selectedRow(screen) ?? '';
      // a decision may jump ahead, leaving steps open behind: walk to them
      if (/^▸[✔↷≈✘]/.test(row)) {
        if (row === lastRow) direction = direction === 'Down' ? 'Up' : 'Down';
        t.keys(towardOpenStep(screen, direction));
      } else t.keys('Enter');
      lastRow = row;
      if (p && p.done === lastDone) stuck++;
      else stuck = 0;
      lastDone = p?.done ?? lastDone;
      if (stuck > 400) throw new Error(`no progress at ${p?.done}/${p?.total}; the screen was:\n${screen}`);
    }
    expect(progress(screen)).toEqual({ done: total, total });
    t.keys('Enter'); // every step done: Enter completes the session
    expect(await t.waitForExit(15_000)).toBe(0);
    const after = t.capture({ history: true, joinWrapped: true });
    expect(after).toMatch(/session \S+ \(rehearsal\) completed/);

    const id = onlySessionId(t.home);
    const listed = await sessionsJson(t.home);
    expect(listed[0]).toMatchObject({ id, mode: 'rehearsal', status: 'completed' });
    const log = sessionLog(t.home, id);
    const ended = new Set(log.filter((e) => e.type === 'step.end').map((e) => e.data.stepId));
    expect(ended.size).toBe(total);
    expect(log.at(-1)?.type).toBe('session.end');
    expect(log.some((e) => e.type === 'cmd.start' && e.data.execution === 'would-run')).toBe(true);
    expect(log.some((e) => e.type === 'cmd.start' && /\$\{ACR_NAME\}/.test(String(e.data.resolved)))).toBe(true);
    expect(answered.get('params') ?? 0).toBeGreaterThan(0);
    expect(log.some((e) => e.type === 'decision')).toBe(true);
    expect(log.some((e) => e.type === 'signoff')).toBe(true);
  });
});
