// `flightdeck sessions` names the step a session is at by its number and title, as the step
// list shows it, never by an internal id (issue 12).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = [
  '# Cache warm-up',
  '',
  '## Step 1: Look at the cache',
  '',
  '```bash',
  'echo cache looked at',
  '```',
  '',
  '## Step 2: Decide on the flush',
  '',
  '```decision',
  'question: Is the cache cold?',
  'answers:',
  '  yes: goto Flush',
  '  no: continue',
  '```',
  '',
  '## Flush',
  '',
  '```bash',
  'echo flushed',
  '```',
  '',
].join('\n');

describe('sessions', () => {
  it('shows the last step as "N. title"', async () => {
    const home = tempHome();
    const file = join(tempDir('fd-sessions-'), 'warmup.md');
    writeFileSync(file, RUNBOOK);
    const walked = await runCli(['rehearse', file, '--non-interactive'], { env: { FLIGHTDECK_HOME: home } });
    expect(walked.code).toBe(4);
    const listed = await runCli(['sessions'], { env: { FLIGHTDECK_HOME: home } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('2. Step 2: Decide on the flush');
    expect(listed.stdout).not.toMatch(/\bstep-\d+\b/);
  });
});

describe('an unfinished session named by its step', () => {
  it('a second headless run names the step it stopped at by number and title, not by id', async () => {
    const home = tempHome();
    const work = tempDir('fd-sessions-work-');
    const file = join(work, 'checks.md');
    writeFileSync(file, ['# Checks', '', '## Step 1: Look', '', '```bash', 'echo looked', '```', '', '## Step 2: Check the disk', '', '```bash', 'exit 4', '```', ''].join('\n'));
    const first = await runCli(['run', file, '--non-interactive'], { env: { FLIGHTDECK_HOME: home }, cwd: work });
    expect(first.code).toBe(1);
    const again = await runCli(['run', file, '--non-interactive'], { env: { FLIGHTDECK_HOME: home }, cwd: work });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('at 2. Step 2: Check the disk');
    expect(again.stderr).not.toMatch(/\bstep-\d+\b/);
  });
});

describe('a step a decision inserted', () => {
  it('is named by its number and title as the step list shows it (numbers after it shift), not by its id', async () => {
    const { readFileSync } = await import('node:fs');
    const { sessionFor } = await import('../kit/session.js');
    const { autopilot } = await import('../kit/autopilot.js');
    const search = readFileSync(join(import.meta.dirname, '..', 'session', 'fixtures', 'outcome', 'search-release.md'), 'utf8');
    const kit = await sessionFor(search, { mode: 'rehearsal', simulate: true });
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: p.node.question === 'Index Corrupted?' ? 'Yes' : 'No' }) });
    await kit.engine.advance('step-1');
    await kit.engine.advance('step-2');
    pilot.stop();
    const inserted = kit.engine.snapshot().state.currentStepId as string;
    await kit.engine.advance(inserted);
    await kit.engine.suspend();
    const listed = await runCli(['sessions'], { env: kit.env });
    expect(listed.code).toBe(0);
    // the inserted step is 3 on the screen, so the next one is 4
    expect(listed.stdout).toContain('4. Step 3: Shift all traffic to the new version');
    expect(listed.stdout).not.toMatch(/\boutcome-\d+\b/);
  });
});
