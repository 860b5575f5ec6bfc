import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runHeadless } from '../../src/headless/run-headless.js';
import { parseAuditLog } from '../../src/session/audit-read.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import { SessionStore } from '../../src/session/store.js';
import type { CommandExecutor } from '../../src/session/types.js';
import { newEngine, tempEnv } from '../session/helpers.js';

async function headless(engine: Awaited<ReturnType<typeof newEngine>>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runHeadless(engine, { write: (l) => lines.push(l) });
  return { code, lines };
}

const okExecutor: CommandExecutor = {
  async run(_c, _env, _cwd, _on, _sig, opts) {
    return { exitCode: 0, signal: null, durationMs: 1, spoolPath: opts.spoolPath, sha256: 'b'.repeat(64), bytes: 0, lines: 0,
      checks: [{ text: 'Deployment succeeded', result: 'pass' }] };
  },
};

describe('headless', () => {
  it('rehearsal walks boxes and commands, prints one line per step, stops with 4 at the decision', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { mode: 'rehearsal', sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
    const r = await headless(engine);
    expect(r.code).toBe(4);
    expect(r.lines[0]).toBe('[1/4] Announce the change: rehearsed');
    expect(r.lines[1]).toBe('[2/4] Deploy: rehearsed (1 command would run)');
    expect(r.lines[2]).toBe('[3/4] Go or no-go: needs a person: decision: Is the error rate above 1%?');
    expect(r.lines[3]).toContain(`flightdeck resume ${engine.sessionId}`);
    const log = parseAuditLog(readFileSync(sessionPaths(engine.sessionId, env).audit));
    expect(log.fault).toBeUndefined();
    expect(log.ended).toBe(false);
    expect(log.events.at(-1)?.data).toMatchObject({ kind: 'suspend' });
    expect(log.events.filter((e) => e.type === 'step.end').every((e) => e.data.auto === true)).toBe(true);
    expect((await new SessionStore(env).get(engine.sessionId))?.status).toBe('suspended');
  });

  it('a real run stops with 4 at a box that needs a person to tick', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
    const r = await headless(engine);
    expect(r.code).toBe(4);
    expect(r.lines[0]).toBe('[1/4] Announce the change: needs a person: a checklist item to do and tick by hand');
    expect(engine.snapshot().state.steps.announce?.status).toBe('pending');
  });

  it('a real run with a runner runs commands and stops with 4 on a missing parameter', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { executor: okExecutor, sets: { ENVIRONMENT: 'p' } });
    await engine.skip('announce', 'not part of this test'); // the walk goes on from deploy
    const r = await headless(engine);
    expect(r.code).toBe(4);
    expect(r.lines[0]).toMatch(/^\[2\/4\] Deploy: needs a person: missing parameter API_TOKEN/);
  });

  it('a real run stops with 4 at a dangerous command, unrun', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { executor: okExecutor, sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
    engine.runbook.steps[3]?.commands.push({ id: 'rb', line: 8, lang: 'bash', code: 'az containerapp revision deactivate', runnable: true, expectations: [], danger: [{ line: 8, reason: 'traffic to 100%' }], params: [] });
    for (const id of ['announce', 'deploy', 'decide']) await engine.skip(id, 'not part of this test');
    const r = await headless(engine);
    expect(r.lines[0]).toBe('[4/4] Roll back: needs a person: dangerous command needs a typed confirmation (traffic to 100%)');
    expect(r.code).toBe(4);
    const types = parseAuditLog(readFileSync(sessionPaths(engine.sessionId, env).audit)).events.map((e) => e.type);
    expect(types).not.toContain('cmd.start'); // unrun
  });

  it('exits 1 and leaves the session open when a check fails', async () => {
    const env = tempEnv();
    const failing: CommandExecutor = {
      async run(_c, _e, _w, _o, _s, opts) {
        return { exitCode: 3, signal: null, durationMs: 1, spoolPath: opts.spoolPath, sha256: 'c'.repeat(64), bytes: 0, lines: 0 };
      },
    };
    const engine = await newEngine(env, { executor: failing, sets: { ENVIRONMENT: 'p', API_TOKEN: 't' } });
    await engine.skip('announce', 'not part of this test'); // the walk goes on from deploy
    const r = await headless(engine);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe('[2/4] Deploy: FAILED: check failed: exit code 0 (got 3)');
    expect(engine.closed).toBe('suspended');
  });
});
