// A rehearsal of the bundled demo runbook through the real engine, every parameter set.
import { readFileSync } from 'node:fs';
import { loadRunbook } from '../../src/runbook/load.js';
import type { Runbook } from '../../src/runbook/model.js';
import type { Engine } from '../../src/session/engine.js';
import { startSession, type StartOptions } from '../../src/session/open-session.js';

export const DEMO = new URL('../../runbooks/demo.md', import.meta.url).pathname;

export async function demoRehearsal(
  env: NodeJS.ProcessEnv,
  extra: Partial<StartOptions> = {},
): Promise<{ engine: Engine; runbook: Runbook; canaryStepId: string }> {
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
  const step = runbook.steps.find((s) => s.title.includes('Canary gate'));
  if (!step) throw new Error('the demo runbook has no canary gate step');
  return { engine, runbook, canaryStepId: step.id };
}
