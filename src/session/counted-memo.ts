// "n/m done": the steps countedSteps (walk-plan.ts) counts, in every snapshot. The engine
// builds a snapshot per event and countedSteps walks every step, so this keeps its answer
// while nothing it reads has changed: the plan, the branch being walked, the branches
// entered, and whether each step of a branch entered and left is finished.
import type { SessionState } from './types.js';
import { countedSteps, isFinished, type WalkPlan } from './walk-plan.js';

const branchSteps = new WeakMap<WalkPlan, ReadonlyMap<string, readonly string[]>>();

/** The steps of each contingency section in a plan, built once per plan. */
function stepsBySection(plan: WalkPlan): ReadonlyMap<string, readonly string[]> {
  let bySection = branchSteps.get(plan);
  if (!bySection) {
    const built = new Map<string, string[]>();
    for (const [id, lane] of plan.lanes) {
      if (lane.kind !== 'branch') continue;
      const ids = built.get(lane.sectionId) ?? [];
      ids.push(id);
      built.set(lane.sectionId, ids);
    }
    branchSteps.set(plan, built);
    bySection = built;
  }
  return bySection;
}

interface Remembered {
  plan: WalkPlan;
  branch: string | undefined;
  detours: SessionState['flow']['detours'];
  /** Finished or not, each step of the branches entered and left. */
  finished: string;
  counted: string[];
}

export class CountedMemo {
  private last: Remembered | undefined;

  of(state: SessionState, plan: WalkPlan): string[] {
    const { branch, detours } = state.flow;
    const left = new Set(detours.map((d) => d.sectionId));
    if (branch) left.delete(branch.sectionId);
    const bySection = stepsBySection(plan);
    let finished = '';
    for (const sectionId of left) for (const id of bySection.get(sectionId) ?? []) finished += isFinished(state.steps[id]?.status) ? '1' : '0';
    const last = this.last;
    if (last && last.plan === plan && last.branch === branch?.sectionId && last.detours === detours && last.finished === finished) return last.counted;
    const counted = countedSteps(state, plan);
    this.last = { plan, branch: branch?.sectionId, detours, finished, counted };
    return counted;
  }
}
