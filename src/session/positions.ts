// Where an id sits in the long lists a session looks things up in for every step (the walk
// plan's order, the runbook's steps): an index built once per list, where a scan per step
// made a long walk quadratic. The lists are never changed once built (a runbook with inserted
// steps is a new list), so the index is kept by the list itself.
import type { Step } from '../runbook/model.js';

const indexes = new WeakMap<readonly unknown[], ReadonlyMap<string, number>>();

function indexOf<T>(list: readonly T[], id: string, idOf: (x: T) => string): number {
  let index = indexes.get(list);
  if (!index) {
    const built = new Map<string, number>();
    // the first of a repeated id, as indexOf finds it
    list.forEach((x, i) => {
      if (!built.has(idOf(x))) built.set(idOf(x), i);
    });
    indexes.set(list, built);
    index = built;
  }
  return index.get(id) ?? -1;
}

/** The position of `id` in a walk plan's order, or -1. */
export function orderIndex(order: readonly string[], id: string): number {
  return indexOf(order, id, (x) => x);
}

/** The position of the step `id` in `steps`, or -1. */
export function stepIndex(steps: readonly Step[], id: string): number {
  return indexOf(steps, id, (s) => s.id);
}

/** The step `id` of `steps`. */
export function stepWithId(steps: readonly Step[], id: string): Step | undefined {
  return steps[stepIndex(steps, id)];
}
