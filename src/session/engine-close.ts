// Closing a session, once: the pending prompt and the running operation are cancelled, the
// walk unwinds, the last event is recorded, background jobs are ended, the log closed, the
// lock released and the index told. A log that can take no more (disk full) still closes,
// as suspended, and the failure is thrown once the engine has been told how it closed.
import type { EngineOptions } from './engine-context.js';
import type { SessionOutcome } from './event-data.js';
import type { SessionState } from './types.js';

export type EngineClosed = 'suspended' | SessionOutcome;

export interface ClosingSession {
  options: EngineOptions;
  sessionId: string;
  /** Aborted here: cancels the pending prompt and the running operation. */
  session: AbortController;
  walking: () => Promise<unknown> | undefined;
  stopSignIns: () => void;
  state: () => SessionState;
  /** Told how the session closed before anyone waiting on the close hears of it. */
  closed: (as: EngineClosed) => void;
}

export async function closeSession(c: ClosingSession, as: EngineClosed, last: () => void): Promise<void> {
  c.session.abort();
  await c.walking()?.catch(() => undefined);
  c.stopSignIns();
  let closedAs = as;
  let failure: { err: unknown } | undefined;
  try {
    last();
  } catch (err) {
    closedAs = 'suspended';
    failure = { err };
  }
  const o = c.options;
  // background jobs earlier blocks left running must not outlive the session
  await o.executor?.killAll?.();
  try {
    o.log.close();
  } finally {
    o.lock.release();
  }
  // the index is a copy the session folders can rebuild: a failed write must not hide why the session closed
  const state = c.state();
  await o.store
    ?.upsert({
      id: c.sessionId,
      status: closedAs,
      chainHead: o.log.chainHead,
      seq: o.log.lastSeq,
      ...(state.currentStepId ? { lastStep: state.currentStepId } : {}),
    })
    .catch(() => undefined);
  c.closed(closedAs);
  if (failure) throw failure.err;
}
