// The engine hands the failure dialog the command's last lines (issue 14): the script's own
// failure message is what the operator needs to decide retry, override or skip.
import { describe, expect, it } from 'vitest';
import { answer, liveShows } from '../kit/autopilot.js';
import { crashDuringCommand } from '../kit/fixtures.js';
import { sessionFor } from '../kit/session.js';

describe('a failed command', () => {
  it('asks with the last lines of its output', async () => {
    const kit = await sessionFor('# Health\n\n## Steps\n\n### Step 1: Probe\n\n```bash\necho "probing /ready"\necho "probe: backend answered 503" >&2\nexit 1\n```\n', { shell: true });
    const walked = kit.engine.advance('step-1');
    const asked = await answer(kit.engine, 'check-failed', { action: 'skip', reason: 'known outage' });
    await walked;
    expect(asked.failures.join('\n')).toContain('exit');
    expect(asked.output).toContain('probing /ready');
    expect(asked.output?.trim().split('\n').pop()).toBe('probe: backend answered 503');
  });
});

describe('a command interrupted by a crash', () => {
  it('asks with what it printed before the stop', async () => {
    const kit = await sessionFor('# Migrate\n\n## Steps\n\n### Step 1: Migrate\n\n```bash\necho "migrated 3 of 7 tables"\nsleep 30\n```\n', { shell: true });
    const running = kit.engine.advance('step-1');
    await liveShows(kit.engine, 'migrated 3 of 7 tables');
    await crashDuringCommand(kit);
    await running;
    const resumed = await kit.resume();
    const asked = await answer(resumed.engine, 'interrupted-command', { action: 'skip', reason: 'will redo by hand' });
    expect(asked.output).toContain('migrated 3 of 7 tables');
    await resumed.engine.suspend();
  });
});
