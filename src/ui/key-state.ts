// What a key acts on: the engine's state and the UI's as they are now, not as the last
// render saw them (a key can arrive before the screen caught up with the one before it).
import type { Step } from '../runbook/model.js';
import type { EngineSnapshot, StepState } from '../session/types.js';
import type { DrawnFrame } from './drawn-frame.js';
import { isFinished } from './format.js';
import type { KeyContext } from './keymap.js';
import { cursorsFor, type UiState } from './ui-state.js';

export interface KeyState {
  snap: EngineSnapshot;
  ui: UiState;
  step: Step | undefined;
  stepState: StepState | undefined;
  itemCursor: number;
  ctx: KeyContext;
}

/** `rendered`: the context the last render computed, for what only the screen knows (its layout). */
export function keyStateNow(snap: EngineSnapshot, ui: UiState, rendered: KeyContext, frame: DrawnFrame): KeyState {
  const { runbook } = snap;
  const id = snap.selected ?? snap.state.currentStepId ?? runbook.steps[0]?.id;
  const step = runbook.steps.find((s) => s.id === id);
  const stepState = step ? snap.state.steps[step.id] : undefined;
  const status = stepState?.status ?? 'pending';
  // the steps the walk takes: a contingency section never entered is not owed
  const counted = snap.counted;
  const allDone = counted.length > 0 && counted.every((sid) => isFinished(snap.state.steps[sid]?.status ?? 'pending'));
  const ctx: KeyContext = {
    ...rendered,
    // a gate being sampled is running too: Enter would not start anything, ^C cancels it
    running: snap.live !== undefined || snap.metric !== undefined,
    hasItems: (step?.items.length ?? 0) > 0,
    stepOpen: step !== undefined && (!isFinished(status) || status === 'failed'),
    allDone,
    finishable: allDone && frame.finishable(),
    canUndo: rendered.canUndo && snap.state.flow.undoable !== undefined,
  };
  return { snap, ui, step, stepState, itemCursor: cursorsFor(ui, id).itemCursor, ctx };
}
