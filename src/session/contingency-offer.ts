// A step that went wrong with no decision the runbook ties to it: the runbook's own
// Troubleshooting and Rollback sections are offered ("This failed: open Troubleshooting /
// Rollback?"), the nearest of each kind. The offer is a decision like any other: "No" (the
// highlighted answer) stays at the failed step; opening a section enters it (by failure), and
// once it is done the walk comes back to the step that failed.
import type { ContingencyKind, Decision, DecisionAnswer, DecisionNode, Runbook, Section, Step } from '../runbook/model.js';
import { walkDecision } from './decision-step.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { RaisedBy } from './types.js';

/** The kinds of section offered, in this order. */
const KINDS: readonly ContingencyKind[] = ['troubleshooting', 'rollback'];

export interface OfferedSection {
  sectionId: string;
  title: string;
  /** Its first step: where the walk enters. */
  stepId: string;
}

function ancestors(sections: ReadonlyMap<string, Section>, sectionId: string): string[] {
  const out: string[] = [];
  for (let cur: string | undefined = sectionId; cur; cur = sections.get(cur)?.parentId) out.push(cur);
  return out;
}

/**
 * The sections to offer when `step` fails: of each kind, the contingency nearest to it (one
 * under the same procedure or phase, the deepest first), else one standing on its own at the
 * top of the runbook. Another phase's Troubleshooting is that phase's business: not offered.
 * `inside` (the contingency being walked) is never offered again.
 */
export function contingencyOffers(runbook: Runbook, step: Step, inside?: string): OfferedSection[] {
  const sections = new Map(runbook.sections.map((s) => [s.id, s]));
  const mine = ancestors(sections, step.sectionId);
  const firsts = new Map<string, Step>();
  for (const s of runbook.steps) {
    if (s.path === 'branch' && s.contingency && s.contingency.sectionId !== inside && !firsts.has(s.contingency.sectionId)) firsts.set(s.contingency.sectionId, s);
  }
  /** Lower is nearer (its parent is a nearer section above the step); undefined: not offered. */
  const rank = (sectionId: string): number | undefined => {
    const parent = sections.get(sectionId)?.parentId;
    if (parent === undefined) return mine.length;
    const at = mine.indexOf(parent);
    return at < 0 ? undefined : at;
  };
  const out: OfferedSection[] = [];
  for (const kind of KINDS) {
    let best: { offer: OfferedSection; rank: number } | undefined;
    for (const [sectionId, first] of firsts) {
      const title = first.contingency?.title ?? first.title;
      const r = first.contingency?.kind === kind ? rank(sectionId) : undefined;
      if (r === undefined || out.some((o) => o.sectionId === sectionId)) continue;
      if (!best || r < best.rank) best = { offer: { sectionId, title, stepId: first.id }, rank: r };
    }
    if (best) out.push(best.offer);
  }
  return out;
}

const STAY = 'No';

/** The offer as a decision: "No" stays, each "Open <section>" leads to its first step. */
export function offerDecision(step: Step, offers: readonly OfferedSection[]): Decision {
  const question = `This failed: open ${offers.map((o) => o.title).join(' / ')}?`;
  const answers: DecisionAnswer[] = [
    { label: STAY, outcome: { kind: 'continue', text: 'stay at the failed step: retry, pass anyway, skip or abort' } },
    ...offers.map((o): DecisionAnswer => ({ label: `Open ${o.title}`, targetStepId: o.stepId, outcome: { kind: 'action', text: 'walk it, then come back to this step', target: { sectionId: o.sectionId, title: o.title } } })),
  ];
  const node: DecisionNode = { line: step.line, question, answers, safeDefault: STAY };
  return { id: `flow:failed:${step.id}`, line: step.line, kind: 'choice', title: 'A step failed', questions: [node] };
}

/**
 * Offers the nearest Troubleshooting / Rollback sections for a step that failed with nothing
 * tied to it. Unattended, or with nothing to offer, nothing is asked. Returns the decision's
 * number when the operator opened one (ctx.jumpTo is then its first step), else undefined.
 */
export async function offerContingency(e: EngineContext, ctx: StepContext, raisedBy: RaisedBy): Promise<number | undefined> {
  if (e.unattended) return undefined;
  const state = e.state();
  const offers = contingencyOffers(e.runbook, ctx.step, state.flow.branch?.sectionId);
  if (offers.length === 0) return undefined;
  const n = state.flow.decisions + 1;
  await walkDecision(e, ctx, offerDecision(ctx.step, offers), { n, raisedBy, enteredBy: 'failure' });
  return ctx.jumpTo ? n : undefined;
}
