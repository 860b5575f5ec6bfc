// The step list as rows (headings and steps, in runbook order) and the window of them that
// fits on screen. Only the window is ever rendered. Steps are grouped under the runbook's
// own structure: the phase › procedure trail above them ("Application Deployment ›
// Step 2: Verify Current Database Version").
import type { FlowPath, Runbook, Step } from '../runbook/model.js';
import { TRAIL_SEPARATOR } from '../runbook/outline.js';

/**
 * `sectionId` of a heading row and of the steps under it is the group's key (its trail).
 * `contingency`: every step under the heading is off the main path (shown greyed, "if needed").
 */
export type ListRow =
  | { kind: 'section'; sectionId: string; title: string; contingency?: true }
  | { kind: 'step'; stepId: string; sectionId: string; index: number; title: string; path: FlowPath };

const sameTitle = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The heading a step is grouped under: its trail of section titles, phase first. Without a
 * trail (a model built by hand), its section's title; none for a section that holds only a
 * step of the same title (a "### Step 1: ..." heading is both: the step row says it all).
 */
function headingOf(step: Step, sectionTitle: string | undefined, stepsInSection: number): string | undefined {
  if (step.trail.length > 0) return step.trail.join(TRAIL_SEPARATOR);
  if (sectionTitle === undefined) return undefined;
  return stepsInSection === 1 && sameTitle(sectionTitle, step.title) ? undefined : sectionTitle;
}

/**
 * A contingency step's heading: never the main path's. Its section's title joins the trail
 * unless the trail or the step already says it ("Deployment" over "Troubleshooting"); one
 * standing alone is headed by its own title.
 */
function contingencyHeading(step: Step, heading: string | undefined): string {
  const title = step.contingency?.title ?? step.title;
  const trail = step.trail.length > 0 ? step.trail : heading !== undefined ? [heading] : [];
  const said = trail.some((t) => sameTitle(t, title)) || sameTitle(step.title, title);
  const parts = said ? trail : [...trail, title];
  return (parts.length > 0 ? parts : [title]).join(TRAIL_SEPARATOR);
}

/** Rows in runbook order: a heading row whenever the trail above the steps changes. */
export function buildRows(runbook: Runbook): ListRow[] {
  const titles = new Map(runbook.sections.map((s) => [s.id, s.title]));
  const counts = new Map<string, number>();
  for (const step of runbook.steps) counts.set(step.sectionId, (counts.get(step.sectionId) ?? 0) + 1);
  const rows: ListRow[] = [];
  let group: string | undefined;
  let key = '';
  let heading: Extract<ListRow, { kind: 'section' }> | undefined;
  runbook.steps.forEach((step, index) => {
    const own = headingOf(step, titles.get(step.sectionId), counts.get(step.sectionId) ?? 0);
    const branch = step.path === 'branch';
    const title = branch ? contingencyHeading(step, own) : own;
    // a step without a heading of its own keeps its section as its group (for the pinned heading);
    // a contingency is its own group even under the same words as the main path's
    const trail = branch ? `branch:${title}` : (title ?? `section:${step.sectionId}`);
    if (trail !== group) {
      group = trail;
      // one key per run of steps: a trail may come back after a nested procedure
      key = `${rows.length}:${trail}`;
      heading = title === undefined ? undefined : { kind: 'section', sectionId: key, title, ...(branch ? { contingency: true as const } : {}) };
      if (heading) rows.push(heading);
    }
    rows.push({ kind: 'step', stepId: step.id, sectionId: key, index, title: step.title, path: step.path });
  });
  return rows;
}

/** First row to show so that the cursor row sits about a third down the window. */
export function windowStart(total: number, cursorRow: number, height: number): number {
  if (total <= height) return 0;
  const ideal = cursorRow - Math.floor(height / 3);
  return Math.max(0, Math.min(ideal, total - height));
}
