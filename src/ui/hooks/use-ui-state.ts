import { useCallback, useRef, useState } from 'react';
import { initialUiState, uiReducer, type UiAction, type UiState } from '../ui-state.js';

/**
 * The UI reducer's state kept in a ref as well: a key handler reads what the previous key
 * did even when Ink has not re-rendered (and re-attached the handlers) in between.
 */
export function useUiState(): [UiState, (action: UiAction) => void, { readonly current: UiState }] {
  const ref = useRef(initialUiState);
  const [state, setState] = useState(initialUiState);
  const dispatch = useCallback((action: UiAction) => {
    const next = uiReducer(ref.current, action);
    if (next === ref.current) return;
    ref.current = next;
    setState(next);
  }, []);
  return [state, dispatch, ref];
}
