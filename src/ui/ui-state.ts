// The TUI's own state (what is open, where the cursors are, the last message): a pure
// reducer. Session state never lives here; it comes from the engine's snapshot.
import type { UiMessage } from './components/status-bar.js';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help'; scroll?: number }
  | { kind: 'skip'; stepId: string }
  | { kind: 'note'; stepId: string | undefined }
  | { kind: 'jump' }
  | { kind: 'undo' }
  | { kind: 'revisions' }
  | { kind: 'quit' }
  | { kind: 'type' }
  | { kind: 'search'; stepId: string }
  | { kind: 'endWait' };

export interface UiState {
  overlay: Overlay;
  /** Cursor and scroll belong to one step; moving to another step starts them at 0. */
  forStep: string | undefined;
  itemCursor: number;
  scroll: number;
  /** Rows the output pane is scrolled up from the end of the output. */
  outputScroll: number;
  /** What the output pane searches for (its matches shown instead of the output). */
  search: string | undefined;
  message: UiMessage | undefined;
  quitting: boolean;
}

export type UiAction =
  | { type: 'open'; overlay: Overlay }
  | { type: 'close' }
  | { type: 'item'; stepId: string; index: number }
  | { type: 'scroll'; stepId: string; delta: number; max: number }
  | { type: 'outputScroll'; stepId: string; delta: number; max: number }
  | { type: 'search'; stepId: string; query: string | undefined }
  | { type: 'message'; message: UiMessage | undefined }
  | { type: 'quitting' };

export const initialUiState: UiState = {
  overlay: { kind: 'none' },
  forStep: undefined,
  itemCursor: 0,
  scroll: 0,
  outputScroll: 0,
  search: undefined,
  message: undefined,
  quitting: false,
};

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'open':
      return { ...state, overlay: action.overlay, message: undefined };
    case 'close':
      return { ...state, overlay: { kind: 'none' } };
    case 'item':
      return { ...forStep(state, action.stepId), itemCursor: action.index };
    case 'scroll': {
      const at = forStep(state, action.stepId);
      return { ...at, scroll: clamp(at.scroll + action.delta, action.max) };
    }
    case 'outputScroll': {
      const at = forStep(state, action.stepId);
      return { ...at, outputScroll: clamp(at.outputScroll + action.delta, action.max) };
    }
    case 'search':
      return { ...forStep(state, action.stepId), search: action.query, outputScroll: 0 };
    case 'message':
      return { ...state, message: action.message };
    case 'quitting':
      return { ...state, quitting: true, overlay: { kind: 'none' } };
    default: {
      const never: never = action;
      return never;
    }
  }
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(max, n));
}

/** The state with its cursors belonging to `stepId` (reset when they belonged to another step). */
function forStep(state: UiState, stepId: string): UiState {
  if (state.forStep === stepId) return state;
  return { ...state, forStep: stepId, itemCursor: 0, scroll: 0, outputScroll: 0, search: undefined };
}

export interface Cursors {
  itemCursor: number;
  scroll: number;
  outputScroll: number;
  search: string | undefined;
}

/** Cursors, scrolls and search as they apply to `stepId`. */
export function cursorsFor(state: UiState, stepId: string | undefined): Cursors {
  return state.forStep === stepId
    ? { itemCursor: state.itemCursor, scroll: state.scroll, outputScroll: state.outputScroll, search: state.search }
    : { itemCursor: 0, scroll: 0, outputScroll: 0, search: undefined };
}

/** The status bar's hint while something is in front: the quit question, a prompt, a one-line entry. */
export function overlayHint(overlay: Overlay, prompting: boolean): string | undefined {
  if (overlay.kind === 'quit') return 'y quit · n stay';
  if (prompting && overlay.kind === 'none') return 'answer the prompt above · ^C quit';
  return overlay.kind !== 'none' && overlay.kind !== 'help' && overlay.kind !== 'revisions' ? 'Enter confirm · Esc cancel · ^C quit' : undefined;
}
