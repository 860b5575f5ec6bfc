// `flightdeck resume [id]`: replay a session's log and continue where it stopped.
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { sessionAzure } from '../session/session-login.js';
import { sessionIdentity } from '../identity.js';
import { resumeSession, unfinishedSessions } from '../session/open-session.js';
import { holdStopSignals } from '../session/process-signals.js';
import { sessionPaths } from '../session/session-dir.js';
import { loadSettings } from '../settings.js';
import { drive, executorFor, loadRunbookFile, parseSets } from './walk.js';

export interface ResumeCommandOptions {
  actor?: string;
  nonInteractive?: boolean;
  quiet?: boolean;
  set?: string[];
  tenant?: string;
}

export async function resumeCommand(id: string | undefined, opts: ResumeCommandOptions): Promise<number> {
  const sets = parseSets(opts.set ?? []);
  const settings = await loadSettings();
  const { identity, azure } = await sessionAzure(sessionIdentity(opts.actor, settings.actor), { ...(opts.tenant ? { tenant: opts.tenant } : {}), signInNow: true });
  let target = id;
  if (!target) {
    const [newest] = await unfinishedSessions();
    if (!newest) throw new UserError('there is no unfinished session to resume', 'start one with `flightdeck run <runbook.md>`');
    target = newest.id;
  }
  const sessionId = target;
  const headless = opts.nonInteractive === true;
  // from the lock on, a stop signal suspends the session (once it is open) instead of leaving the lock
  holdStopSignals();
  const engine = await resumeSession({
    id: sessionId,
    sets,
    identity,
    fourEyes: settings.fourEyes,
    askParamsAtStart: !headless,
    executorFor: (mode, runbook) => executorFor(mode, runbook, headless),
    // a session started with --simulate resumes simulated (session.start records it); the
    // pace applies to simulated points only, watchable in the TUI as in `run --simulate`
    metrics: { simulatePaceMs: headless ? 0 : 120, azure },
    // the runbook where it was; if it has gone, the copy the session started with
    load: (file) => loadRunbookFile(existsSync(file) ? file : sessionPaths(sessionId).runbook),
  });
  if (headless) process.stderr.write(`flightdeck: resuming session ${sessionId}\n`);
  return drive(engine, headless, opts.quiet === true);
}
