// summary.md: the session in a few lines of markdown, ready to paste into a change ticket.
import { commandLabel, duration, plural, utc } from './format.js';
import type { DecisionReport, SessionReport, StepReport } from './timeline.js';
import { countsText, detourLines } from './report-model.js';

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || ' ';
}

/** The loud first line: what kind of evidence this is. */
export function outcomeBanner(r: SessionReport): string {
  const parts: string[] = [];
  if (r.mode === 'rehearsal') parts.push('REHEARSAL (dry run: nothing was executed)');
  if (r.outcome === 'unfinished') parts.push('UNFINISHED (the session has no end; this is a partial record)');
  else parts.push(r.outcome === 'completed' ? 'COMPLETED' : r.outcome === 'rolled-back' ? 'ROLLED BACK' : 'ABORTED');
  if (r.counts.failed > 0) parts.push(`${plural(r.counts.failed, 'step')} FAILED`);
  if (r.deviations.length > 0) parts.push(plural(r.deviations.length, 'deviation'));
  return parts.join(' · ');
}

/** A step's status as a reader should take it: in a dry run nothing "passed", it was rehearsed. */
export function statusLabel(r: SessionReport, s: StepReport): string {
  if (s.status === 'running') return 'in progress';
  if (s.status === 'passed' && r.mode === 'rehearsal') return 'rehearsed';
  if (s.status === 'not-needed') return 'not needed';
  return s.status;
}

function stepResult(r: SessionReport, s: StepReport): string {
  const base = statusLabel(r, s);
  // a reason that already says it ("not needed: <answer>") is not prefixed again
  if (!s.reason) return base;
  return s.reason.startsWith(base) ? s.reason : `${base}: ${s.reason}`;
}

function stepDetail(s: StepReport): string {
  const bits: string[] = [];
  for (const c of s.commands) {
    const checks = c.checks.length ? `; checks ${c.checks.map((k) => k.result).join(', ')}` : '';
    bits.push(`\`${c.commandId}\` ${c.status}${checks}`);
    for (const typed of c.inputs ?? []) bits.push(`typed into \`${commandLabel(c)}\`: ${oneLine(typed)}`);
  }
  for (const m of s.metrics) bits.push(`metric ${m.name}${m.result ? ` ${m.result}` : ''}`);
  for (const e of s.evidence) bits.push(`evidence ${e.kind}`);
  return bits.join('; ');
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, ' ').trim();
}

/**
 * What the operator said at a step, next to it: checks judged by eye with their notes,
 * answers (results such as PASS / FAIL, decisions), sign-offs, notes and the evidence given.
 */
export function stepRecordLines(r: SessionReport, s: StepReport): string[] {
  const out: string[] = [];
  for (const w of s.happenings) out.push(oneLine(w));
  for (const c of s.eyeChecks) {
    const verdict = c.result === 'fail' ? 'does NOT hold' : 'holds';
    out.push(`checked by eye: "${oneLine(c.expected)}" ${verdict}${c.confirmedBy ? ` (confirmed by ${c.confirmedBy})` : ''}${c.note ? `: ${oneLine(c.note)}` : ''}`);
  }
  for (const d of r.decisions.filter((x) => x.stepId === s.id)) {
    out.push(`answered: ${oneLine(d.question)} → ${d.answer} (${d.who})${d.note ? `: ${oneLine(d.note)}` : ''}`);
  }
  for (const so of r.signoffs.filter((x) => x.stepId === s.id)) {
    out.push(`signed: ${so.role}: ${so.name} ${so.approved ? 'approved' : 'did NOT approve'}${so.choice ? ` (${so.choice})` : ''}${so.comment ? `: ${oneLine(so.comment)}` : ''}`);
  }
  for (const n of r.notes.filter((x) => x.stepId === s.id)) out.push(`note by ${n.actor} at ${utc(n.ts)}: ${oneLine(n.text)}`);
  // what was given as the step's evidence: the typed note itself, or where the file or output is
  for (const e of s.evidence) out.push(`evidence (${e.kind}): ${oneLine(e.value)}${e.sha256 ? ` (sha256 ${e.sha256.slice(0, 16)}…)` : ''}`);
  return out;
}

/** A decision answer as the summary lists it: raised by what (with the data), the question, the proposal and its data, the answer, who, where it led. */
export function decisionLines(d: DecisionReport): string[] {
  const out: string[] = [];
  if (d.raised) out.push(`- **Decision ${d.n ?? '?'} raised** in "${d.raised.stepTitle}" by ${d.raised.reason}; data: ${d.raised.data.map(oneLine).join('; ') || 'none'}`);
  const label = d.n !== undefined ? `decision ${d.n}: ` : '';
  const proposal = d.suggested ? `; proposed ${d.suggested}${d.why ? ` (${oneLine(d.why)})` : ''}${d.suggested !== d.answer ? ', answered against it' : ''}` : '';
  const note = d.note ? `; ${d.suggested && d.suggested !== d.answer ? 'reason' : 'note'}: ${oneLine(d.note)}` : '';
  const led = d.ledTo ? `; led to ${oneLine(d.ledTo)}` : '';
  const undone = d.undone ? `; **undone** by ${d.undone.who} at ${utc(d.undone.ts)}: ${oneLine(d.undone.reason)}` : '';
  out.push(`- ${label}${oneLine(d.question)} → **${d.answer}** by ${d.who} at ${utc(d.ts)}${proposal}${note}${led}${undone}`);
  return out;
}

export function renderSummary(r: SessionReport): string {
  const out: string[] = [];
  out.push(`# Change evidence: ${r.title}`, '');
  out.push(`**${outcomeBanner(r)}**`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Session | \`${r.session}\` (${r.mode}) |`);
  out.push(`| Runbook | ${cell(r.runbookPath)} (sha256 \`${r.runbookSha256.slice(0, 16)}…\`) |`);
  out.push(`| Operator | ${cell(r.operator)}${r.host ? ` on ${cell(r.host)}` : ''} |`);
  if (r.actors.length > 1) out.push(`| Also acting | ${cell(r.actors.filter((a) => a !== r.operator).join(', '))} |`);
  out.push(`| Started | ${utc(r.startedAt)} |`);
  out.push(`| Ended | ${r.endedAt ? utc(r.endedAt) : 'not ended'}${r.endReason ? `: ${cell(r.endReason)}` : ''} |`);
  out.push(`| Duration | ${duration(r.durationMs)}${r.endedAt ? '' : ' so far'} |`);
  out.push(`| Steps | ${countsText(r)} |`);
  out.push(`| Path | ${r.detours.length === 0 ? 'the main path only' : cell(detourLines(r).join('; '))} |`);
  out.push(`| Checks | ${r.checks.pass} pass, ${r.checks.fail} fail, ${r.checks.unverified} unverified |`);
  out.push(`| Chain head | seq ${r.head.seq} \`${r.head.h}\` |`);
  out.push('');

  out.push('## Steps', '');
  if (r.steps.length === 0) out.push('No step was started.');
  else {
    out.push('| # | Step | Result | Started | Detail |', '|---|---|---|---|---|');
    r.steps.forEach((s, i) => {
      out.push(`| ${i + 1} | ${cell(s.title)} | ${cell(stepResult(r, s))} | ${utc(s.startedAt)} | ${cell(stepDetail(s))} |`);
    });
  }
  out.push('');

  const recorded = r.steps.map((s, i) => ({ s, i, lines: stepRecordLines(r, s) })).filter((x) => x.lines.length > 0);
  if (recorded.length > 0) {
    out.push('## Recorded at each step', '');
    for (const { s, i, lines } of recorded) {
      out.push(`**${i + 1}. ${s.title.replace(/\r?\n/g, ' ')}**`, '');
      for (const l of lines) out.push(`- ${l}`);
      out.push('');
    }
  }

  out.push('## Deviations', '');
  if (r.deviations.length === 0) out.push('None.');
  for (const d of r.deviations) {
    const i = r.steps.findIndex((s) => s.id === d.stepId);
    const where = d.stepId === undefined ? '' : i === -1 ? ` (step ${d.stepId})` : ` in step ${i + 1} "${r.steps[i]?.title}"`;
    out.push(`- **${d.kind}**${where}${d.target ? ` of ${d.target}` : ''} by ${d.actor} at ${utc(d.ts)}: ${d.reason.replace(/\r?\n/g, ' ')}`);
  }
  out.push('');

  if (r.decisions.length > 0) {
    out.push('## Decisions', '');
    for (const d of r.decisions) out.push(...decisionLines(d));
    out.push('');
  }

  out.push('## Sign-offs', '');
  if (r.signoffs.length === 0) out.push('None recorded.');
  else {
    out.push('| Role | Name | Approved | Signed | Comment |', '|---|---|---|---|---|');
    for (const s of r.signoffs) {
      out.push(
        `| ${cell(s.role)} | ${cell(s.name)}${s.identitySource ? ` (${s.identitySource})` : ''} | ${s.approved ? 'yes' : '**NO**'}${s.choice ? `: ${cell(s.choice)}` : ''} | ${utc(s.ts)} | ${cell(s.comment ?? '')} |`,
      );
    }
  }
  out.push('');

  if (r.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of r.notes) out.push(`- ${utc(n.ts)} ${n.actor}: ${n.text.replace(/\r?\n/g, ' ')}`);
    out.push('');
  }

  out.push('## Verification', '');
  out.push(
    `Check this pack with \`flightdeck verify <pack>\`. Paste the chain head above into the ticket: it pins the log, so a later rewrite of the whole pack is detectable.`,
  );
  out.push('');
  return out.join('\n');
}
