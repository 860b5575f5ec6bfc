// A session over a runbook text, on real files: the runbook written to a temp directory,
// a fresh FLIGHTDECK_HOME, and (with `shell`) the real shell executor running its blocks.
// `resume()` opens the same session again as a new flightdeck would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from '../../src/identity.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Runbook } from '../../src/runbook/model.js';
import type { AuditEvent } from '../../src/session/audit-event.js';
import { parseAuditLog } from '../../src/session/audit-read.js';
import type { Engine } from '../../src/session/engine.js';
import { resumeSession, startSession, type StartOptions } from '../../src/session/open-session.js';
import { sessionPaths, type SessionPaths } from '../../src/session/session-dir.js';
import type { CommandExecutor } from '../../src/session/types.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { tempDir, tempHome } from './temp.js';

export interface SessionForOptions extends Partial<Omit<StartOptions, 'runbook' | 'runbookBytes' | 'env' | 'executor'>> {
  /** Run blocks for real in bash (a ShellExecutor whose HOME and WORK are a temp directory). */
  shell?: boolean;
  /** The directory given to blocks as $WORK and $HOME (default a new temp directory). */
  work?: string;
  /** PATH of that shell (default this process's). */
  shellPath?: string;
  /** A hand-built model to use instead of parsing the text (the text is still the session's runbook copy). */
  model?: Runbook;
  executor?: CommandExecutor;
  /** Extra environment (FLIGHTDECK_HOME is always a fresh one unless given here). */
  env?: NodeJS.ProcessEnv;
  /** The runbook's file name (default runbook.md in a temp directory). */
  fileName?: string;
}

export interface KitSession {
  engine: Engine;
  env: NodeJS.ProcessEnv;
  runbook: Runbook;
  paths: SessionPaths;
  /** A temp directory for the blocks: $WORK and $HOME with `shell`. */
  work: string;
  /** The log as it is on disk now. */
  events(): AuditEvent[];
  /** Opens the session again (after a suspend or a simulated crash), as `flightdeck resume` does. */
  resume(opts?: { identity?: Identity; runbookText?: string; env?: NodeJS.ProcessEnv }): Promise<KitSession>;
}

export const ALICE: Identity = { name: 'alice', source: 'flag' };

export async function sessionFor(runbookText: string, options: SessionForOptions = {}): Promise<KitSession> {
  const { shell, shellPath, work: givenWork, model, executor, env: extraEnv, fileName, ...start } = options;
  const dir = tempDir('fd-runbook-');
  const file = join(dir, fileName ?? 'runbook.md');
  writeFileSync(file, runbookText);
  const work = givenWork ?? tempDir('fd-work-');
  const env = { ...tempHome(), ...extraEnv };
  const runbook = model ?? parseRunbook(runbookText, file);
  const makeExecutor = (rb: Runbook): CommandExecutor | undefined =>
    executor ?? (shell ? new ShellExecutor({ mode: 'run', graceMs: 100, baseEnv: { PATH: shellPath ?? process.env.PATH, HOME: work, WORK: work }, params: rb.params }) : undefined);
  const first = makeExecutor(runbook);
  const engine = await startSession({
    runbook,
    runbookBytes: Buffer.from(runbookText),
    mode: 'run',
    identity: ALICE,
    env,
    ...start,
    ...(first ? { executor: first } : {}),
  });
  const kit = (e: Engine, rb: Runbook): KitSession => ({
    engine: e,
    env,
    runbook: rb,
    work,
    paths: sessionPaths(e.sessionId, env),
    events: () => parseAuditLog(readFileSync(sessionPaths(e.sessionId, env).audit)).events,
    resume: async (again = {}) => {
      if (again.runbookText !== undefined) writeFileSync(file, again.runbookText);
      const text = readFileSync(file);
      const next = model && again.runbookText === undefined ? model : parseRunbook(text, file);
      const resumed = await resumeSession({
        id: e.sessionId,
        identity: again.identity ?? start.identity ?? ALICE,
        env: { ...env, ...again.env },
        load: async () => ({ runbook: next, bytes: text }),
        executorFor: (mode, rb) => (mode === 'run' ? makeExecutor(rb) : undefined),
      });
      return kit(resumed, next);
    },
  });
  return kit(engine, runbook);
}

/** Skips the steps before `stepId` (recorded as skips) so a test can start there; running it out of order would ask first. */
export async function skipTo(engine: Engine, stepId: string): Promise<void> {
  for (let i = 0; i < engine.runbook.steps.length; i++) {
    const at = engine.snapshot().state.currentStepId;
    if (at === undefined || at === stepId) return;
    await engine.skip(at, 'not part of this test');
  }
}
