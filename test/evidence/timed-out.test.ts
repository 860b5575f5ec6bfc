// A block stopped at its time limit: the report (its steps and its timeline of events) and
// the headless step report say it timed out and after how long, not that a signal killed it
// (the runner's own INT/TERM/KILL, which reads like a crash or an outside kill).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { tempDir } from '../kit/temp.js';

const SLOW = ['# Slow', '', '## Steps', '', '### Step 1: Wait', '', '```bash {timeout=1s}', 'sleep 30', '```', ''].join('\n');

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

describe('a command stopped at its time limit', () => {
  it('shows in report.html and summary.md as timed out after 1.0 s', async () => {
    const kit = await sessionFor(SLOW, { shell: true });
    const pilot = autopilot(kit.engine, { 'check-failed': { action: 'skip', reason: 'too slow today' } });
    const stepId = kit.engine.snapshot().state.currentStepId;
    if (!stepId) throw new Error('no step to walk');
    await kit.engine.advance(stepId);
    pilot.stop();
    await kit.engine.finish('completed');
    const exit = kit.events().find((e) => e.type === 'cmd.exit');
    expect(exit?.data).toMatchObject({ timedOut: true, timeoutMs: 1000 });

    const out = join(tempDir('fd-timed-out-'), 'pack');
    await exportSession(kit.engine.sessionId, { env: kit.env, out });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const page of [html, summary]) {
      expect(page).toContain('timed out after 1.0 s');
      expect(page).not.toMatch(/killed by SIG/);
    }
    // the timeline of events too
    expect(html).toMatch(/command ended \[[^\]]+\]: timed out after 1\.0 s/);
    expect(html).not.toMatch(/signal SIG/);
  });

  it('run --non-interactive: the FAILED step report says the command timed out', async () => {
    const file = join(tempDir('fd-timed-out-'), 'slow.md');
    writeFileSync(file, SLOW);
    const r = await runCli(['run', file, '--non-interactive'], { env: { FLIGHTDECK_HOME: tempHome() } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {4}timed out after 1s, \d+\.\d s$/m);
    expect(r.stdout).not.toMatch(/killed by SIG/);
  });
});
