// The selected step as screen lines: title, status and results, the sub-checklist with
// its cursor, then the step's markdown. Pure, so the pane can slice exactly what fits.
import type { Step } from '../runbook/model.js';
import type { SessionState, StepState } from '../session/types.js';
import { sparklineSegments } from './components/sparkline.js';
import { statusLook } from './format.js';
import { markdownToLines } from './markdown/to-lines.js';
import { wrapSegments, type Line, type Segment } from './markdown/segments.js';

const TASK_LINE = /^\s*[-*+]\s+\[[ xX]\]\s+(.*)$/;

/** The body without the checklist lines shown as interactive items above it. */
export function bodyWithoutItems(step: Step): string {
  if (step.items.length === 0) return step.body;
  const texts = new Set(step.items.map((i) => i.text.trim()));
  return step.body
    .split('\n')
    .filter((l) => {
      const m = TASK_LINE.exec(l);
      return !(m && texts.has((m[1] ?? '').trim()));
    })
    .join('\n');
}

/** What the detail needs from the session besides the step's own state. */
export interface DetailContext {
  mode: SessionState['mode'];
  paramsSet: SessionState['paramsSet'];
}

function isDone(state: StepState | undefined): boolean {
  return state !== undefined && state.status !== 'pending' && state.status !== 'running';
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
  if (step.danger.length > 0 || step.commands.some((c) => c.danger.length > 0)) {
    meta.push({ text: ' · ⚠ dangerous', style: { color: 'red', bold: true } });
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
    const name = cmd?.name ?? cmd?.code.split('\n')[0] ?? run.commandId;
    const code = run.exitCode !== undefined ? ` exit ${run.exitCode}` : run.signal ? ` ${run.signal}` : '';
    lines.push(
      ...wrapSegments(
        [{ text: `$ ${name}`, style: { dim: true } }, { text: ` ${run.status}${code}`, style: { color: run.exitCode === 0 || run.status === 'confirmed' || run.status === 'would-run' ? 'green' : 'yellow' } }],
        width,
      ),
    );
    for (const c of run.checks) {
      const color = c.result === 'pass' ? 'green' : c.result === 'fail' ? 'red' : 'yellow';
      const icon = c.result === 'pass' ? '✔' : c.result === 'fail' ? '✘' : '?';
      lines.push(...wrapSegments([{ text: `  ${icon} ${c.text}`, style: { color } }, ...(c.actual ? [{ text: ` (got ${c.actual})`, style: { dim: true } }] : [])], width));
    }
  }

  // gates judged on metrics: one sparkline per series with its GO / NO-GO
  for (const m of state?.metrics ?? []) {
    const mode = step.gates.find((g) => g.id === m.gateId)?.mode ?? 'abort-if';
    lines.push(sparklineSegments({ name: m.name, ...(m.unit ? { unit: m.unit } : {}), values: m.values, thresholds: m.thresholds, mode, verdict: m.verdict }, width));
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

  const body = bodyWithoutItems(step).trim();
  if (body) {
    lines.push([]);
    lines.push(...markdownToLines(body, width));
  }
  return lines;
}
