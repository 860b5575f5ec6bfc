// The session as the evidence pack shows it: what summary.md and report.html render,
// built from the audit events by buildReport (timeline.ts).
import type { AuditEventType, SessionMode } from '../session/audit-event.js';
import type { CheckResult, StepStatus } from '../session/types.js';

export type Outcome = 'completed' | 'aborted' | 'rolled-back' | 'unfinished';

export interface OutputRef {
  path: string;
  sha256: string;
  bytes: number;
  lines: number;
}

export interface CommandReport {
  seq: number;
  commandId: string;
  script: string;
  resolved?: string;
  cwd?: string;
  execution: string;
  status: string;
  startedAt: string;
  exitCode?: number;
  signal?: string;
  durationMs?: number;
  output?: OutputRef;
  /** Lines the operator typed into it (the `input` events), secret-looking ones masked. */
  inputs?: string[];
  checks: { expected: string; actual?: string; result: CheckResult; confirmedBy?: string; note?: string }[];
}

/** An expectation the operator judged by eye (or a gate confirmed by hand), with the note typed then. */
export interface EyeCheckReport {
  seq: number;
  ts: string;
  expected: string;
  /** unverified: confirmed by the operator; fail: said not to hold. */
  result: CheckResult;
  confirmedBy?: string;
  note?: string;
}

export interface MetricSample {
  t?: string;
  v: number;
}

export interface MetricReport {
  seq: number;
  ts: string;
  name: string;
  unit?: string;
  result?: string;
  thresholds: string[];
  /** Numeric thresholds, for reference lines on the chart. */
  limits: { value: number; label: string }[];
  samples: MetricSample[];
}

export interface DecisionReport {
  seq: number;
  ts: string;
  stepId?: string;
  /** The runbook decision answered (the report draws its tree). */
  decisionId?: string;
  question: string;
  answer: string;
  who: string;
  suggested?: string;
  why?: string;
  note?: string;
  /** The decision's number in the session ("left by decision 2"). */
  n?: number;
  /** The first answer of a decision raised by a step that went wrong: what raised it and the data. */
  raised?: { reason: string; data: string[]; stepTitle: string };
  /** Where the answer led: a step (by title), an action, or on to the next question or step. */
  ledTo?: string;
  /** The branch this answer took was undone (`u`): by whom, when and why. */
  undone?: { who: string; ts: string; reason: string };
}

export interface SignoffReport {
  seq: number;
  ts: string;
  stepId?: string;
  role: string;
  name: string;
  identitySource?: string;
  approved: boolean;
  comment?: string;
  choice?: string;
}

export interface DeviationReport {
  seq: number;
  ts: string;
  actor: string;
  stepId?: string;
  kind: string;
  reason: string;
  target?: string;
}

export interface EvidenceReport {
  seq: number;
  kind: string;
  value: string;
  sha256?: string;
}

export interface NoteReport {
  seq: number;
  ts: string;
  actor: string;
  stepId?: string;
  text: string;
}

export interface StepReport {
  id: string;
  title: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  reason?: string;
  commands: CommandReport[];
  /** Checklist items ticked or unticked in this step. */
  items: { text: string; checked: boolean }[];
  metrics: MetricReport[];
  evidence: EvidenceReport[];
  /** What the operator judged by eye in this step, with notes. */
  eyeChecks: EyeCheckReport[];
  /** How each monitored wait went (start, resume, extension, end) and how a stop was resolved, one line each. */
  happenings: string[];
}

export interface TimelineEntry {
  seq: number;
  ts: string;
  actor: string;
  type: AuditEventType;
  text: string;
  /** Deviations, failures and aborts are flagged so the report can highlight them. */
  flag?: 'deviation' | 'fail';
}

export interface SessionReport {
  session: string;
  mode: SessionMode;
  title: string;
  runbookPath: string;
  runbookSha256: string;
  host?: string;
  user?: string;
  version?: string;
  operator: string;
  actors: string[];
  startedAt: string;
  endedAt?: string;
  /** From session.start to session.end, or to the last event of an unfinished session. */
  durationMs: number;
  outcome: Outcome;
  /** Why it ended so, when the session.end says (a rollback walked to its end and the operator's word). */
  endReason?: string;
  params: { name: string; secret: boolean; source: string }[];
  steps: StepReport[];
  decisions: DecisionReport[];
  signoffs: SignoffReport[];
  deviations: DeviationReport[];
  notes: NoteReport[];
  recoveries: { seq: number; ts: string; reason: string }[];
  timeline: TimelineEntry[];
  counts: Record<'passed' | 'failed' | 'skipped' | 'waived' | 'rehearsed' | 'not-needed' | 'open', number>;
  /** Each time the walk left the main path (a rollback, a troubleshooting section) and why. */
  detours: { title: string; by: string; reason: string; left?: string }[];
  /** Runbook steps the log never names (not reached, or sections not needed such as a rollback). */
  notReached: number;
  checks: Record<CheckResult, number>;
  head: { seq: number; h: string };
}

/** The step counts as one line: "3 passed, 1 failed, 2 not needed, ..." (zero counts of the rarer kinds left out). */
export function countsText(r: Pick<SessionReport, 'counts' | 'notReached'>): string {
  const c = r.counts;
  const parts = [`${c.passed} passed`, `${c.failed} failed`, `${c.skipped} skipped`, `${c.waived} waived`];
  if (c.rehearsed > 0) parts.push(`${c.rehearsed} rehearsed`);
  if (c['not-needed'] > 0) parts.push(`${c['not-needed']} not needed`);
  parts.push(`${c.open} open`);
  return `${parts.join(', ')}${r.notReached ? `; ${r.notReached} not reached` : ''}`;
}

/** The path the walk took, one line per detour from the main path; the last one may be where the session ended. */
export function detourLines(r: Pick<SessionReport, 'detours' | 'outcome'>): string[] {
  const endedIn = r.outcome === 'rolled-back' || r.outcome === 'aborted' ? `; the session ended there (${r.outcome === 'rolled-back' ? 'rolled back' : 'aborted'})` : '';
  return r.detours.map((d, i) => {
    const after = d.left ? `; back on the main path: ${d.left}` : i === r.detours.length - 1 ? endedIn : '';
    return `${d.title}: entered by ${d.by} (${d.reason})${after}`;
  });
}
