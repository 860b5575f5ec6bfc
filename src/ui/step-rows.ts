// The step list as rows (section headings and steps, in runbook order) and the window of
// them that fits on screen. Only the window is ever rendered.
import type { FlowPath, Runbook } from '../runbook/model.js';

/** `path`: a contingency section's steps (branch) are shown apart, greyed until entered. */
export type ListRow =
  | { kind: 'section'; sectionId: string; title: string; contingency?: true }
  | { kind: 'step'; stepId: string; sectionId: string; index: number; title: string; path: FlowPath };

const sameTitle = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Rows in runbook order. A section that holds exactly one step of the same title (a
 * "### Step 1: ..." heading is both) gets no heading row: the step row says it all.
 */
export function buildRows(runbook: Runbook): ListRow[] {
  const titles = new Map(runbook.sections.map((s) => [s.id, s.title]));
  const counts = new Map<string, number>();
  for (const step of runbook.steps) counts.set(step.sectionId, (counts.get(step.sectionId) ?? 0) + 1);
  const rows: ListRow[] = [];
  let section: string | undefined;
  runbook.steps.forEach((step, index) => {
    if (step.sectionId !== section) {
      section = step.sectionId;
      const title = titles.get(step.sectionId);
      const redundant = title !== undefined && counts.get(step.sectionId) === 1 && sameTitle(title, step.title);
      if (title !== undefined && !redundant) rows.push({ kind: 'section', sectionId: step.sectionId, title, ...(step.path === 'branch' ? { contingency: true as const } : {}) });
    }
    rows.push({ kind: 'step', stepId: step.id, sectionId: step.sectionId, index, title: step.title, path: step.path });
  });
  return rows;
}

/** First row to show so that the cursor row sits about a third down the window. */
export function windowStart(total: number, cursorRow: number, height: number): number {
  if (total <= height) return 0;
  const ideal = cursorRow - Math.floor(height / 3);
  return Math.max(0, Math.min(ideal, total - height));
}
