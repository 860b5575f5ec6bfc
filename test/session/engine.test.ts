import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sessionPaths } from '../../src/session/session-dir.js';
import { parseAuditLog } from '../../src/session/audit-read.js';
import type { CommandExecutor } from '../../src/session/types.js';
import { nextPrompt } from '../kit/autopilot.js';
import { answer, auditLines, newEngine, tempEnv } from './helpers.js';

describe('engine: rehearsal', () => {
  it('records "would run" with parameters resolved and secrets masked, never writing the secret', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { mode: 'rehearsal', sets: { ENVIRONMENT: 'prod', API_TOKEN: 's3cr3t-value' } });
    await engine.advance('announce');
    await engine.advance('deploy');
    const deploy = engine.snapshot().state.steps.deploy;
    expect(deploy?.status).toBe('rehearsed');
    expect(deploy?.runs[0]?.status).toBe('would-run');
    const start = auditLines(engine, env).find((e) => e.type === 'cmd.start');
    expect(start?.data).toMatchObject({ execution: 'would-run', resolved: 'deploy --env prod --token ••••••', env: ['ENVIRONMENT', 'API_TOKEN'] });
    await engine.finish('completed');
    const raw = readFileSync(sessionPaths(engine.sessionId, env).audit, 'utf8');
    expect(raw).not.toContain('s3cr3t-value');
    expect(raw).toContain('"name":"API_TOKEN","secret":true');
    expect(parseAuditLog(raw).fault).toBeUndefined();
  });
});

describe('engine: run mode without a runner', () => {
  it('records the operator confirmation of a command done by hand and asks to confirm its expectation', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { sets: { ENVIRONMENT: 'prod', API_TOKEN: 't' } });
    await engine.advance('announce');
    expect(engine.snapshot().state.currentStepId).toBe('deploy');
    const done = engine.advance('deploy');
    const p = await answer(engine, 'unverified', { confirmed: true, note: 'saw it in the portal' });
    expect(p.kind === 'unverified' && p.expectation.text).toBe('Deployment succeeded');
    await done;
    const st = engine.snapshot().state;
    expect(st.steps.deploy?.status).toBe('passed');
    expect(st.steps.deploy?.runs[0]).toMatchObject({ status: 'confirmed', checks: [{ text: 'Deployment succeeded', result: 'unverified' }] });
    expect(st.currentStepId).toBe('decide');
    const types = auditLines(engine, env).map((e) => e.type);
    expect(types.slice(-5)).toEqual(['step.start', 'cmd.start', 'cmd.exit', 'check', 'step.end']);
    await engine.suspend();
  });

  it('asks for a missing parameter at the step that needs it', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { sets: { ENVIRONMENT: 'prod' } });
    await engine.skip('announce', 'not part of this test');
    const done = engine.advance('deploy');
    const p = await answer(engine, 'params', { API_TOKEN: 'typed-secret' });
    expect(p.kind === 'params' && p.params.map((x) => x.name)).toEqual(['API_TOKEN']);
    await answer(engine, 'unverified', { confirmed: true });
    await done;
    expect(engine.snapshot().state.paramsSet.API_TOKEN).toEqual({ secret: true, source: 'prompt' });
    await engine.finish('completed');
    expect(readFileSync(sessionPaths(engine.sessionId, env).audit, 'utf8')).not.toContain('typed-secret');
  });
});

describe('engine: a secret too short to mask', () => {
  it('tells the operator and marks param.set unmasked, for --set and for a prompt answer', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { sets: { ENVIRONMENT: 'prod', API_TOKEN: 'abc' } });
    expect(engine.snapshot().notice).toBe('secret API_TOKEN is shorter than 4 characters and cannot be masked: output and spools show it as typed');
    const set = auditLines(engine, env).find((e) => e.type === 'param.set' && e.data.name === 'API_TOKEN');
    expect(set?.data).toEqual({ name: 'API_TOKEN', secret: true, source: 'set', unmasked: true });
    await engine.suspend();

    const env2 = tempEnv();
    const asked = await newEngine(env2, { sets: { ENVIRONMENT: 'prod' } });
    expect(asked.snapshot().notice).toBeUndefined();
    await asked.skip('announce', 'not part of this test');
    const done = asked.advance('deploy');
    await answer(asked, 'params', { API_TOKEN: 'xy' });
    expect(asked.snapshot().notice).toContain('secret API_TOKEN is shorter than 4 characters');
    await answer(asked, 'unverified', { confirmed: true });
    await done;
    expect(readFileSync(sessionPaths(asked.sessionId, env2).audit, 'utf8')).toContain('"unmasked":true');
    await asked.suspend();
  });
});

describe('engine: decisions, sign-offs, evidence', () => {
  it('jumps to the section an outcome names', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { mode: 'rehearsal' });
    await engine.skip('announce', 'not part of this test');
    await engine.skip('deploy', 'not part of this test');
    const done = engine.advance('decide');
    await answer(engine, 'decision', { answer: 'Yes' });
    await done;
    expect(engine.snapshot().state.currentStepId).toBe('roll-back');
    const decision = auditLines(engine, env).find((e) => e.type === 'decision');
    expect(decision?.data).toMatchObject({ question: 'Is the error rate above 1%?', answer: 'Yes', jumpTo: 'roll-back', who: 'alice' });
    await engine.suspend();
  });

  it('collects one sign-off per role, fsynced before the next prompt, and enforces four-eyes', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { fourEyes: true });
    const rb = engine.runbook;
    const announce = rb.steps[0];
    if (!announce) throw new Error('fixture');
    announce.signoffs.push({ id: 'f1', line: 3, title: 'Go-live approval', roles: ['Release Manager', 'SRE'], fourEyes: false });
    const done = engine.advance('announce');
    const first = await answer(engine, 'signoff', { name: 'alice', approved: true });
    // the operator may not sign this role: not prefilled, and the form knows why before anything is typed
    expect(first.kind === 'signoff' && [first.role, first.suggestedName, first.refused?.map((r) => r.name)]).toEqual(['Release Manager', undefined, ['alice']]);
    const again = await answer(engine, 'signoff', { name: 'bob', approved: true });
    expect(again.kind === 'signoff' && again.error).toMatch(/four-eyes/);
    // bob's sign-off is in the file before the SRE prompt is answered; that prompt refuses bob already
    const sre = (await nextPrompt(engine)).prompt;
    expect(sre.kind === 'signoff' && sre.refused?.map((r) => r.name)).toEqual(['alice', 'bob']);
    expect(auditLines(engine, env).filter((e) => e.type === 'signoff').map((e) => e.data.name)).toEqual(['bob']);
    await answer(engine, 'signoff', { name: 'bob', approved: true });
    const last = engine.snapshot().prompt?.prompt;
    expect(last?.kind === 'signoff' && last.error).toMatch(/cannot be signed by bob alone/);
    await answer(engine, 'signoff', { name: 'carol', approved: true, comment: 'ok' });
    await done;
    expect(engine.snapshot().state.steps.announce?.status).toBe('passed');
    await engine.suspend();
  });

  it('four-eyes lets the operator sign the role that is their own ("Deployment Engineer"), and no other', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { fourEyes: true });
    engine.runbook.steps[0]?.signoffs.push({ id: 'f1', line: 3, title: 'Pre-deployment sign-off', roles: ['Technical Lead', 'Deployment Engineer'], fourEyes: true });
    const done = engine.advance('announce');
    const lead = await answer(engine, 'signoff', { name: 'alice', approved: true });
    expect(lead.kind === 'signoff' && lead.role).toBe('Technical Lead');
    const again = await answer(engine, 'signoff', { name: 'dana', approved: true });
    expect(again.kind === 'signoff' && [again.role, again.error]).toEqual(['Technical Lead', expect.stringMatching(/someone other than the operator/)]);
    const own = await answer(engine, 'signoff', { name: 'alice', approved: true });
    expect(own.kind === 'signoff' && [own.role, own.error]).toEqual(['Deployment Engineer', undefined]);
    await done;
    expect(auditLines(engine, env).filter((e) => e.type === 'signoff').map((e) => [e.data.role, e.data.name])).toEqual([
      ['Technical Lead', 'dana'],
      ['Deployment Engineer', 'alice'],
    ]);
    expect(engine.snapshot().state.steps.announce?.status).toBe('passed');
    await engine.suspend();
  });

  it('blocks a step on evidence until it is given or waived; a waiver is a deviation', async () => {
    const env = tempEnv();
    const engine = await newEngine(env);
    engine.runbook.steps[0]?.evidence.push({ id: 'e1', line: 4, text: 'Screenshot of the announcement', kind: 'screenshot' });
    const done = engine.advance('announce');
    await answer(engine, 'evidence', { waived: 'Slack was down' });
    await done;
    const st = engine.snapshot().state.steps.announce;
    expect(st?.status).toBe('waived');
    expect(st?.reason).toContain('Slack was down');
    expect(auditLines(engine, env).find((e) => e.type === 'deviation')?.data).toMatchObject({ kind: 'waive', target: 'e1' });
    await engine.suspend();
  });
});

describe('engine: with a command executor', () => {
  function fakeExecutor(codes: number[]): CommandExecutor & { calls: number } {
    const ex = {
      calls: 0,
      async run(_c: unknown, env: Record<string, string>, _cwd: string, onOutput: (s: string) => void, _signal: AbortSignal, opts: { spoolPath: string }) {
        const code = codes[ex.calls++] ?? 0;
        onOutput(`deploying to ${env.ENVIRONMENT}\n`);
        return { exitCode: code, signal: null, durationMs: 5, spoolPath: opts.spoolPath, sha256: 'a'.repeat(64), bytes: 10, lines: 1,
          checks: [{ text: 'Deployment succeeded', result: code === 0 ? ('pass' as const) : ('fail' as const), actual: String(code) }] };
      },
    };
    return ex;
  }

  it('runs the command with parameters in the environment, records output and checks, and offers retry on failure', async () => {
    const env = tempEnv();
    const executor = fakeExecutor([1, 0]);
    const engine = await newEngine(env, { executor, sets: { ENVIRONMENT: 'prod', API_TOKEN: 't' } });
    await engine.skip('announce', 'not part of this test');
    const done = engine.advance('deploy');
    const failed = await answer(engine, 'check-failed', { action: 'retry' });
    expect(failed.kind === 'check-failed' && failed.failures[0]).toContain('Deployment succeeded');
    await done;
    expect(executor.calls).toBe(2);
    const st = engine.snapshot().state.steps.deploy;
    expect(st?.status).toBe('passed');
    expect(st?.runs.map((r) => [r.status, r.exitCode])).toEqual([['exited', 1], ['exited', 0]]);
    const types = auditLines(engine, env).map((e) => e.type);
    expect(types.filter((t) => t === 'output')).toHaveLength(2);
    await engine.suspend();
  });
});
