// report.html: one self-contained file (no external asset, no network) that a change
// manager can read on screen or print: outcome, facts, every step with its commands,
// folded outputs, checks and metric charts, decisions, sign-offs, deviations highlighted,
// and the full timeline.
import { bytes, commandLabel, duration, plural, utc } from './format.js';
import { outcomeBanner, statusLabel } from './summary-md.js';
import { svgLineChart } from './svg-chart.js';
import type { CommandReport, DecisionReport, SessionReport, StepReport } from './timeline.js';
import { countsText, detourLines } from './report-model.js';
import type { Decision } from '../runbook/model.js';
import { decisionTreesHtml } from './decision-tree-html.js';

/** An output excerpt for the report (the full spool stays in outputs/). */
export interface OutputExcerpt {
  text: string;
  /** Lines left out of the middle, 0 when the excerpt is the whole output. */
  omittedLines: number;
}

export interface ReportContext {
  outputs: Map<string, OutputExcerpt>;
  /** The runbook copy's decisions, when it parses: tree-shaped ones are drawn with the path taken. */
  decisions?: readonly Decision[];
  exportedAt: string;
  exportedBy: string;
  version: string;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root{--fg:#1c2430;--muted:#5b6675;--line:#d8dde4;--bg:#fff;--soft:#f5f7fa;--ok:#17794a;--okbg:#e6f4ec;--bad:#b42318;--badbg:#fdecea;--warn:#8a5a00;--warnbg:#fff4d6;--info:#1f5fa8;--infobg:#e8f1fb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:24px 32px 48px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0;white-space:pre-wrap;word-break:break-word}
.subtitle{color:var(--muted);margin:0 0 16px}
.banner{border-radius:8px;padding:12px 16px;font-weight:700;font-size:16px;margin:12px 0 16px;border:2px solid}
.banner.ok{background:var(--okbg);color:var(--ok);border-color:var(--ok)}
.banner.bad{background:var(--badbg);color:var(--bad);border-color:var(--bad)}
.banner.warn{background:var(--warnbg);color:var(--warn);border-color:#d4a72c}
.banner.rehearsal{background:repeating-linear-gradient(-45deg,#fff4d6,#fff4d6 12px,#ffe9a8 12px,#ffe9a8 24px);color:var(--warn);border-color:#d4a72c}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 8px;padding:12px 16px;background:var(--soft);border-radius:8px}
.facts dt{color:var(--muted)}
.facts dd{margin:0;word-break:break-all}
nav{margin:8px 0 0;color:var(--muted)}
nav a{color:var(--info);margin-right:14px;text-decoration:none}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;border:1px solid;vertical-align:1px;white-space:nowrap}
.b-passed,.b-pass,.b-yes{color:var(--ok);background:var(--okbg);border-color:#9fd3b5}
.b-failed,.b-fail,.b-no,.b-aborted{color:var(--bad);background:var(--badbg);border-color:#f1a9a0}
.b-skipped,.b-waived,.b-unverified,.b-deviation{color:var(--warn);background:var(--warnbg);border-color:#e8c66a}
.b-running,.b-pending,.b-open,.b-info{color:var(--info);background:var(--infobg);border-color:#a9c7ea}
.step{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0;break-inside:avoid-page}
.step.s-passed{border-left-color:var(--ok)}
.step.s-failed{border-left-color:var(--bad)}
.step.s-skipped,.step.s-waived{border-left-color:#d4a72c;background:#fffbf0}
.step.s-running,.step.s-pending{border-left-color:var(--info)}
.step-head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.step-head .when{color:var(--muted);font-size:12px;margin-left:auto}
.reason{margin:6px 0 0;color:var(--warn);font-weight:600}
.cmd{margin:10px 0 0}
.inline-item{margin:6px 0 0}
.note{font-style:italic}
.meta{color:var(--muted);font-size:12.5px}
ul.checks{list-style:none;padding:0;margin:4px 0}
ul.checks li{margin:2px 0}
details{margin:6px 0}
details>summary{cursor:pointer;color:var(--info)}
details>pre{max-height:480px;overflow:auto}
.omitted{color:var(--muted);font-style:italic}
.chart{margin:8px 0}
.chart svg{max-width:100%;height:auto}
svg .plot{fill:#fbfcfd;stroke:var(--line)}
svg .grid{stroke:#e7eaee;stroke-width:1}
svg .axis{fill:var(--muted);font-size:11px}
svg .chart-title{fill:var(--fg);font-size:12px;font-weight:600}
svg .series{fill:none;stroke:var(--info);stroke-width:2}
svg .point{fill:var(--info)}
svg .threshold{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:6 4}
svg .threshold-label{fill:var(--bad);font-size:11px}
svg .muted{fill:var(--muted);font-size:12px}
.deviation{background:var(--warnbg);border:1px solid #e8c66a;border-left:5px solid #d4a72c;border-radius:6px;padding:8px 12px;margin:8px 0}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);font-weight:600}
tr.flag-deviation td{background:var(--warnbg)}
tr.flag-fail td{background:var(--badbg)}
td.seq{color:var(--muted);width:3em}
td.ts{white-space:nowrap;width:1%}
.none{color:var(--muted)}
footer{margin-top:32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px;word-break:break-all}
@media print{
  body{font-size:11px}
  main{max-width:none;padding:0}
  nav{display:none}
  details>summary{color:var(--fg)}
  details>pre{max-height:none;overflow:visible}
  code,pre,.mono{font-size:9.5px}
  .step{break-inside:auto}
  .deviation,tr,pre,.chart,.cmd{break-inside:avoid}
  h2,.step-head{break-after:avoid}
  .banner,.badge,.step,.deviation,tr.flag-deviation td,tr.flag-fail td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  @page{margin:14mm}
}`;

// Closed <details> print empty: open them all for printing.
const PRINT_SCRIPT = `addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.setAttribute('open','')})});`;

function badge(kind: string, text?: string): string {
  return `<span class="badge b-${esc(kind.replace(/[^a-z-]/g, ''))}">${esc(text ?? kind)}</span>`;
}

/** "Smoke tests (step 6)" for a step id, "session" without one. */
export function stepLabel(r: SessionReport, stepId: string | undefined): string {
  if (stepId === undefined) return 'session';
  const i = r.steps.findIndex((s) => s.id === stepId);
  return i === -1 ? `step ${stepId}` : `${r.steps[i]?.title} (step ${i + 1})`;
}

function bannerClass(r: SessionReport): string {
  if (r.mode === 'rehearsal') return 'rehearsal';
  if (r.outcome === 'aborted' || r.outcome === 'rolled-back' || r.counts.failed > 0) return 'bad';
  if (r.outcome === 'unfinished' || r.deviations.length > 0) return 'warn';
  return 'ok';
}

function commandHtml(c: CommandReport, ctx: ReportContext): string {
  const out: string[] = [`<div class="cmd">`];
  out.push(`<pre>${esc(c.resolved ?? c.script)}</pre>`);
  const failed = (c.exitCode !== undefined && c.exitCode !== 0) || c.signal !== undefined;
  const meta = [
    failed ? '' : c.status,
    c.durationMs !== undefined ? `after ${duration(c.durationMs)}` : '',
    c.cwd ? `in ${c.cwd}` : '',
    `started ${utc(c.startedAt)}`,
  ].filter(Boolean);
  out.push(`<div class="meta">${failed ? badge('failed', c.status) + ' ' : ''}${esc(meta.join(' · '))}</div>`);
  for (const typed of c.inputs ?? []) out.push(`<div class="meta">typed into <code>${esc(commandLabel(c))}</code>: ${esc(typed)}</div>`);
  if (c.checks.length > 0) {
    out.push('<ul class="checks">');
    for (const k of c.checks) {
      out.push(
        `<li>${badge(k.result)} expected <code>${esc(k.expected)}</code>${k.actual !== undefined ? `, got <code>${esc(k.actual)}</code>` : ''}${k.confirmedBy ? ` <span class="meta">(confirmed by ${esc(k.confirmedBy)})</span>` : ''}${k.note ? ` <span class="note">${esc(k.note)}</span>` : ''}</li>`,
      );
    }
    out.push('</ul>');
  }
  if (c.output) {
    const ex = ctx.outputs.get(c.output.path);
    const head = `Output: ${c.output.path} (${plural(c.output.lines, 'line')}, ${bytes(c.output.bytes)})`;
    // a failed command's output is what a reviewer wants first: shown unfolded
    out.push(`<details${failed ? ' open' : ''}><summary>${esc(head)}</summary>`);
    if (!ex) out.push('<p class="none">the spool file is not in this pack</p>');
    else if (ex.text.length === 0) out.push('<p class="none">no output</p>');
    else {
      out.push(`<pre>${esc(ex.text)}</pre>`);
      if (ex.omittedLines > 0) out.push(`<p class="omitted">${esc(`${plural(ex.omittedLines, 'line')} left out here; the full output is ${c.output.path} in this pack`)}</p>`);
    }
    out.push(`<div class="meta mono">sha256 ${esc(c.output.sha256)}</div></details>`);
  }
  out.push('</div>');
  return out.join('');
}

/** One answer in the decisions table; a raised decision's first answer is preceded by what raised it and the data. */
function decisionRowHtml(d: DecisionReport): string {
  const raised = d.raised
    ? `<tr class="flag-deviation"><td colspan="6"><strong>Decision ${d.n ?? '?'} raised</strong> in ${esc(d.raised.stepTitle)} by ${esc(d.raised.reason)}<div class="meta">${d.raised.data.map(esc).join('<br>')}</div></td></tr>`
    : '';
  const against = d.suggested !== undefined && d.suggested !== d.answer;
  const proposed = d.suggested ? `${esc(d.suggested)}${d.why ? `<div class="meta">${esc(d.why)}</div>` : ''}` : '-';
  const note = d.note ? `<div class="meta">${against ? 'reason: ' : ''}${esc(d.note)}</div>` : '';
  return `${raised}<tr><td>${d.n !== undefined ? `${d.n}. ` : ''}${esc(d.question)}</td><td>${proposed}</td><td><strong>${esc(d.answer)}</strong>${against ? ' (against the proposal)' : ''}${note}</td><td>${esc(d.who)}</td><td class="ts">${esc(utc(d.ts))}</td><td>${esc(d.ledTo ?? '-')}${d.undone ? ` <strong>undone</strong> by ${esc(`${d.undone.who}, ${utc(d.undone.ts)}: ${d.undone.reason}`)}` : ''}</td></tr>`;
}

function stepHtml(s: StepReport, i: number, ctx: ReportContext, r: SessionReport): string {
  const out: string[] = [`<section class="step s-${esc(s.status)}" id="step-${esc(s.id)}">`];
  const when = s.startedAt ? `${utc(s.startedAt)}${s.endedAt && s.startedAt ? ` · ${duration(Date.parse(s.endedAt) - Date.parse(s.startedAt))}` : ''}` : '';
  out.push(`<div class="step-head"><h3>${i + 1}. ${esc(s.title)}</h3>${badge(s.status, statusLabel(r, s))}<span class="when">${esc(when)}</span></div>`);
  if (s.reason) out.push(`<p class="reason">${esc(`${s.status === 'skipped' ? 'Skipped' : s.status === 'waived' ? 'Waived' : 'Reason'}: ${s.reason}`)}</p>`);
  if (s.items.length > 0) {
    out.push('<ul class="checks">');
    for (const it of s.items) out.push(`<li>${it.checked ? '☑' : '☐'} ${esc(it.text)}</li>`);
    out.push('</ul>');
  }
  for (const c of s.commands) out.push(commandHtml(c, ctx));
  for (const m of s.metrics) {
    out.push('<div class="chart">');
    out.push(svgLineChart(m.samples, { title: `${m.name}${m.unit ? ` (${m.unit})` : ''}`, lines: m.limits, ...(m.unit ? { unit: m.unit } : {}) }));
    out.push(
      `<div class="meta">${m.result ? badge(m.result) + ' ' : ''}${esc([m.thresholds.length ? `gate: ${m.thresholds.join(', ')}` : '', `${plural(m.samples.length, 'sample')}`, utc(m.ts)].filter(Boolean).join(' · '))}</div>`,
    );
    out.push('</div>');
  }
  for (const w of s.happenings) out.push(`<div class="inline-item">${esc(w)}</div>`);
  for (const c of s.eyeChecks.filter((x) => x.confirmedBy === undefined || x.note !== undefined)) {
    out.push(`<div class="inline-item">Checked by eye: ${esc(c.expected)} ${badge(c.result === 'fail' ? 'fail' : 'unverified', c.result === 'fail' ? 'does not hold' : 'holds')}${c.note ? ` <span class="note">${esc(c.note)}</span>` : ''}</div>`);
  }
  for (const d of r.decisions.filter((x) => x.stepId === s.id)) {
    out.push(
      `<div class="inline-item">Decision: ${esc(d.question)} <strong>${esc(d.answer)}</strong> <span class="meta">(${esc(`${d.who}, ${utc(d.ts)}`)})</span>${d.note ? ` <span class="note">${esc(d.note)}</span>` : ''}</div>`,
    );
  }
  for (const so of r.signoffs.filter((x) => x.stepId === s.id)) {
    out.push(
      `<div class="inline-item">Sign-off: ${esc(so.role)}, ${esc(so.name)} ${so.approved ? badge('yes', 'approved') : badge('no', 'not approved')}${so.choice ? ` ${esc(so.choice)}` : ''} <span class="meta">(${esc(utc(so.ts))})</span>${so.comment ? ` <span class="note">${esc(so.comment)}</span>` : ''}</div>`,
    );
  }
  for (const n of r.notes.filter((x) => x.stepId === s.id)) {
    out.push(`<div class="inline-item">Note: <span class="note">${esc(n.text)}</span> <span class="meta">(${esc(`${n.actor}, ${utc(n.ts)}`)})</span></div>`);
  }
  for (const e of s.evidence) {
    out.push(`<div class="meta">Evidence (${esc(e.kind)}): ${esc(e.value)}${e.sha256 ? ` <span class="mono">sha256 ${esc(e.sha256)}</span>` : ''}</div>`);
  }
  out.push('</section>');
  return out.join('');
}

export function renderReportHtml(r: SessionReport, ctx: ReportContext): string {
  const h: string[] = [];
  h.push('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">');
  h.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  // no network at all, even if someone edits the file to add a reference
  h.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'">`);
  h.push(`<title>${esc(`${r.title}: ${r.session}`)}</title><style>${CSS}</style><script>${PRINT_SCRIPT}</script></head><body><main>`);
  h.push(`<h1>${esc(r.title)}</h1>`);
  h.push(`<p class="subtitle">Change evidence · session <span class="mono">${esc(r.session)}</span></p>`);
  h.push(`<div class="banner ${bannerClass(r)}">${esc(outcomeBanner(r))}</div>`);

  const facts: [string, string][] = [
    ['Operator', `${r.operator}${r.host ? ` on ${r.host}` : ''}`],
    ...(r.actors.length > 1 ? [['Also acting', r.actors.filter((a) => a !== r.operator).join(', ')] as [string, string]] : []),
    ['Started', utc(r.startedAt)],
    ['Ended', `${r.endedAt ? utc(r.endedAt) : 'not ended'}${r.endReason ? `: ${r.endReason}` : ''}`],
    ['Duration', `${duration(r.durationMs)}${r.endedAt ? '' : ' so far'}`],
    ['Steps', countsText(r)],
    ['Path', r.detours.length === 0 ? 'the main path only' : detourLines(r).join('; ')],
    ['Checks', `${r.checks.pass} pass, ${r.checks.fail} fail, ${r.checks.unverified} unverified`],
    ['Runbook', `${r.runbookPath} (runbook.md in this pack)`],
    ['Runbook sha256', r.runbookSha256],
    ['Chain head', `seq ${r.head.seq} ${r.head.h}`],
  ];
  if (r.params.length > 0) facts.push(['Parameters', r.params.map((p) => `${p.name} (${p.source}${p.secret ? ', secret' : ''})`).join(', ')]);
  h.push('<dl class="facts">');
  for (const [k, v] of facts) h.push(`<dt>${esc(k)}</dt><dd${k.includes('sha256') || k === 'Chain head' ? ' class="mono"' : ''}>${esc(v)}</dd>`);
  h.push('</dl>');
  h.push('<nav><a href="#steps">Steps</a><a href="#deviations">Deviations</a><a href="#decisions">Decisions</a><a href="#signoffs">Sign-offs</a><a href="#timeline">Timeline</a></nav>');

  h.push('<h2 id="deviations">Deviations</h2>');
  if (r.deviations.length === 0) h.push('<p class="none">None.</p>');
  for (const d of r.deviations) {
    h.push(
      `<div class="deviation">${badge('deviation', d.kind)} <strong>${esc(stepLabel(r, d.stepId))}</strong>${d.target && !stepLabel(r, d.stepId).toLowerCase().includes(d.target.toLowerCase()) ? esc(` · ${d.target}`) : ''}: ${esc(d.reason)} <span class="meta">(${esc(`${d.actor}, ${utc(d.ts)}, seq ${d.seq}`)})</span></div>`,
    );
  }

  h.push('<h2 id="steps">Steps</h2>');
  if (r.steps.length === 0) h.push('<p class="none">No step was started.</p>');
  r.steps.forEach((s, i) => h.push(stepHtml(s, i, ctx, r)));

  h.push('<h2 id="decisions">Decisions</h2>');
  if (r.decisions.length === 0) h.push('<p class="none">None.</p>');
  else {
    h.push('<table><thead><tr><th>Question</th><th>Proposed (data)</th><th>Answer</th><th>Who</th><th>When</th><th>Led to</th></tr></thead><tbody>');
    for (const d of r.decisions) h.push(decisionRowHtml(d));
    h.push('</tbody></table>');
    h.push(decisionTreesHtml(r.decisions, ctx.decisions ?? []));
  }

  h.push('<h2 id="signoffs">Sign-offs</h2>');
  if (r.signoffs.length === 0) h.push('<p class="none">None recorded.</p>');
  else {
    h.push('<table><thead><tr><th>Role</th><th>Name</th><th>Approved</th><th>Signed</th><th>Comment</th></tr></thead><tbody>');
    for (const s of r.signoffs) {
      h.push(
        `<tr${s.approved ? '' : ' class="flag-fail"'}><td>${esc(s.role)}</td><td>${esc(s.name)}${s.identitySource ? ` <span class="meta">(${esc(s.identitySource)})</span>` : ''}</td><td>${s.approved ? badge('yes') : badge('no')}${s.choice ? ` ${esc(s.choice)}` : ''}</td><td class="ts">${esc(utc(s.ts))}</td><td>${esc(s.comment ?? '')}</td></tr>`,
      );
    }
    h.push('</tbody></table>');
  }

  if (r.notes.length > 0) {
    h.push('<h2 id="notes">Notes</h2><table><tbody>');
    for (const n of r.notes) h.push(`<tr><td class="ts">${esc(utc(n.ts))}</td><td>${esc(n.actor)}</td><td>${esc(n.text)}</td></tr>`);
    h.push('</tbody></table>');
  }

  h.push(`<h2 id="timeline">Timeline</h2><details open><summary>${esc(plural(r.timeline.length, 'event'))} from the audit log</summary>`);
  h.push('<table><thead><tr><th>Seq</th><th>Time</th><th>Actor</th><th>Event</th></tr></thead><tbody>');
  for (const t of r.timeline) {
    h.push(`<tr${t.flag ? ` class="flag-${t.flag}"` : ''}><td class="seq">${t.seq}</td><td class="ts">${esc(utc(t.ts))}</td><td>${esc(t.actor)}</td><td>${esc(t.text)}</td></tr>`);
  }
  h.push('</tbody></table></details>');

  h.push(
    `<footer>Exported ${esc(utc(ctx.exportedAt))} by ${esc(ctx.exportedBy)} with flightdeck ${esc(ctx.version)}. Chain head seq ${r.head.seq} <span class="mono">${esc(r.head.h)}</span>. Check the pack with <code>flightdeck verify</code>; anchor the chain head in the change ticket.</footer>`,
  );
  h.push('</main></body></html>\n');
  return h.join('\n');
}
