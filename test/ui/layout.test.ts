import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../src/ui/layout.js';
import { buildRows, windowStart } from '../../src/ui/step-rows.js';
import { makeRunbook, makeStep, sampleRunbook } from './fake-engine.js';

describe('computeLayout', () => {
  it('uses the full layout from 80x24 and a compact one below', () => {
    expect(computeLayout(80, 24, { live: false }).compact).toBe(false);
    expect(computeLayout(79, 24, { live: false }).compact).toBe(true);
    expect(computeLayout(120, 23, { live: false }).compact).toBe(true);
    expect(computeLayout(60, 20, { live: false }).listWidth).toBe(0);
  });

  it('fits every pane inside the terminal at any size', () => {
    for (const [c, r] of [[200, 60], [80, 24], [79, 23], [40, 10], [20, 5], [1, 1]] as const) {
      for (const live of [false, true]) {
        const l = computeLayout(c, r, { live });
        expect(l.headerRows + l.bodyRows + 2).toBeLessThanOrEqual(Math.max(l.height, 4));
        expect(l.detailRows + l.liveRows).toBeLessThanOrEqual(Math.max(l.bodyRows, 2));
        expect(l.detailRows).toBeGreaterThanOrEqual(1);
        if (!l.compact) expect(l.listWidth + 3 + l.detailWidth).toBe(c);
        if (live) expect(l.liveRows).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('step rows', () => {
  it('groups steps under their section headings in runbook order', () => {
    const rows = buildRows(sampleRunbook());
    expect(rows.map((r) => (r.kind === 'section' ? `# ${r.title}` : r.stepId))).toEqual(['# Preparation', 's1', 's2', '# Deployment', 's3', 's4']);
  });

  it('a section holding one step of the same title shows only the step row', () => {
    const rows = buildRows(
      makeRunbook([
        { id: 'pre', title: 'Pre-flight', steps: [makeStep({ id: 'a', title: 'Pre-flight', sectionId: 'pre' }), makeStep({ id: 'b', title: 'Backup', sectionId: 'pre' })] },
        { id: 'st1', title: 'Step 1: Record the start time', steps: [makeStep({ id: 'c', title: 'Step 1: Record the start time ', sectionId: 'st1' })] },
        { id: 'st2', title: 'Step 2: Deploy', steps: [makeStep({ id: 'd', title: 'Push the image', sectionId: 'st2' })] },
      ]),
    );
    expect(rows.map((r) => (r.kind === 'section' ? `# ${r.title}` : r.stepId))).toEqual(['# Pre-flight', 'a', 'b', 'c', '# Step 2: Deploy', 'd']);
  });

  it('keeps the cursor row inside the window', () => {
    for (const cursor of [0, 5, 50, 99]) {
      const start = windowStart(100, cursor, 10);
      expect(cursor).toBeGreaterThanOrEqual(start);
      expect(cursor).toBeLessThan(start + 10);
      expect(start + 10).toBeLessThanOrEqual(100);
    }
    expect(windowStart(5, 4, 10)).toBe(0);
  });
});
