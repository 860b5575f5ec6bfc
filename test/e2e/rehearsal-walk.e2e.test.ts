// A whole rehearsal of a shared runbook in a real terminal: parameters left for later,
// every step walked with Enter, prompts answered as they come, the session completed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { afterKey, answerPrompt, expectCleanScreen, finishSession, onlySessionId, progress, selectedRow, sessionLog, sessionsJson, settled, towardOpenStep } from './drive.js';

const AGENT_STUDIO = join(SHARED_RUNBOOKS, 'agent-studio-production.md');

describe.skipIf(!HAS_TMUX || skipShared())('rehearsal of agent-studio-production.md end to end (tmux)', () => {
  const tmux = useTmux();

  it('walks every step to completion; sessions --json and the audit log agree', async () => {
    // what the parser finds today, so the test follows the parser rather than a copy of it
    const lint = await runCli(['lint', '--json', AGENT_STUDIO]);
    const outline = JSON.parse(lint.stdout) as { steps: number; signoffs: number; decisions: number; params: { name: string }[]; outline: { path: string }[] };
    // the steps the walk owes: the main path and the alternatives, not contingency sections
    const owed = outline.outline.filter((o) => o.path !== 'branch').length;
    const t = tmux.startCli(['rehearse', AGENT_STUDIO], { cols: 110, rows: 32 });
    let screen = await t.waitFor(/Parameters this runbook needs \(\d+\)/);
    expect(Number(/needs \((\d+)\)/.exec(screen)?.[1])).toBeGreaterThan(10);
    expect(screen).toContain('DRY RUN');
    // One value pasted with its Enter, the others left for later.
    // the focused field of the form (the step list's headings use › too)
    const first = /│ › (\S+)/.exec(screen)?.[1] ?? '';
    t.type('staging\r');
    screen = await t.waitFor(new RegExp(`^.*│\\s+${first}\\s+staging`, 'm'));
    expectCleanScreen(screen);
    t.keys('Escape');
    screen = await t.waitFor('○ pending'); // the form is gone, the first step is shown
    const total = progress(screen)?.total ?? 0;
    expect(total).toBe(owed);

    const answered = new Map<string, number>();
    let lastDone = -1;
    let stuck = 0;
    let lastRow = '';
    let direction: 'Up' | 'Down' = 'Down';
    screen = await settled(t, 40);
    for (let i = 0; i < total * 12; i++) {
      expectCleanScreen(screen);
      const p = progress(screen);
      if (p && p.done === p.total) break;
      const what = answerPrompt(t, screen);
      if (what) {
        answered.set(what, (answered.get(what) ?? 0) + 1);
        // the next key waits for this one's effect: one decided on a screen from before it
        // (a slow frame under load) could land on the next step or end the session
        screen = await afterKey(t, screen);
        continue;
      }
      const row = selectedRow(screen) ?? '';
      // a decision may jump ahead, leaving steps open behind: walk to them
      if (/^▸[✔✓–↷≈✘]/.test(row)) {
        if (row === lastRow) direction = direction === 'Down' ? 'Up' : 'Down';
        t.keys(towardOpenStep(screen, direction));
        // at the end of the list an arrow changes nothing: the next turn goes the other way
        screen = await afterKey(t, screen, { mayNotChange: true, timeoutMs: 3000 });
      } else {
        t.keys('Enter');
        screen = await afterKey(t, screen);
      }
      lastRow = row;
      if (p && p.done === lastDone) stuck++;
      else stuck = 0;
      lastDone = p?.done ?? lastDone;
      if (stuck > 400) throw new Error(`no progress at ${p?.done}/${p?.total}; the screen was:\n${screen}`);
    }
    const end = progress(screen);
    expect(end?.done).toBe(end?.total);
    expect(await finishSession(t)).toBe(0); // every step done: Enter completes the session
    const after = t.capture({ history: true, joinWrapped: true });
    expect(after).toMatch(/session \S+ \(rehearsal\) completed/);

    const id = onlySessionId(t.home);
    const listed = await sessionsJson(t.home);
    expect(listed[0]).toMatchObject({ id, mode: 'rehearsal', status: 'completed' });
    const log = sessionLog(t.home, id);
    // answers that are actions without a section ("Fix Forward if Possible") added steps of their own
    const inserted = log.filter((e) => e.type === 'decision' && e.data.actionStep === true).length;
    expect(end).toEqual({ done: total + inserted, total: total + inserted });
    const ended = new Set(log.filter((e) => e.type === 'step.end').map((e) => e.data.stepId));
    // a decision may have entered a contingency section: its steps end too
    expect(ended.size).toBeGreaterThanOrEqual(total);
    expect(log.at(-1)?.type).toBe('session.end');
    expect(log.some((e) => e.type === 'cmd.start' && e.data.execution === 'would-run')).toBe(true);
    // parameters left empty are shown unresolved in what would have run
    const unset = outline.params.map((p) => p.name).filter((n) => n !== first);
    expect(log.some((e) => e.type === 'cmd.start' && unset.some((n) => String(e.data.resolved).includes(`\${${n}}`)))).toBe(true);
    expect(answered.get('params') ?? 0).toBeGreaterThan(0);
    expect(log.filter((e) => e.type === 'decision').length > 0).toBe(outline.decisions > 0);
    expect(log.filter((e) => e.type === 'signoff').length > 0).toBe(outline.signoffs > 0);
  }, 240_000); // ~25 s alone on 2 cores; over 120 s seen with eight engineers' suites sharing them
});
