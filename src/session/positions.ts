// Where an id sits in the long lists a session looks things up in for every step (the walk
// plan's order, the runbook's steps and their commands): an index built once per list, where
// a scan per step made a long walk quadratic. The lists are never changed once built (a runbook with inserted
// steps is a new list), so the index is kept by the list itself.
import type { Step } from '../runbook/model.js';

const indexes = new WeakMap<readonly unknown[], ReadonlyMap<string, number>>();
const commandIndexes = new WeakMap<readonly Step[], ReadonlyMap<string, number>>();

/** The position of the first item with each id (or each id an item names), built once per list. */
function indexed<T>(cache: WeakMap<readonly T[], ReadonlyMap<string, number>>, list: readonly T[], idsOf: (x: T) => readonly string[]): ReadonlyMap<string, number> {
  let index = cache.get(list);
  if (!index) {
    const built = new Map<string, number>();
    // the first of a repeated id, as indexOf finds it
    list.forEach((x, i) => {
      for (const id of idsOf(x)) if (!built.has(id)) built.set(id, i);
    });
    cache.set(list, built);
    index = built;
  }
  return index;
}

function indexOf<T>(list: readonly T[], id: string, idOf: (x: T) => string): number {
  return indexed(indexes as WeakMap<readonly T[], ReadonlyMap<string, number>>, list, (x) => [idOf(x)]).get(id) ?? -1;
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

/** The step of `steps` a command belongs to. */
export function stepOfCommand(steps: readonly Step[], commandId: string): Step | undefined {
  const at = indexed(commandIndexes, steps, (s) => s.commands.map((c) => c.id)).get(commandId);
  return at === undefined ? undefined : steps[at];
}
