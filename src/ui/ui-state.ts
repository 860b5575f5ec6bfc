// The TUI's own state (what is open, where the cursors are, the last message): a pure
// reducer. Session state never lives here; it comes from the engine's snapshot.
import type { UiMessage } from './components/status-bar.js';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'skip'; stepId: string }
  | { kind: 'note'; stepId: string | undefined }
  | { kind: 'jump' }
  | { kind: 'revisions' }
  | { kind: 'quit' }
  | { kind: 'type' };

export interface UiState {
  overlay: Overlay;
  /** Cursor and scroll belong to one step; moving to another step starts them at 0. */
  forStep: string | undefined;
  itemCursor: number;
  scroll: number;
  message: UiMessage | undefined;
  quitting: boolean;
}

export type UiAction =
  | { type: 'open'; overlay: Overlay }
  | { type: 'close' }
  | { type: 'item'; stepId: string; index: number }
  | { type: 'scroll'; stepId: string; delta: number; max: number }
  | { type: 'message'; message: UiMessage | undefined }
  | { type: 'quitting' };

export const initialUiState: UiState = {
  overlay: { kind: 'none' },
  forStep: undefined,
  itemCursor: 0,
  scroll: 0,
  message: undefined,
  quitting: false,
};

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'open':
      return { ...state, overlay: action.overlay, message: undefined };
    case 'close':
      return { ...state, overlay: { kind: 'none' } };
    case 'item': {
      const scroll = state.forStep === action.stepId ? state.scroll : 0;
      return { ...state, forStep: action.stepId, itemCursor: action.index, scroll };
    }
    case 'scroll': {
      const base = state.forStep === action.stepId ? state.scroll : 0;
      const cursor = state.forStep === action.stepId ? state.itemCursor : 0;
      const scroll = Math.max(0, Math.min(action.max, base + action.delta));
      return { ...state, forStep: action.stepId, itemCursor: cursor, scroll };
    }
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

/** Cursor and scroll as they apply to `stepId`. */
export function cursorsFor(state: UiState, stepId: string | undefined): { itemCursor: number; scroll: number } {
  return state.forStep === stepId ? { itemCursor: state.itemCursor, scroll: state.scroll } : { itemCursor: 0, scroll: 0 };
}
