// A conditional block that ends by pointing into a contingency section ("If the canary fails:
// ... # See [Rollback Procedure](#rollback-procedure) for next steps") hands the walk to that
// section once it ran: the answer that took the block is the answer that rolls back.
import { SectionIndex } from './decisions.js';
import { SectionTree } from './flow.js';
import type { Runbook } from './model.js';

const ANCHOR_LINK = /\]\(#([^)\s]+)\)/g;

/** Sets `leadsTo` on guarded main-path steps whose text links to a contingency section. */
export function linkLeadsTo(runbook: Runbook): void {
  const index = new SectionIndex(runbook.sections);
  const tree = new SectionTree(runbook.sections);
  for (const step of runbook.steps) {
    if (!step.guard || step.path === 'branch') continue;
    const text = [step.body, ...step.commands.map((c) => c.code)].join('\n');
    for (const m of text.matchAll(ANCHOR_LINK)) {
      const section = index.byIdOf(m[1] ?? '');
      const first = section ? runbook.steps.find((s) => s.contingency && tree.within(s.sectionId, section.id)) : undefined;
      if (!first?.contingency) continue;
      step.leadsTo = { sectionId: first.contingency.sectionId, title: first.contingency.title, stepId: first.id };
      break;
    }
  }
}
