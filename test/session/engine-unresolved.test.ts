// A parameter left empty: a rehearsal asks once at the step that needs it and then walks on,
// recording the command with `${NAME}` unresolved; a real run does not run the command.
import { describe, expect, it } from 'vitest';
import { answer, auditLines, newEngine, tempEnv } from './helpers.js';
import { skipTo } from '../kit/session.js';

describe('engine: parameters left empty', () => {
  it('rehearsal: asked once at the step, left empty, recorded as ${NAME} and the step is rehearsed', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { mode: 'rehearsal', sets: { ENVIRONMENT: 'prod' } });
    await skipTo(engine, 'deploy');
    const done = engine.advance('deploy');
    const p = await answer(engine, 'params', { API_TOKEN: '' });
    expect(p.kind === 'params' && p.params.map((x) => x.name)).toEqual(['API_TOKEN']);
    await done;
    expect(engine.snapshot().state.steps.deploy?.status).toBe('rehearsed');
    const start = auditLines(engine, env).find((e) => e.type === 'cmd.start');
    expect(start?.data).toMatchObject({ execution: 'would-run', resolved: 'deploy --env prod --token $API_TOKEN' });
    await engine.finish('completed');
  });

  it('run: left empty at the step, the command is not run and the step stays open', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { sets: { ENVIRONMENT: 'prod' } });
    await skipTo(engine, 'deploy');
    const done = engine.advance('deploy');
    await answer(engine, 'params', { API_TOKEN: '' });
    await done;
    expect(engine.snapshot().state.steps.deploy?.status).not.toBe('passed');
    expect(auditLines(engine, env).some((e) => e.type === 'cmd.start')).toBe(false);
    await engine.suspend();
  });
});
