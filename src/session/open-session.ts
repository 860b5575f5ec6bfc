// Starting and resuming sessions: the session directory, lock, audit log, index row, and
// an Engine over them. Commands, the headless runner and tests all come through here.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { azureIdentityFields, osUser, type Identity } from '../identity.js';
import type { Runbook } from '../runbook/model.js';
import { VERSION } from '../version.js';
import { sessionEvent, type AuditEvent, type SessionMode } from './audit-event.js';
import { AuditLog } from './audit-log.js';
import { sha256Hex } from './canonical.js';
import { Engine } from './engine.js';
import type { NoteData, ParamSetData, RecoveryData, SessionStartData } from './event-data.js';
import { acquireLock, lockHolder, type SessionLock } from './lock.js';
import { reduceSession } from './reducer.js';
import { createSessionDir, newSessionId, removeSessionDir, sessionPaths } from './session-dir.js';
import { restoreShell } from './shell-restore.js';
import { checkSetNames, paramFromEnv } from './param-env.js';
import { paramSetData, unmaskedNotice } from './param-set.js';
import { isSecretParam } from '../text/secret-shape.js';
import { ShellStateFile } from './shell-state-file.js';
import { SessionStore, type SessionIndexEntry } from './store.js';
import type { CommandExecutor } from './types.js';
import type { MetricOptions } from './metric-run.js';

export interface SessionContext {
  identity: Identity;
  env?: NodeJS.ProcessEnv;
  executor?: CommandExecutor;
  fourEyes?: boolean;
  /** Ask for every missing parameter in one form at the start (the TUI does). */
  askParamsAtStart?: boolean;
  /** --simulate: gates are judged on simulated metrics. */
  simulate?: boolean;
  metrics?: MetricOptions;
}

export interface StartOptions extends SessionContext {
  runbook: Runbook;
  /** The runbook file's bytes exactly as read (copied into the session, hashed). */
  runbookBytes: Uint8Array;
  mode: SessionMode;
  /** --set NAME=value pairs. */
  sets?: Record<string, string>;
}

function onSyncUpdater(store: SessionStore, id: string, engineRef: { engine?: Engine }) {
  return (head: { seq: number; h: string }): void => {
    const lastStep = engineRef.engine?.snapshot().state.currentStepId;
    // the index is a convenience copy: a failed write must not stop the session
    void store.upsert({ id, chainHead: head.h, seq: head.seq, ...(lastStep ? { lastStep } : {}) }).catch(() => undefined);
  };
}

export async function startSession(opts: StartOptions): Promise<Engine> {
  const env = opts.env ?? process.env;
  const id = newSessionId();
  const paths = createSessionDir(id, opts.runbookBytes, env);
  let lock: SessionLock | undefined;
  let log: AuditLog | undefined;
  try {
    lock = acquireLock(paths.lock, id);
    const store = new SessionStore(env);
    const ref: { engine?: Engine } = {};
    log = AuditLog.create(paths.audit, id, { onSync: onSyncUpdater(store, id, ref) });
    const engine = await openNew(opts, env, { id, paths, lock, store, log, ref });
    ref.engine = engine;
    return engine;
  } catch (err) {
    // nothing ran yet: a session that could not be opened leaves no folder behind
    try {
      log?.close();
    } catch {
      // the disk refused the last sync too; the folder goes anyway
    }
    lock?.release();
    removeSessionDir(paths);
    throw err;
  }
}

interface Opened {
  id: string;
  paths: ReturnType<typeof sessionPaths>;
  lock: SessionLock;
  store: SessionStore;
  log: AuditLog;
  ref: { engine?: Engine };
}

async function openNew(opts: StartOptions, env: NodeJS.ProcessEnv, { id, paths, lock, store, log }: Opened): Promise<Engine> {
  const actor = opts.identity.name;
  const sha256 = sha256Hex(opts.runbookBytes);
  const runbookPath = resolve(opts.runbook.file);
  const start: SessionStartData = {
    runbook: runbookPath,
    sha256,
    title: opts.runbook.title,
    host: hostname(),
    user: osUser(),
    mode: opts.mode,
    version: VERSION,
    actorSource: opts.identity.source,
    ...(opts.simulate ? { simulate: true } : {}),
    ...azureIdentityFields(opts.identity),
  };
  const events: AuditEvent[] = [log.append('session.start', start, actor)];
  const values = new Map<string, string>();
  const unmasked: string[] = [];
  const record = (name: string, value: string, source: ParamSetData['source']): void => {
    values.set(name, value);
    const data = paramSetData(name, value, isSecretParam(opts.runbook.params, name, value), source);
    if (data.unmasked) unmasked.push(name);
    events.push(log.append('param.set', data, actor));
  };
  for (const [name, value] of Object.entries(opts.sets ?? {})) record(name, value, 'set');
  for (const p of opts.runbook.params) {
    const v = paramFromEnv(p.name, env);
    if (!values.has(p.name) && v !== undefined) record(p.name, v, 'env');
  }
  log.sync();
  await store.upsert({
    id,
    runbook: runbookPath,
    title: opts.runbook.title,
    sha256,
    mode: opts.mode,
    status: 'active',
    actor,
    started: events[0]?.ts ?? new Date().toISOString(),
    chainHead: log.chainHead,
    seq: log.lastSeq,
  });
  const engine = new Engine({
    runbook: opts.runbook,
    log,
    events,
    identity: opts.identity,
    mode: opts.mode,
    paths,
    lock,
    store,
    values,
    env,
    ...(unmasked.length > 0 ? { notice: unmaskedNotice(unmasked) } : {}),
    ...(opts.executor ? { executor: opts.executor } : {}),
    ...(opts.fourEyes !== undefined ? { fourEyes: opts.fourEyes } : {}),
    ...(opts.askParamsAtStart !== undefined ? { askParamsAtStart: opts.askParamsAtStart } : {}),
    ...(opts.simulate ? { simulate: true } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
  });
  return engine;
}

export interface ResumeOptions extends SessionContext {
  id: string;
  /** The runbook as it is on disk now, and its bytes. */
  load: (file: string) => Promise<{ runbook: Runbook; bytes: Uint8Array }>;
  /** Makes the executor once the session's mode is known from its log. */
  executorFor?: (mode: SessionMode, runbook: Runbook) => CommandExecutor | undefined;
  /** --set NAME=value pairs given to resume. */
  sets?: Record<string, string>;
}

/** The session.start data of a log's first event. */
function startData(events: readonly AuditEvent[]): SessionStartData {
  const first = events[0] ? sessionEvent(events[0]) : undefined;
  if (!first || first.type !== 'session.start') throw new Error('audit log does not begin with session.start');
  return first.data;
}

export async function resumeSession(opts: ResumeOptions): Promise<Engine> {
  const env = opts.env ?? process.env;
  const store = new SessionStore(env);
  const paths = sessionPaths(opts.id, env);
  let lock: SessionLock;
  try {
    lock = acquireLock(paths.lock, opts.id);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`no session ${opts.id}`, 'run `flightdeck sessions` to list them');
    }
    throw err;
  }
  try {
    const ref: { engine?: Engine } = {};
    const actor = opts.identity.name;
    const opened = AuditLog.open(paths.audit, actor, { onSync: onSyncUpdater(store, opts.id, ref) });
    const { log } = opened;
    const events = opened.events;
    const last = events[events.length - 1];
    if (last?.type === 'session.end') {
      log.close();
      throw new UserError(`session ${opts.id} has already ended`, `export it with \`flightdeck export ${opts.id}\``);
    }
    const start = startData(events);
    const { runbook, bytes } = await opts.load(start.runbook);
    try {
      checkSetNames(opts.sets ?? {}, runbook, start.runbook);
    } catch (err) {
      log.close();
      throw err;
    }
    if (lock.tookOverFrom) {
      events.push(log.append('recovery', { reason: 'stale-lock', pid: lock.tookOverFrom.pid, host: lock.tookOverFrom.host, since: lock.tookOverFrom.since } satisfies RecoveryData, actor));
    }
    const lastEvent = last ? sessionEvent(last) : undefined;
    const cleanlySuspended = lastEvent?.type === 'note' && lastEvent.data.kind === 'suspend';
    if (cleanlySuspended) {
      events.push(log.append('note', { text: 'session resumed', kind: 'resume' } satisfies NoteData, actor));
    } else {
      events.push(log.append('recovery', { reason: 'crash-resumed', lastSeq: last?.seq ?? 0 } satisfies RecoveryData, actor));
    }
    log.sync();
    const newSha256 = sha256Hex(bytes);
    // non-secret values were recorded; secrets must come again (environment or prompt)
    const values = new Map<string, string>();
    for (const raw of events) {
      const ev = sessionEvent(raw);
      if (ev.type !== 'param.set') continue;
      if (ev.data.value !== undefined) values.set(ev.data.name, ev.data.value);
    }
    const given: [string, string, ParamSetData['source']][] = Object.entries(opts.sets ?? {}).map(([n, v]) => [n, v, 'set']);
    for (const p of runbook.params) {
      const v = paramFromEnv(p.name, env);
      if (!values.has(p.name) && !(opts.sets && p.name in opts.sets) && v !== undefined) given.push([p.name, v, 'env']);
    }
    await store.upsert({ id: opts.id, status: 'active', chainHead: log.chainHead, seq: log.lastSeq });
    const executor = opts.executor ?? opts.executorFor?.(start.mode, runbook);
    // a session started with --simulate stays simulated: its gates never switch to real sources
    const simulate = opts.simulate === true || start.simulate === true;
    // the shell blocks left before the quit: the next block continues it
    const shellFile = new ShellStateFile(paths.shellState);
    const shell = executor && start.mode === 'run' ? restoreShell(shellFile, executor, runbook, events) : undefined;
    if (shell) {
      events.push(log.append('shell.restore', shell.data, actor));
      log.sync();
    }
    const engine = new Engine({
      runbook,
      log,
      events,
      identity: opts.identity,
      mode: start.mode,
      paths,
      lock,
      store,
      values,
      env,
      shellFile,
      ...(shell ? { notice: shell.notice } : {}),
      ...(executor ? { executor } : {}),
      ...(opts.fourEyes !== undefined ? { fourEyes: opts.fourEyes } : {}),
      ...(opts.askParamsAtStart !== undefined ? { askParamsAtStart: opts.askParamsAtStart } : {}),
      ...(simulate ? { simulate: true } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(newSha256 !== start.sha256
        ? { runbookChange: { oldSha256: start.sha256, newSha256, oldSource: readFileSync(paths.runbook, 'utf8'), newBytes: bytes } }
        : {}),
    });
    for (const [name, value, source] of given) engine.setParam(name, value, source);
    ref.engine = engine;
    return engine;
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** Unfinished sessions, newest first, that no live flightdeck holds. */
export async function unfinishedSessions(env: NodeJS.ProcessEnv = process.env): Promise<SessionIndexEntry[]> {
  const rows = await new SessionStore(env).list();
  return rows.filter((r) => (r.status === 'active' || r.status === 'suspended') && !lockHolder(sessionPaths(r.id, env).lock));
}

/** Replays a session's log into state (for listings and tests). */
export function replay(events: readonly AuditEvent[], runbook: Runbook): ReturnType<typeof reduceSession> {
  return reduceSession(events, runbook.steps.map((s) => s.id));
}
