import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../src/session/engine.js';
import { startSession, type StartOptions } from '../../src/session/open-session.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import type { PromptAnswers, PromptKind } from '../../src/session/types.js';
import { SOURCE, fixtureRunbook } from './fixtures/runbook.js';

export function tempEnv(): NodeJS.ProcessEnv {
  return { FLIGHTDECK_HOME: mkdtempSync(join(tmpdir(), 'fd-home-')) };
}

export async function newEngine(
  env: NodeJS.ProcessEnv,
  opts: Partial<StartOptions> = {},
): Promise<Engine> {
  return startSession({
    runbook: fixtureRunbook(),
    runbookBytes: Buffer.from(SOURCE),
    mode: 'run',
    identity: { name: 'alice', source: 'flag' },
    env,
    ...opts,
  });
}

/** Waits for the engine to ask a prompt of `kind` and answers it. Returns the prompt. */
export async function answer<K extends PromptKind>(engine: Engine, kind: K, value: PromptAnswers[K]) {
  for (let i = 0; i < 200; i++) {
    const p = engine.snapshot().prompt;
    if (p) {
      if (p.prompt.kind !== kind) throw new Error(`expected a ${kind} prompt, got ${p.prompt.kind}`);
      (p.resolve as (a: PromptAnswers[K]) => void)(value);
      return p.prompt;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no ${kind} prompt`);
}

export function auditLines(engine: Engine, env: NodeJS.ProcessEnv): { type: string; data: Record<string, unknown>; actor: string }[] {
  const text = readFileSync(sessionPaths(engine.sessionId, env).audit, 'utf8');
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown>; actor: string });
}
