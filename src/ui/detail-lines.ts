// The selected step as screen lines: title, status and results, the sub-checklist with
// its cursor, then the step's markdown. Pure, so the pane can slice exactly what fits.
import { homedir } from 'node:os';
import { bytes, plural } from '../evidence/format.js';
import type { Command, Step } from '../runbook/model.js';
import { effectOf } from '../runbook/danger.js';
import { cleanTitle, firstLine, stripInline } from '../runbook/text.js';
import { isFailingAnswer } from '../runbook/result-choice.js';
import { resultDecisionId } from '../session/choice-step.js';
import { MASK } from '../session/resolve-script.js';
import type { CheckState, MetricState, SessionState, StepState } from '../session/types.js';
import { sparklineSegments } from './components/sparkline.js';
import { statusLook } from './format.js';
import { markdownToLines, type LineOptions } from './markdown/to-lines.js';
import { wrapSegments, type Line, type Segment } from './markdown/segments.js';
import { plainText } from './text/safe-text.js';

/** What the detail needs from the session besides the step's own state. */
export interface DetailContext {
  mode: SessionState['mode'];
  paramsSet: SessionState['paramsSet'];
  /** The engine's display of a command: values filled in, secrets masked, missing ones as `${NAME}`. */
  script?: (command: Command) => string;
  /** Whether Enter runs the block here (a pwsh block without pwsh on PATH does not). */
  runsHere?: (command: Command) => boolean;
  /** Where a run's spooled output is (the engine's outputPath). */
  outputPath?: (file: string) => string;
  /** The answers recorded so far, by decision id (a result's answer among them). */
  answers?: Record<string, string>;
  /** What the session noted about the step, oldest first. */
  notes?: readonly string[];
}

const TAG = /<\/?[A-Za-z][\w-]*(?:\s[^<>\n]*)?>/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A resolved script as code lines: a parameter without a value stands out, a masked secret is dim. */
function scriptLines(text: string, params: readonly string[]): Line[] {
  const marks = [...params.map((n) => escapeRegExp(`\${${n}}`)), escapeRegExp(MASK)];
  const split = new RegExp(`(${marks.join('|')})`);
  return plainText(text)
    .replace(/\n$/, '')
    .split('\n')
    .map((line) =>
      line
        .split(split)
        .filter((part) => part !== '')
        .map((part): Segment => {
          if (part === MASK) return { text: part, style: { dim: true } };
          if (split.test(part)) return { text: part, style: { color: 'magenta', bold: true, underline: true } };
          return { text: part, style: { color: 'yellow' } };
        }),
    );
}

/** How the step's markdown is shown under the header: commands resolved, the title and ticked items not again. */
function bodyOptions(step: Step, state: StepState | undefined, session: DetailContext | undefined): LineOptions {
  // the parser's own reduction of a line to a title (tags dropped as its inline text does), on both sides
  const norm = (text: string): string => cleanTitle(stripInline(firstLine(text)).replace(TAG, ''));
  const title = norm(step.title);
  const items = new Set(step.items.map((i) => norm(i.text)));
  const codes = new Map<string, { label: string; lines: Line[] }>();
  for (const c of step.commands) {
    const runs = state?.runs.filter((r) => r.commandId === c.id && r.resolved !== undefined) ?? [];
    const recorded = runs[runs.length - 1]?.resolved;
    const shown = recorded ?? session?.script?.(c);
    if (shown === undefined) continue;
    const byHand = session?.mode === 'run' && recorded === undefined && session.runsHere?.(c) === false;
    const label = [
      c.lang,
      recorded !== undefined ? (runs[runs.length - 1]?.status === 'would-run' ? 'would run' : 'as recorded') : shown !== c.code ? 'values filled in' : '',
      byHand ? 'not runnable here · ⏎ done by hand · s skip' : '',
      recorded === undefined && c.runnable ? effectLabel(c) : '',
    ];
    const view = { label: label.filter(Boolean).join(' · '), lines: scriptLines(shown, c.params) };
    codes.set(c.code, view);
    codes.set(`${c.code}\n`, view);
  }
  return {
    code: (content) => codes.get(content),
    hideTitle: (text) => norm(text) === title,
    hideTask: (text) => {
      const n = norm(text);
      return n === title || items.has(n);
    },
  };
}

/** What running the block does, said before the Enter that runs it. */
function effectLabel(c: Command): string {
  const effect = effectOf(c);
  switch (effect) {
    case 'read':
      return '';
    case 'change':
      return 'changes something: ⏎ runs it';
    case 'destructive':
      return '⚠ destructive: asks for a typed word';
    default: {
      const never: never = effect;
      return never;
    }
  }
}

function isDone(state: StepState | undefined): boolean {
  return state !== undefined && state.status !== 'pending' && state.status !== 'running';
}

/** A path under the home directory as ~/..., shorter on a narrow pane. */
/** A check's line: ✔ / ✘ / ? and what was seen; one the operator confirmed by eye says by whom, with their note. */
function checkLines(c: CheckState, width: number): Line[] {
  if (c.result === 'unverified' && c.confirmedBy !== undefined) {
    return [
      ...wrapSegments([{ text: `  ✔ ${c.text}`, style: { color: 'green' } }, { text: ` (confirmed by eye by ${c.confirmedBy})`, style: { dim: true } }], width),
      ...(c.note ? wrapSegments([{ text: `    note: ${plainText(c.note)}`, style: { dim: true } }], width) : []),
    ];
  }
  const color = c.result === 'pass' ? 'green' : c.result === 'fail' ? 'red' : 'yellow';
  const icon = c.result === 'pass' ? '✔' : c.result === 'fail' ? '✘' : '?';
  return [
    ...wrapSegments([{ text: `  ${icon} ${c.text}`, style: { color } }, ...(c.actual ? [{ text: ` (got ${c.actual})`, style: { dim: true } }] : [])], width),
    ...(c.note ? wrapSegments([{ text: `    note: ${plainText(c.note)}`, style: { dim: true } }], width) : []),
  ];
}

/** The last series of each metric of each gate or wait, and for each the series before it (oldest first). */
function latestSeries(all: readonly MetricState[]): { latest: MetricState[]; earlier: Map<MetricState, MetricState[]> } {
  const byKey = new Map<string, MetricState[]>();
  for (const m of all) {
    const key = `${m.gateId}\u0000${m.name}`;
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }
  const latest: MetricState[] = [];
  const earlier = new Map<MetricState, MetricState[]>();
  for (const tries of byKey.values()) {
    const last = tries[tries.length - 1] as MetricState;
    latest.push(last);
    earlier.set(last, tries.slice(0, -1));
  }
  return { latest, earlier };
}

function tildeHome(path: string): string {
  const home = homedir();
  return home !== '/' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

export function detailLines(step: Step, state: StepState | undefined, itemCursor: number, width: number, number: number, session?: DetailContext): Line[] {
  const lines: Line[] = [];
  const status = state?.status ?? 'pending';
  const look = statusLook(status);
  lines.push(...wrapSegments([{ text: `${number}. ${step.title}`, style: { bold: true } }], width));

  const meta: Segment[] = [{ text: `${look.icon} ${look.word}`, style: { color: look.color } }];
  if (step.commands.length > 0) meta.push({ text: ` · ${step.commands.length} command${step.commands.length > 1 ? 's' : ''}` });
  if (step.expectations.length + step.commands.reduce((n, c) => n + c.expectations.length, 0) > 0) {
    meta.push({ text: ` · ${step.expectations.length + step.commands.reduce((n, c) => n + c.expectations.length, 0)} checks` });
  }
  if (step.evidence.length > 0) meta.push({ text: ` · evidence ×${step.evidence.length}` });
  if (step.signoffs.length > 0) meta.push({ text: ` · sign-off` });
  const effects = new Set(step.commands.filter((c) => c.runnable).map(effectOf));
  if (step.danger.length > 0 || effects.has('destructive')) {
    meta.push({ text: ' · ⚠ dangerous', style: { color: 'red', bold: true } });
  } else if (effects.has('change')) {
    meta.push({ text: ' · changes something', style: { color: 'yellow' } });
  }
  lines.push(...wrapSegments(meta, width));
  const unset = session ? [...new Set(step.commands.flatMap((c) => c.params))].filter((n) => !session.paramsSet[n]) : [];
  if (unset.length > 0 && !isDone(state)) {
    const why = session?.mode === 'rehearsal' ? 'asked once; left empty, the rehearsal shows it unresolved' : 'asked when the step runs';
    lines.push(...wrapSegments([{ text: `no value yet: ${unset.map((n) => `\${${n}}`).join(' ')} (${why})`, style: { color: 'yellow' } }], width));
  }
  if (state?.reason) lines.push(...wrapSegments([{ text: `reason: ${state.reason}`, style: { color: 'yellow' } }], width));

  for (const run of state?.runs ?? []) {
    const cmd = step.commands.find((c) => c.id === run.commandId);
    const name = cmd?.name ?? plainText(run.resolved ?? cmd?.code ?? run.commandId).split('\n')[0] ?? run.commandId;
    const code = run.exitCode !== undefined ? `${run.status === 'exited' ? '' : ' exit'} ${run.exitCode}` : run.signal ? ` ${run.signal}` : '';
    lines.push(
      ...wrapSegments(
        [{ text: `$ ${name}`, style: { dim: true } }, { text: ` ${run.status}${code}`, style: { color: run.exitCode === 0 || run.status === 'confirmed' || run.status === 'would-run' ? 'green' : 'yellow' } }],
        width,
      ),
    );
    if (run.output) {
      const where = tildeHome(session?.outputPath?.(run.output.file) ?? run.output.file);
      lines.push(...wrapSegments([{ text: `  output: ${plural(run.output.lines, 'line')}, ${bytes(run.output.bytes)}, in`, style: { dim: true } }], width));
      // no indent: a path longer than the pane would otherwise wrap after the indent
      lines.push(...wrapSegments([{ text: where, style: { dim: true } }], width));
    }
    for (const c of run.checks) lines.push(...checkLines(c, width));
  }
  for (const c of state?.gateChecks ?? []) lines.push(...checkLines(c, width));

  for (const note of session?.notes ?? []) lines.push(...wrapSegments([{ text: `note: ${plainText(note)}`, style: { dim: true } }], width));

  // gates judged on metrics: one sparkline per series with its GO / NO-GO; a gate or wait
  // tried again shows its latest series, and how the earlier tries went in one line
  const { latest, earlier } = latestSeries(state?.metrics ?? []);
  for (const m of latest) {
    const mode = step.gates.find((g) => g.id === m.gateId)?.mode ?? 'abort-if';
    // a monitored wait's series: each criterion keeps its own mode, and each series its own verdict
    const wait = step.waits?.find((w) => w.id === m.gateId);
    const modes = wait ? m.thresholds.map((t) => wait.criteria.find((c) => c.threshold.metric === t.metric && c.threshold.value === t.value)?.mode ?? 'abort-if') : undefined;
    const verdict = wait ? (m.result === 'fail' ? 'no-go' : m.result === 'pass' ? 'go' : 'unverified') : m.verdict;
    lines.push(sparklineSegments({ name: m.name, ...(m.unit ? { unit: m.unit } : {}), values: m.values, thresholds: m.thresholds, mode, ...(modes ? { modes } : {}), verdict }, width));
    const before = earlier.get(m) ?? [];
    if (before.length > 0) {
      const how = before.map((b) => (b.result === 'fail' ? 'crossed' : b.result === 'pass' ? 'within' : 'unverified')).join(', ');
      lines.push(...wrapSegments([{ text: `  ${before.length === 1 ? '1 earlier try' : `${before.length} earlier tries`} of ${m.name}: ${how} (all in the evidence pack)`, style: { dim: true } }], width));
    }
  }

  if (step.items.length > 0) {
    lines.push([]);
    step.items.forEach((item, i) => {
      const ticked = state?.items[item.id] ?? item.checked;
      const cursor = i === itemCursor;
      const segs: Segment[] = [
        { text: cursor ? '› ' : '  ', style: { color: 'cyan', bold: true } },
        { text: ticked ? '☑ ' : '☐ ', style: { color: ticked ? 'green' : undefined } },
        { text: item.text, style: { bold: cursor } },
      ];
      lines.push(...wrapSegments(segs, width));
    });
  }

  // results (PASS / FAIL, Yes / No): the answer recorded, or when it is asked
  for (const result of step.results ?? []) {
    const answer = session?.answers?.[resultDecisionId(result)];
    const failed = answer !== undefined && isFailingAnswer(result, answer);
    lines.push(
      ...wrapSegments(
        answer === undefined
          ? [{ text: `result: ${result.label}: ${result.options.join(' / ')}`, style: { dim: true } }, { text: ' (asked after the commands)', style: { dim: true } }]
          : [{ text: `result: ${result.label} → ` }, { text: answer, style: { bold: true, color: failed ? 'red' : 'green' } }],
        width,
      ),
    );
  }

  const body = markdownToLines(step.body, width, bodyOptions(step, state, session));
  if (body.length > 0) {
    lines.push([]);
    lines.push(...body);
  }
  return lines;
}
