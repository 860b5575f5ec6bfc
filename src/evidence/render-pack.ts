// summary.md and report.html from the log, the runbook copy and the spools' edges. One
// pure function, used by export to write them and by verify to check them: the readable
// part of a pack cannot be edited without verify noticing.
import type { AuditEvent } from '../session/audit-event.js';
import type { Runbook } from '../runbook/model.js';
import { parseRunbook } from '../runbook/parse.js';
import { renderReportHtml, type OutputExcerpt } from './report-html.js';
import { excerptOf, type SpoolEdges } from './spool-edges.js';
import { renderSummary } from './summary-md.js';
import { buildReport, type RunbookOutline, type SessionReport } from './timeline.js';

export interface RenderMeta {
  exportedAt: string;
  exportedBy: string;
  version: string;
}

export interface RenderedDocs {
  report: SessionReport;
  summary: string;
  html: string;
}

/** The runbook copy parsed; the report still works from the log alone if it does not parse. */
function parsedCopy(runbook: Buffer, events: readonly AuditEvent[]): Runbook | undefined {
  try {
    const start = events[0];
    const file = start?.type === 'session.start' && typeof start.data.runbook === 'string' ? start.data.runbook : 'runbook.md';
    return parseRunbook(runbook, file);
  } catch {
    return undefined;
  }
}

/** Step ids and titles from the runbook copy. */
function outlineOf(parsed: Runbook | undefined): RunbookOutline | undefined {
  return parsed ? { steps: parsed.steps.map((s) => ({ id: s.id, title: s.title })) } : undefined;
}

export function renderPackDocs(
  events: readonly AuditEvent[],
  runbook: Buffer,
  edges: ReadonlyMap<string, SpoolEdges>,
  meta: RenderMeta,
): RenderedDocs {
  const parsed = parsedCopy(runbook, events);
  const report = buildReport(events, outlineOf(parsed));
  const outputs = new Map<string, OutputExcerpt>();
  for (const s of report.steps) {
    for (const c of s.commands) {
      const e = c.output ? edges.get(c.output.path) : undefined;
      if (c.output && e) outputs.set(c.output.path, excerptOf(e, c.output.lines));
    }
  }
  return { report, summary: renderSummary(report), html: renderReportHtml(report, { outputs, decisions: parsed?.steps.flatMap((s) => s.decisions) ?? [], ...meta }) };
}
