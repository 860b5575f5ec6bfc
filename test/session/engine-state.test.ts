// Session state is the reducer's fold of the log and nothing else: looking at a step records
// nothing and moves no state; a walk's state equals a replay of its log; Ctrl-C cancels only
// the running command, and an abort chosen inside a step closes the session after the walk.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditLog } from '../../src/session/audit-read.js';
import { replay } from '../../src/session/open-session.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import type { CommandExecutor } from '../../src/session/types.js';
import { answer, autopilot, liveShows } from '../kit/autopilot.js';
import { auditLines, newEngine, tempEnv } from './helpers.js';
import { skipTo } from '../kit/session.js';

describe('engine state comes from events only', () => {
  it('select() shows another step without recording anything or moving the walk; the walk moving brings the view back', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { mode: 'rehearsal' });
    const lines = auditLines(engine, env).length;
    engine.select('decide');
    expect(engine.snapshot().selected).toBe('decide');
    expect(engine.snapshot().state.currentStepId).toBe('announce');
    expect(auditLines(engine, env)).toHaveLength(lines);
    await engine.advance('announce');
    expect(engine.snapshot().selected).toBeUndefined();
    expect(engine.snapshot().state.currentStepId).toBe('deploy');
    await engine.suspend();
  });

  it('after a walk answered by the autopilot, the state is exactly the replay of the log on disk', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { sets: { ENVIRONMENT: 'prod' } });
    const pilot = autopilot(engine, { params: { API_TOKEN: 'typed-token' }, unverified: { confirmed: true }, decision: { answer: 'No' } });
    for (const id of ['announce', 'deploy', 'decide', 'roll-back']) await engine.advance(id);
    pilot.stop();
    expect(pilot.asked.map((p) => p.kind)).toEqual(['params', 'unverified', 'decision']);
    const events = parseAuditLog(readFileSync(sessionPaths(engine.sessionId, env).audit)).events;
    expect(engine.snapshot().state).toEqual(replay(events, engine.runbook));
    expect(Object.values(engine.snapshot().state.steps).map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    await engine.finish('completed');
  });
});

describe('cancelling', () => {
  /** Runs until its signal aborts, printing a line first. */
  const waiting: CommandExecutor = {
    run: (_c, _e, _w, onOutput, signal, opts) =>
      new Promise((resolve) => {
        onOutput('waiting for the rollout\n');
        const done = () => resolve({ exitCode: null, signal: 'SIGINT', durationMs: 1, spoolPath: opts.spoolPath, sha256: 'b'.repeat(64), bytes: 24, lines: 1 });
        if (signal.aborted) done();
        else signal.addEventListener('abort', done, { once: true });
      }),
  };

  it('Ctrl-C stops only the command (recorded cancelled) and asks what next; "abort" there ends the session aborted', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { executor: waiting, sets: { ENVIRONMENT: 'prod', API_TOKEN: 'token-1' } });
    await skipTo(engine, 'deploy');
    const walking = engine.advance('deploy');
    await liveShows(engine, 'waiting for the rollout');
    await engine.cancelRunning();
    const asked = await answer(engine, 'check-failed', { action: 'abort' });
    expect(asked.failures).toContain('cancelled by the operator');
    await walking;
    expect(engine.closed).toBe('aborted');
    const log = auditLines(engine, env);
    expect(log.find((e) => e.type === 'cmd.exit')?.data).toMatchObject({ cancelled: true });
    expect(log.at(-1)).toMatchObject({ type: 'session.end', data: { outcome: 'aborted' } });
  });

  it('quitting while a command runs stops it (recorded cancelled), asks nothing more, and leaves the session resumable', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { executor: waiting, sets: { ENVIRONMENT: 'prod', API_TOKEN: 'token-1' } });
    await skipTo(engine, 'deploy');
    const walking = engine.advance('deploy');
    await liveShows(engine, 'waiting for the rollout');
    await engine.suspend();
    await walking;
    expect(engine.closed).toBe('suspended');
    expect(engine.snapshot().prompt).toBeUndefined();
    const log = auditLines(engine, env);
    expect(log.find((e) => e.type === 'cmd.exit')?.data).toMatchObject({ cancelled: true });
    expect(log.at(-1)).toMatchObject({ type: 'note', data: { kind: 'suspend' } });
  });
});
