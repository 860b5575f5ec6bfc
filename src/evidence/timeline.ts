// The session as a report: a pure function from audit events to what summary.md and
// report.html show. Step status, command runs and checks come from the session reducer
// (src/session/reducer.ts); the rest (outputs, metrics, decisions, evidence, sign-offs,
// deviations) the reducer does not keep, so it is collected here from the events.
import type { AuditEvent } from '../session/audit-event.js';
import { insertedTitle, insertIds } from '../session/outcome-steps.js';
import { reduceSession } from '../session/reducer.js';
import type { CheckResult } from '../session/types.js';
import { bool, num, rec, str, strs } from './event-fields.js';
import { describeEvent, waitText } from './event-text.js';
import { failureReason } from '../session/breach.js';
import { timedOutText } from './format.js';
import { describeFailed } from '../steps/shell-runner-script.js';
import type {
  CommandReport,
  MetricSample,
  Outcome,
  SessionReport,
  StepReport,
} from './report-model.js';

export type * from './report-model.js';

function stepIdOf(e: AuditEvent): string | undefined {
  return str(e.data, 'stepId');
}

function samplesOf(data: Record<string, unknown>): MetricSample[] {
  const raw = data.samples;
  if (!Array.isArray(raw)) return [];
  const out: MetricSample[] = [];
  for (const s of raw) {
    if (typeof s === 'number' && Number.isFinite(s)) out.push({ v: s });
    else if (Array.isArray(s) && typeof s[1] === 'number') out.push({ ...(typeof s[0] === 'string' ? { t: s[0] } : {}), v: s[1] });
    else if (s !== null && typeof s === 'object') {
      const o = s as Record<string, unknown>;
      const v = num(o, 'v', 'value');
      const t = str(o, 't', 'ts', 'time');
      if (v !== undefined) out.push({ ...(t !== undefined ? { t } : {}), v });
    }
  }
  return out;
}

function thresholdsOf(data: Record<string, unknown>): string[] {
  const raw = Array.isArray(data.thresholds) ? data.thresholds : data.threshold !== undefined ? [data.threshold] : [];
  return raw.map((t) => {
    if (typeof t === 'string') return t;
    if (t !== null && typeof t === 'object') {
      const o = t as Record<string, unknown>;
      return [str(o, 'metric'), str(o, 'comparator'), `${num(o, 'value') ?? ''}${str(o, 'unit') ?? ''}`].filter(Boolean).join(' ');
    }
    return String(t);
  });
}

function limitsOf(data: Record<string, unknown>): { value: number; label: string }[] {
  const raw = Array.isArray(data.thresholds) ? data.thresholds : data.threshold !== undefined ? [data.threshold] : [];
  const out: { value: number; label: string }[] = [];
  for (const t of raw) {
    if (t === null || typeof t !== 'object') continue;
    const o = t as Record<string, unknown>;
    const value = num(o, 'value');
    if (value !== undefined) out.push({ value, label: `${str(o, 'comparator') ?? ''} ${value}${str(o, 'unit') ?? ''}`.trim() });
  }
  return out;
}

export interface RunbookOutline {
  steps: { id: string; title: string }[];
}

/**
 * Builds the report of a session from its (verified) audit events. Steps appear when any
 * event names them (a skipped step may have no step.start), in runbook order when the
 * outline is given, else in the order the log first names them.
 */
export function buildReport(events: readonly AuditEvent[], outline?: RunbookOutline): SessionReport {
  const start = events[0];
  const last = events[events.length - 1];
  if (!start || !last || start.type !== 'session.start') throw new Error('a session report needs a log starting with session.start');

  const seen: string[] = [];
  const titles = new Map<string, string>(outline?.steps.map((s) => [s.id, s.title]) ?? []);
  for (const e of events) {
    // steps a decision's jump left (or an undo brought back) are named by the flow event only
    const named = e.type === 'flow' ? [...strs(e.data, 'left'), ...strs(e.data, 'reopen')] : [];
    for (const id of named) if (!seen.includes(id)) seen.push(id);
    const id = stepIdOf(e);
    if (id === undefined) continue;
    if (!seen.includes(id)) seen.push(id);
    if (e.type === 'step.start') titles.set(id, str(e.data, 'title') ?? titles.get(id) ?? id);
  }
  const inserted = reduceSession(events, []).flow.inserted;
  // a step a decision inserted is on the path from the answer on, walked or not
  for (const s of inserted) {
    if (!seen.includes(s.id)) seen.push(s.id);
    if (!titles.has(s.id)) titles.set(s.id, insertedTitle(s));
  }
  const ranked = insertIds(outline ? outline.steps.map((s) => s.id) : seen.filter((id) => !inserted.some((s) => s.id === id)), inserted);
  const rank = new Map(ranked.map((id, i) => [id, i]));
  const stepOrder = [...seen].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || seen.indexOf(a) - seen.indexOf(b));
  const notReached = outline ? outline.steps.filter((s) => !seen.includes(s.id)).length : 0;
  const state = reduceSession(events, stepOrder);

  const steps = new Map<string, StepReport>();
  const stepFor = (id: string | undefined): StepReport | undefined => {
    if (id === undefined) return undefined;
    let s = steps.get(id);
    if (!s) {
      const st = state.steps[id];
      s = {
        id,
        title: titles.get(id) ?? id,
        status: st?.status ?? 'pending',
        ...(st?.startedAt ? { startedAt: st.startedAt } : {}),
        ...(st?.endedAt ? { endedAt: st.endedAt } : {}),
        ...(st?.reason ? { reason: st.reason } : {}),
        commands: [],
        items: [],
        metrics: [],
        evidence: [],
        eyeChecks: [],
        happenings: [],
      };
      steps.set(id, s);
    }
    return s;
  };
  for (const id of stepOrder) stepFor(id);

  const report: SessionReport = {
    session: start.session,
    mode: state.mode,
    title: str(start.data, 'title') ?? str(start.data, 'runbook') ?? start.session,
    runbookPath: state.runbookFile,
    runbookSha256: state.runbookSha256,
    ...optional('host', str(start.data, 'host')),
    ...optional('user', str(start.data, 'user')),
    ...optional('version', str(start.data, 'version')),
    operator: start.actor,
    actors: [...new Set(events.map((e) => e.actor))],
    startedAt: start.ts,
    ...(last.type === 'session.end' ? { endedAt: last.ts } : {}),
    durationMs: Math.max(0, Date.parse(last.ts) - Date.parse(start.ts)) || 0,
    outcome: last.type === 'session.end' ? outcomeOf(str(last.data, 'outcome')) : 'unfinished',
    ...(last.type === 'session.end' ? optional('endReason', str(last.data, 'reason')) : {}),
    params: [],
    steps: [],
    decisions: [],
    signoffs: [],
    deviations: [],
    notes: [],
    recoveries: [],
    timeline: [],
    counts: { passed: 0, failed: 0, skipped: 0, waived: 0, rehearsed: 0, 'not-needed': 0, open: 0 },
    detours: state.flow.detours.map((d) => ({ title: d.title, by: d.by, reason: d.reason, ...(d.left ? { left: d.left } : {}) })),
    notReached,
    checks: { pass: 0, fail: 0, unverified: 0 },
    head: { seq: last.seq, h: last.h },
  };

  const openCommand = new Map<string, CommandReport>();
  const raises = new Map<number, { reason: string; data: string[]; stepTitle: string }>();
  const key = (stepId: string | undefined, commandId: string | undefined): string => `${stepId ?? ''}\u0000${commandId ?? ''}`;

  for (const e of events) {
    const d = e.data;
    const stepId = stepIdOf(e);
    report.timeline.push({ seq: e.seq, ts: e.ts, actor: e.actor, type: e.type, ...describeEvent(e) });
    switch (e.type) {
      case 'param.set':
        report.params.push({ name: str(d, 'name') ?? '?', secret: bool(d, 'secret') ?? false, source: str(d, 'source') ?? '?' });
        break;
      case 'cmd.start': {
        const cmd: CommandReport = {
          seq: e.seq,
          commandId: str(d, 'commandId') ?? '?',
          script: str(d, 'script') ?? '',
          ...optional('resolved', str(d, 'resolved')),
          ...optional('cwd', str(d, 'cwd')),
          execution: str(d, 'execution') ?? 'run',
          status: str(d, 'execution') === 'would-run' ? 'would run' : 'running',
          startedAt: e.ts,
          checks: [],
        };
        stepFor(stepId)?.commands.push(cmd);
        openCommand.set(key(stepId, cmd.commandId), cmd);
        break;
      }
      case 'output': {
        const cmd = openCommand.get(key(stepId, str(d, 'commandId')));
        const file = str(d, 'file');
        if (cmd && file) {
          cmd.output = {
            path: file.startsWith('outputs/') ? file : `outputs/${file}`,
            sha256: str(d, 'sha256') ?? '',
            bytes: num(d, 'bytes') ?? 0,
            lines: num(d, 'lines') ?? 0,
          };
        }
        break;
      }
      case 'cmd.exit': {
        const cmd = openCommand.get(key(stepId, str(d, 'commandId')));
        if (!cmd) break;
        const exitCode = num(d, 'exitCode');
        const signal = str(d, 'signal');
        const durationMs = num(d, 'durationMs');
        if (exitCode !== undefined) cmd.exitCode = exitCode;
        if (signal !== undefined) cmd.signal = signal;
        if (durationMs !== undefined) cmd.durationMs = durationMs;
        const interrupted = str(d, 'interrupted');
        cmd.status = interrupted
          ? `interrupted (${interrupted})`
          : bool(d, 'cancelled')
            ? 'cancelled'
            : str(d, 'execution') === 'manual'
              ? 'done by hand'
              : bool(d, 'timedOut')
                ? timedOutText(num(d, 'timeoutMs'))
                : signal
                  ? `killed by ${signal}`
                  : `exit ${exitCode ?? '?'}${stoppedAt(d)}`;
        break;
      }
      case 'input': {
        const cmd = openCommand.get(key(stepId, str(d, 'commandId')));
        if (cmd) cmd.inputs = [...(cmd.inputs ?? []), str(d, 'text') ?? ''];
        break;
      }
      case 'check': {
        if (str(d, 'kind') === 'item') {
          stepFor(stepId)?.items.push({ text: str(d, 'text') ?? str(d, 'itemId') ?? '?', checked: bool(d, 'checked') ?? false });
          break;
        }
        const result = str(d, 'result');
        const r: CheckResult = result === 'pass' || result === 'fail' ? result : 'unverified';
        report.checks[r]++;
        const check = {
          expected: str(d, 'expected') ?? '?',
          ...optional('actual', str(d, 'actual')),
          result: r,
          ...optional('confirmedBy', str(d, 'confirmedBy')),
          ...optional('note', str(d, 'note')),
        };
        const cmd = openCommand.get(key(stepId, str(d, 'commandId')));
        if (cmd) cmd.checks.push(check);
        // judged by eye: confirmed by someone, or answered with a note (a gate confirmed by hand has no command)
        if (check.confirmedBy !== undefined || check.note !== undefined || (r === 'fail' && check.actual === undefined)) {
          stepFor(stepId)?.eyeChecks.push({ seq: e.seq, ts: e.ts, ...check });
        }
        break;
      }
      case 'metric':
        stepFor(stepId)?.metrics.push({
          seq: e.seq,
          ts: e.ts,
          name: str(d, 'name', 'metric', 'title') ?? 'metric',
          ...optional('unit', str(d, 'unit')),
          ...optional('result', str(d, 'result', 'verdict')),
          thresholds: thresholdsOf(d),
          limits: limitsOf(d),
          samples: samplesOf(d),
        });
        break;
      case 'decision': {
        const suggested = rec(d, 'suggested');
        const n = num(d, 'n');
        const raise = n !== undefined && bool(d, 'first') ? raises.get(n) : undefined;
        const jumpTo = str(d, 'jumpTo');
        const outcome = str(d, 'outcome');
        report.decisions.push({
          ...optional('n', n),
          ...(raise ? { raised: raise } : {}),
          ...optional('ledTo', jumpTo ? `${outcome ? `${outcome}: ` : ''}step "${titles.get(jumpTo) ?? jumpTo}"` : outcome),
          seq: e.seq,
          ts: e.ts,
          ...optional('stepId', stepId),
          ...optional('decisionId', str(d, 'decisionId')),
          question: str(d, 'question') ?? '?',
          answer: str(d, 'answer') ?? '?',
          who: str(d, 'who') ?? e.actor,
          ...optional('suggested', suggested ? str(suggested, 'answer') : str(d, 'suggested')),
          ...optional('why', suggested ? str(suggested, 'why') : str(d, 'why')),
          ...optional('note', str(d, 'note')),
        });
        break;
      }
      case 'evidence':
        stepFor(stepId)?.evidence.push({ seq: e.seq, kind: str(d, 'kind') ?? '?', value: str(d, 'value') ?? '', ...optional('sha256', str(d, 'sha256')) });
        break;
      case 'signoff':
        report.signoffs.push({
          seq: e.seq,
          ts: str(d, 'signedAt') ?? e.ts,
          ...optional('stepId', stepId),
          role: str(d, 'role') ?? '?',
          name: str(d, 'name') ?? e.actor,
          ...optional('identitySource', str(d, 'identitySource')),
          approved: bool(d, 'approved') ?? false,
          ...optional('comment', str(d, 'comment')),
          ...optional('choice', str(d, 'choice')),
        });
        break;
      case 'deviation':
        report.deviations.push({
          seq: e.seq,
          ts: e.ts,
          actor: e.actor,
          ...optional('stepId', stepId),
          kind: str(d, 'kind') ?? '?',
          reason: str(d, 'reason') ?? '',
          ...optional('target', str(d, 'target')),
        });
        break;
      case 'note':
        report.notes.push({ seq: e.seq, ts: e.ts, actor: e.actor, ...optional('stepId', stepId), text: str(d, 'text') ?? '' });
        break;
      case 'recovery':
        report.recoveries.push({ seq: e.seq, ts: e.ts, reason: str(d, 'reason') ?? '?' });
        break;
      case 'flow':
        // what the operator said resolved a stop ("DO NOT proceed"), beside the step it held
        if (str(d, 'kind') === 'resolved') stepFor(str(d, 'stepId'))?.happenings.push(`stop resolved by ${e.actor}: ${str(d, 'note') ?? ''}`);
        if (str(d, 'kind') === 'undo') {
          const undone = { who: e.actor, ts: e.ts, reason: str(d, 'reason') ?? '' };
          // the answers given where the walk goes back to (not earlier answers of the decision, given in another step)
          const back = str(d, 'back');
          for (const x of report.decisions) if (x.n !== undefined && x.n === num(d, 'n') && x.undone === undefined && (back === undefined || x.stepId === back)) x.undone = undone;
        }
        if (str(d, 'kind') === 'raise') {
          const raisedIn = str(d, 'stepId') ?? '?';
          const source = str(d, 'source');
          const label = str(d, 'label') ?? '?';
          const reason = source === 'gate' || source === 'check' || source === 'wait' ? failureReason({ source, label, breaches: [] }) : label;
          raises.set(num(d, 'n') ?? 0, { reason, data: strs(d, 'data'), stepTitle: titles.get(raisedIn) ?? raisedIn });
        }
        break;
      case 'wait':
        // how each monitored wait went (started, resumed, extended, ended); not its progress ticks
        if (str(d, 'kind') !== 'progress') stepFor(str(d, 'stepId'))?.happenings.push(waitText(d, '').text);
        break;
      case 'shell.restore':
      case 'session.start':
      case 'step.start':
      case 'step.end':
      case 'session.end':
        break;
      default: {
        const never: never = e.type;
        return never;
      }
    }
  }

  report.steps = stepOrder.map((id) => steps.get(id) as StepReport);
  for (const s of report.steps) {
    if (s.status === 'pending' || s.status === 'running') report.counts.open++;
    else report.counts[s.status]++;
  }
  return report;
}

function optional<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

/** A session.end's outcome as the report names it (an unknown word from a newer version reads as completed, as before). */
function outcomeOf(outcome: string | undefined): Outcome {
  return outcome === 'aborted' || outcome === 'rolled-back' ? outcome : 'completed';
}

/** ", stopped at `cd /x` exit 1 (line 2)" for a block that stopped on a failed command (cmd.exit `failed`). */
function stoppedAt(d: Record<string, unknown>): string {
  const f = rec(d, 'failed');
  const command = f && str(f, 'command');
  const exitCode = f && num(f, 'exitCode');
  const line = f && num(f, 'line');
  if (!f || command === undefined || exitCode === undefined || line === undefined) return '';
  const file = str(f, 'file');
  return `, stopped at ${describeFailed({ command, exitCode, line, ...(file !== undefined ? { file } : {}) })}`;
}
