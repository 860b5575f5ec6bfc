// The engine around a block that changes a container app: read before and after through
// the real ARM client (emulator), the verdict recorded as a check with before/after, a
// change that did not happen stopping the step; and in a --simulate rehearsal, the
// simulated app changing and the difference noted.
import { describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { ArmContainerApps } from '../../src/azure/container-apps.js';
import type { CommandExecutor } from '../../src/session/types.js';
import { command } from '../session/fixtures/runbook.js';
import { answer, auditLines, newEngine, tempEnv } from '../session/helpers.js';
import { skipTo } from '../kit/session.js';
import { appKey, sampleApp } from './emulator/arm.js';
import { failingCredential, FakeCredential } from './emulator/fake-credential.js';
import { useEmulator } from './emulator/use-emulator.js';

const SUB = '22222222-0000-0000-0000-000000000000';
const BLOCK = 'az containerapp ingress traffic set -n web -g rg --subscription ' + SUB + ' --revision-weight web--v1=90 web--v2=10';
const emu = useEmulator((emu) => emu.apps.set(appKey(SUB, 'rg', 'web'), sampleApp('web')));

/** "Runs" the block by having Azure (the emulator) apply it, or not. */
function executor(apply: boolean): CommandExecutor {
  return {
    async run(_c, _env, _cwd, _onOutput, _signal, opts) {
      const app = emu.apps.get(appKey(SUB, 'rg', 'web'));
      if (apply && app) app.traffic = [{ revisionName: 'web--v1', weight: 90 }, { revisionName: 'web--v2', weight: 10 }];
      return { exitCode: 0, signal: null, durationMs: 5, spoolPath: opts.spoolPath, sha256: 'a'.repeat(64), bytes: 0, lines: 0 };
    },
  };
}

async function engineWith(apply: boolean, env: NodeJS.ProcessEnv, auth = new AzureAuth({ credential: new FakeCredential() }), run = executor(apply)) {
  const apps = new ArmContainerApps({ auth, endpoint: emu.url, agent: emu.agent });
  const engine = await newEngine(env, { executor: run, metrics: { containerApps: apps }, sets: { ENVIRONMENT: 'prod', API_TOKEN: 't' } });
  const deploy = engine.runbook.steps.find((s) => s.id === 'deploy');
  if (!deploy) throw new Error('fixture');
  deploy.commands = [command('shift', BLOCK)];
  await skipTo(engine, 'deploy');
  return engine;
}

describe('the engine watching a container-app change', () => {
  it('records the verdict with the app before and after when the traffic moved as asked', async () => {
    const env = tempEnv();
    const engine = await engineWith(true, env);
    await engine.advance('deploy');
    const check = auditLines(engine, env).find((e) => e.type === 'check' && e.data.containerApp);
    expect(check?.data).toMatchObject({ result: 'pass', note: 'traffic before: web--v1 100%; after: web--v1 90%, web--v2 10%' });
    // the Azure call is recorded with who made it
    expect(check?.data.containerApp).toMatchObject({ azurePrincipal: 'alice@contoso.com', before: { latestRevision: 'web--v2' }, after: { latestRevision: 'web--v2' } });
    expect(String(check?.data.actual)).toContain('changed: traffic web--v1 100% -> 90%; traffic web--v2 0% -> 10%');
    expect(engine.snapshot().state.steps.deploy?.status).toBe('passed');
    await engine.suspend();
  });

  it('a change that did not happen is a failed check the operator has to act on', async () => {
    const env = tempEnv();
    const engine = await engineWith(false, env);
    const done = engine.advance('deploy');
    const prompt = await answer(engine, 'check-failed', { action: 'abort' });
    expect(prompt.kind === 'check-failed' && prompt.failures[0]).toMatch(/container app web as asked by traffic.*FAIL web--v1 100% \(asked 90%\)/);
    await done;
    await engine.suspend();
  });

  it('not signed in: the block is not run, and the step fails with one line saying what to do, in the prompt and the log', async () => {
    const env = tempEnv();
    const ran: string[] = [];
    const base = executor(true);
    const run: CommandExecutor = { run: (c, ...rest) => (ran.push(c.code), base.run(c, ...rest)) };
    const notSignedIn = Object.assign(new Error('DefaultAzureCredential failed'), { errors: [new Error("Please run 'az login' from a command prompt to authenticate before using this credential.")] });
    const engine = await engineWith(true, env, new AzureAuth({ credential: failingCredential(notSignedIn) }), run);
    const done = engine.advance('deploy');
    const prompt = await answer(engine, 'check-failed', { action: 'abort' });
    const line = "Azure: not signed in (Please run 'az login' from a command prompt to authenticate before using this credential.); run `az login` (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), or rehearse with --simulate";
    expect(prompt.kind === 'check-failed' && prompt.failures).toEqual([line]);
    await done;
    expect(ran).toEqual([]);
    const log = auditLines(engine, env);
    expect(log.some((e) => e.type === 'cmd.start')).toBe(false);
    expect(log.some((e) => e.type === 'note' && String(e.data.text).includes(line))).toBe(true);
    await engine.suspend();
  });

  it('a --simulate rehearsal changes the simulated app and notes what the block would do', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { mode: 'rehearsal', simulate: true, sets: { ENVIRONMENT: 'prod', API_TOKEN: 't' } });
    const deploy = engine.runbook.steps.find((s) => s.id === 'deploy');
    if (!deploy) throw new Error('fixture');
    deploy.commands = [command('shift', 'az containerapp revision copy -n web -g rg --subscription sim --image registry.example/web:2 --revision-suffix v2\naz containerapp ingress traffic set -n web -g rg --subscription sim --revision-weight web--sim0=90 web--v2=10')];
    await skipTo(engine, 'deploy');
    await engine.advance('deploy');
    const notes = auditLines(engine, env).filter((e) => e.type === 'note').map((e) => e.data.text);
    expect(notes.filter((t) => String(t).startsWith('would change'))).toEqual([
      'would change container app web (copy, simulated): latest revision web--sim0 -> web--v2; image registry.example/web:1.0 -> registry.example/web:2; new revision web--v2 (Healthy, Provisioned, 1 replica, registry.example/web:2); as asked: PASS new revision web--v2; PASS image registry.example/web:2; PASS new revision healthy: web--v2 Healthy, Provisioned, 1 replica, registry.example/web:2',
      // judged as a run would judge it, on the simulated app
      'would change container app web (traffic, simulated): traffic web--sim0 100% -> 90%; traffic web--v2 0% -> 10%; as asked: PASS web--sim0 90% (asked 90%); PASS web--v2 10% (asked 10%); PASS revision web--sim0 (90%) healthy: web--sim0 Healthy, Provisioned, 1 replica, registry.example/web:1.0; PASS revision web--v2 (10%) healthy: web--v2 Healthy, Provisioned, 1 replica, registry.example/web:2',
    ]);
    await engine.suspend();
  });
});
