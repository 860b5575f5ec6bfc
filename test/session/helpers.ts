// The engine tests' fixture session (a hand-built runbook model) on the test kit.
import { readFileSync } from 'node:fs';
import type { Engine } from '../../src/session/engine.js';
import type { StartOptions } from '../../src/session/open-session.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import { sessionFor } from '../kit/session.js';
import { SOURCE, fixtureRunbook } from './fixtures/runbook.js';

export { answer } from '../kit/autopilot.js';
export { tempHome as tempEnv } from '../kit/temp.js';

/** A session over the fixture runbook in `env`'s FLIGHTDECK_HOME (several may share one). */
export async function newEngine(env: NodeJS.ProcessEnv, opts: Partial<Omit<StartOptions, 'env' | 'runbookBytes'>> = {}): Promise<Engine> {
  const { runbook, ...rest } = opts;
  const s = await sessionFor(SOURCE, { model: runbook ?? fixtureRunbook(), env, ...rest });
  return s.engine;
}

export function auditLines(engine: Engine, env: NodeJS.ProcessEnv): { type: string; data: Record<string, unknown>; actor: string }[] {
  const text = readFileSync(sessionPaths(engine.sessionId, env).audit, 'utf8');
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown>; actor: string });
}
