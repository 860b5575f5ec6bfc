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
