// The one listener of the terminal: every key goes through the dispatcher, which holds it
// until the view it belongs to is drawn (src/ui/key-dispatcher.ts).
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useInput } from 'ink';
import type { SessionEngine } from '../../session/types.js';
import { KeyDispatcher } from '../key-dispatcher.js';
import { routeKey } from '../key-layer.js';
import type { UiState } from '../ui-state.js';

export function useKeyDispatcher(engine: SessionEngine, uiNow: { readonly current: UiState }): KeyDispatcher {
  const [, keyCommits] = useState(0);
  const keys = useMemo(
    () =>
      new KeyDispatcher({
        route: (input, key) => {
          const u = uiNow.current;
          return routeKey(input, key, { quitting: u.quitting, overlay: u.overlay.kind, promptId: engine.snapshot().prompt?.id });
        },
        afterKey: () => keyCommits((n) => n + 1),
      }),
    [uiNow, engine],
  );
  useLayoutEffect(() => keys.committed());
  useInput(useCallback((input, key) => keys.dispatch(input, key), [keys]));
  return keys;
}
