// The step list as rows (section headings and steps, in runbook order) and the window of
// them that fits on screen. Only the window is ever rendered.
import type { Runbook } from '../runbook/model.js';

export type ListRow =
  | { kind: 'section'; sectionId: string; title: string }
  | { kind: 'step'; stepId: string; index: number; title: string };

export function buildRows(runbook: Runbook): ListRow[] {
  const titles = new Map(runbook.sections.map((s) => [s.id, s.title]));
  const rows: ListRow[] = [];
  let section: string | undefined;
  runbook.steps.forEach((step, index) => {
    if (step.sectionId !== section) {
      section = step.sectionId;
      const title = titles.get(step.sectionId);
      if (title !== undefined) rows.push({ kind: 'section', sectionId: step.sectionId, title });
    }
    rows.push({ kind: 'step', stepId: step.id, index, title: step.title });
  });
  return rows;
}

/** First row to show so that the cursor row sits about a third down the window. */
export function windowStart(total: number, cursorRow: number, height: number): number {
  if (total <= height) return 0;
  const ideal = cursorRow - Math.floor(height / 3);
  return Math.max(0, Math.min(ideal, total - height));
}
