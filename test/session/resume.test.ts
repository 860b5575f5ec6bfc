import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resumeSession } from '../../src/session/open-session.js';
import { parseAuditLog } from '../../src/session/audit-read.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import { SessionStore } from '../../src/session/store.js';
import { SOURCE, fixtureRunbook } from './fixtures/runbook.js';
import { nextPrompt } from '../kit/autopilot.js';
import { answer, newEngine, tempEnv } from './helpers.js';

const identity = { name: 'bob', source: 'flag' as const };
const load = (source = SOURCE) => async () => ({ runbook: fixtureRunbook(), bytes: Buffer.from(source) });

describe('resume', () => {
  it('replays the log and lands on the step after the last one done', async () => {
    const env = tempEnv();
    const first = await newEngine(env, { mode: 'rehearsal', sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
    await first.advance('announce');
    await first.advance('deploy');
    await first.suspend();
    const engine = await resumeSession({ id: first.sessionId, identity, env, load: load() });
    await engine.ready;
    const st = engine.snapshot().state;
    expect(st.currentStepId).toBe('decide');
    expect(st.steps.deploy?.status).toBe('rehearsed');
    expect(st.mode).toBe('rehearsal');
    const log = parseAuditLog(readFileSync(sessionPaths(engine.sessionId, env).audit));
    expect(log.fault).toBeUndefined();
    expect(log.events.at(-1)).toMatchObject({ type: 'note', actor: 'bob', data: { kind: 'resume' } });
    expect((await new SessionStore(env).get(engine.sessionId))?.chainHead).toBe(log.head);
    await engine.suspend();
  });

  it('asks about a command that was running when the session ended and records the answer', async () => {
    const env = tempEnv();
    const first = await newEngine(env, { sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
    await first.skip('announce', 'not part of this test');
    const done = first.advance('deploy');
    await nextPrompt(first); // cmd.start written, waiting on the operator's confirmation
    // simulate the crash: drop the manual cmd.exit by rebuilding a log that stops after cmd.start
    const paths = sessionPaths(first.sessionId, env);
    const lines = readFileSync(paths.audit, 'utf8').trimEnd().split('\n');
    const cut = lines.findIndex((l) => l.includes('"type":"cmd.start"'));
    await first.suspend();
    await done;
    writeFileSync(paths.audit, lines.slice(0, cut + 1).join('\n') + '\n');
    const engine = await resumeSession({ id: first.sessionId, identity, env, load: load() });
    const p = await answer(engine, 'interrupted-command', { action: 'done', note: 'finished in another shell' });
    expect(p.kind === 'interrupted-command' && p.command.id).toBe('deploy-1');
    await engine.ready;
    const st = engine.snapshot().state;
    expect(st.steps.deploy?.runs[0]?.status).toBe('interrupted');
    const events = parseAuditLog(readFileSync(paths.audit)).events;
    expect(events.map((e) => e.type)).toContain('recovery');
    expect(events.find((e) => e.type === 'recovery' && e.data.reason === 'crash-resumed')).toBeTruthy();
    expect(events.find((e) => e.type === 'recovery' && e.data.reason === 'interrupted-command')?.data.action).toBe('done');
    // the step continues without running that command again
    await engine.advance('deploy');
    expect(engine.snapshot().state.steps.deploy?.status).toBe('passed');
    expect(engine.snapshot().state.steps.deploy?.runs).toHaveLength(1);
    await engine.suspend();
  });

  it('shows what changed when the runbook changed since the session started', async () => {
    const env = tempEnv();
    const first = await newEngine(env, { mode: 'rehearsal' });
    await first.suspend();
    const edited = SOURCE.replace('- [ ] Roll back', '- [ ] Roll back to the previous revision');
    const engine = await resumeSession({ id: first.sessionId, identity, env, load: load(edited) });
    const p = await answer(engine, 'runbook-changed', { proceed: true });
    expect(p.kind === 'runbook-changed' && p.diff).toBe('-7: - [ ] Roll back\n+7: - [ ] Roll back to the previous revision');
    await engine.ready;
    await engine.suspend();
    const events = parseAuditLog(readFileSync(sessionPaths(first.sessionId, env).audit)).events;
    expect(events.find((e) => e.type === 'deviation')?.data.kind).toBe('runbook-changed');
  });

  it('refuses a second instance on the same session with a clear message', async () => {
    const env = tempEnv();
    const first = await newEngine(env);
    await expect(resumeSession({ id: first.sessionId, identity, env, load: load() })).rejects.toThrow(
      new RegExp(`session ${first.sessionId} is already open in another flightdeck \\(pid ${process.pid}`),
    );
    await first.suspend();
  });

  it('takes over a lock left by a dead process and records it', async () => {
    const env = tempEnv();
    const first = await newEngine(env);
    await first.suspend();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    writeFileSync(sessionPaths(first.sessionId, env).lock, JSON.stringify({ pid, host: hostname(), since: 'yesterday' }));
    const engine = await resumeSession({ id: first.sessionId, identity, env, load: load() });
    await engine.ready;
    await engine.suspend();
    const events = parseAuditLog(readFileSync(sessionPaths(first.sessionId, env).audit)).events;
    expect(events.find((e) => e.type === 'recovery')?.data).toMatchObject({ reason: 'stale-lock', pid });
  });

  it('refuses to resume a session that has ended, and one that does not exist', async () => {
    const env = tempEnv();
    const first = await newEngine(env);
    await first.finish('completed');
    await expect(resumeSession({ id: first.sessionId, identity, env, load: load() })).rejects.toThrow(/already ended/);
    await expect(resumeSession({ id: 'nope', identity, env, load: load() })).rejects.toThrow(/no session nope/);
  });

  it('repairs a torn tail left by a crash before resuming', async () => {
    const env = tempEnv();
    const first = await newEngine(env, { mode: 'rehearsal' });
    await first.advance('announce');
    await first.suspend();
    const paths = sessionPaths(first.sessionId, env);
    const torn = '{"actor":"alice","data":{"te';
    appendFileSync(paths.audit, torn);
    const engine = await resumeSession({ id: first.sessionId, identity, env, load: load() });
    await engine.ready;
    expect(engine.snapshot().state.currentStepId).toBe('deploy');
    await engine.suspend();
    const log = parseAuditLog(readFileSync(paths.audit));
    expect(log.fault).toBeUndefined();
    expect(log.events.find((e) => e.type === 'recovery')?.data).toMatchObject({ reason: 'torn-tail', truncatedBytes: torn.length });
  });
});
