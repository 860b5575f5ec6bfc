// A session of the bundled demo runbook through the real engine (a rehearsal unless `mode`
// says otherwise), every parameter set.
import { readFileSync } from 'node:fs';
import { loadRunbook } from '../../src/runbook/load.js';
import type { Runbook, Step } from '../../src/runbook/model.js';
import type { Engine } from '../../src/session/engine.js';
import { startSession, type StartOptions } from '../../src/session/open-session.js';

export const DEMO = new URL('../../runbooks/demo.md', import.meta.url).pathname;

export async function demoSession(
  env: NodeJS.ProcessEnv,
  extra: Partial<StartOptions> = {},
): Promise<{ engine: Engine; runbook: Runbook; canary: Step }> {
  const runbook = await loadRunbook(DEMO);
  const engine = await startSession({
    runbook,
    runbookBytes: readFileSync(DEMO),
    mode: 'rehearsal',
    identity: { name: 'alice', source: 'flag' },
    env,
    sets: Object.fromEntries(runbook.params.map((p) => [p.name, 'demo'])),
    ...extra,
  });
  const canary = runbook.steps.find((s) => s.title.includes('Canary gate'));
  if (!canary) throw new Error('the demo runbook has no canary gate step');
  return { engine, runbook, canary };
}
