// Recovery choices after a crash during a command are events with tested semantics:
// "run it again" runs it (a new cmd.start and the command's real output), "done" goes on
// after it on the operator's word, "skip" skips the step. Nothing is passed without its run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, liveShows } from '../kit/autopilot.js';
import { crashDuringCommand, runbookText } from '../kit/fixtures.js';
import { sessionFor } from '../kit/session.js';

// The first run waits (a long command killed by the crash); a run after it finishes at once.
const LONG = runbookText('Recovery', [
  { title: 'Prepare', bash: 'echo prepared' },
  {
    title: 'Migrate',
    bash: 'mark=~/started; if [ -e "$mark" ]; then echo "migrated after run $(cat "$mark")"; else echo 1 > "$mark"; echo "migration started"; sleep 30; fi',
  },
]);

async function crashedSession() {
  const s = await sessionFor(LONG, { shell: true });
  const [prepare, migrate] = s.runbook.steps;
  await s.engine.advance(prepare!.id);
  const running = s.engine.advance(migrate!.id);
  await liveShows(s.engine, 'migration started');
  await crashDuringCommand(s);
  await running;
  return { s, migrate: migrate! };
}

describe('resume after a crash during a command', () => {
  it('"run it again" runs the command again: a new cmd.start, its real output, then the step passes', async () => {
    const { s, migrate } = await crashedSession();
    const before = s.events().filter((e) => e.type === 'cmd.start').length;
    const resumed = await s.resume();
    const asked = await answer(resumed.engine, 'interrupted-command', { action: 'rerun' });
    expect(asked.command.id).toBe(migrate.commands[0]!.id);
    await resumed.engine.ready;
    expect(resumed.engine.snapshot().state.currentStepId).toBe(migrate.id);
    await resumed.engine.advance(migrate.id);
    const state = resumed.engine.snapshot().state.steps[migrate.id];
    expect(state?.status).toBe('passed');
    expect(state?.runs.map((r) => r.status)).toEqual(['interrupted', 'exited']);
    await resumed.engine.finish('completed');

    const events = s.events();
    const after = events.slice(events.findIndex((e) => e.type === 'recovery' && e.data.reason === 'interrupted-command'));
    expect(after.map((e) => e.type).slice(0, 4)).toEqual(['recovery', 'cmd.start', 'output', 'cmd.exit']);
    expect(events.filter((e) => e.type === 'cmd.start')).toHaveLength(before + 1);
    const output = after.find((e) => e.type === 'output');
    const spool = readFileSync(join(s.paths.outputs, String(output?.data.file)), 'utf8');
    expect(spool).toContain('migrated after run 1');
    expect(after.find((e) => e.type === 'cmd.exit')?.data).toMatchObject({ execution: 'run', exitCode: 0 });
  });

  it('"done" records the operator\'s word and goes on after the command without running it', async () => {
    const { s, migrate } = await crashedSession();
    const resumed = await s.resume();
    await answer(resumed.engine, 'interrupted-command', { action: 'done', note: 'finished it by hand' });
    await resumed.engine.ready;
    await resumed.engine.advance(migrate.id);
    const state = resumed.engine.snapshot().state.steps[migrate.id];
    expect(state?.status).toBe('passed');
    expect(state?.runs).toHaveLength(1);
    await resumed.engine.suspend();
    const exit = s.events().find((e) => e.type === 'cmd.exit' && e.data.interrupted !== undefined);
    expect(exit?.data).toMatchObject({ interrupted: 'done', note: 'finished it by hand' });
  });

  it('"skip" skips the step with the reason and runs nothing', async () => {
    const { s, migrate } = await crashedSession();
    const resumed = await s.resume();
    await answer(resumed.engine, 'interrupted-command', { action: 'skip', reason: 'migrated by the DBA' });
    await resumed.engine.ready;
    const state = resumed.engine.snapshot().state;
    expect(state.steps[migrate.id]).toMatchObject({ status: 'skipped', reason: 'migrated by the DBA' });
    await resumed.engine.suspend();
    expect(s.events().filter((e) => e.type === 'cmd.start')).toHaveLength(2);
  });
});
