// Resume finds a command an earlier flightdeck started still running (its process carries
// the marker of the command's output file): the prompt names its pid, and leaving it or
// waiting for it is recorded before the usual question.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAuditLog } from '../../src/session/audit-read.js';
import { resumeSession } from '../../src/session/open-session.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { ShellRunner } from '../../src/steps/shell-runner.js';
import { nextPrompt } from '../kit/autopilot.js';
import { screenFeed } from '../kit/screen.js';
import { pidAlive } from '../steps/runner-helpers.js';
import { SOURCE, fixtureRunbook } from './fixtures/runbook.js';
import { answer, newEngine, tempEnv } from './helpers.js';

const identity = { name: 'bob', source: 'flag' as const };
const runners: ShellRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.killAll(100);
});

/** A session whose log ends at the cmd.start of deploy-1, and a process still running it, as a crash would leave them. */
async function crashedWhileRunning() {
  const env = tempEnv();
  const first = await newEngine(env, { sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
  await first.skip('announce', 'not part of this test');
  const done = first.advance('deploy');
  await nextPrompt(first); // cmd.start written, waiting on the operator's confirmation
  const paths = sessionPaths(first.sessionId, env);
  const lines = readFileSync(paths.audit, 'utf8').trimEnd().split('\n');
  const cut = lines.findIndex((l) => l.includes('"type":"cmd.start"'));
  await first.suspend();
  await done;
  writeFileSync(paths.audit, lines.slice(0, cut + 1).join('\n') + '\n');
  const runner = new ShellRunner({ mode: 'run', graceMs: 100 });
  runners.push(runner);
  const screen = screenFeed();
  const run = runner.start({
    onText: screen.onText,
    command: { id: 'deploy-1', code: 'echo started; sleep 300', lang: 'bash' },
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    cwd: paths.dir,
    spoolPath: join(paths.outputs, 'deploy-deploy-1-1.log'),
  });
  await expect.poll(() => screen.lines().join(''), { timeout: 3000 }).toContain('started');
  const engine = await resumeSession({ id: first.sessionId, identity, env, load: async () => ({ runbook: fixtureRunbook(), bytes: Buffer.from(SOURCE) }), executor: new ShellExecutor({ mode: 'run', graceMs: 100 }) });
  const recoveries = () => parseAuditLog(readFileSync(paths.audit)).events.filter((e) => e.type === 'recovery' && e.data.reason === 'still-running').map((e) => e.data);
  return { engine, run, recoveries };
}

describe('resume with a command still running', () => {
  it('names the pid; "leave it" is recorded and the usual question follows', async () => {
    const { engine, run, recoveries } = await crashedWhileRunning();
    const first = await answer(engine, 'interrupted-command', { action: 'leave' });
    expect(first.kind === 'interrupted-command' && first.running?.pid).toBe(run.pid);
    const second = await answer(engine, 'interrupted-command', { action: 'done', note: 'it finished by itself later' });
    expect(second.kind === 'interrupted-command' && second.running).toBeUndefined();
    await engine.ready;
    expect(recoveries()).toEqual([expect.objectContaining({ action: 'leave', pid: run.pid })]);
    expect(pidAlive(run.pid)).toBe(true);
    await engine.suspend();
  });

  it('"wait for it" waits until it has ended, then asks what happened', async () => {
    const { engine, run, recoveries } = await crashedWhileRunning();
    await answer(engine, 'interrupted-command', { action: 'wait' });
    await expect.poll(() => engine.snapshot().notice ?? '').toContain(`waiting for pid ${run.pid} to finish`);
    expect(engine.snapshot().prompt).toBeUndefined();
    await run.cancel();
    const again = await answer(engine, 'interrupted-command', { action: 'skip', reason: 'ended by hand' });
    expect(again.kind === 'interrupted-command' && again.running).toBeUndefined();
    await engine.ready;
    expect(recoveries()).toEqual([expect.objectContaining({ action: 'wait', pid: run.pid, finished: true })]);
    await engine.suspend();
  });
});
