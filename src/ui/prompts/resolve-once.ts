import { useCallback, useRef } from 'react';
import type { PendingPrompt, PromptAnswers, PromptKind } from '../../session/types.js';

/** Resolves a prompt at most once, even when keys arrive faster than the engine clears it. */
export function useResolveOnce<K extends PromptKind>(pending: PendingPrompt<K>): (answer: PromptAnswers[K]) => void {
  const done = useRef(false);
  return useCallback(
    (answer: PromptAnswers[K]) => {
      if (done.current) return;
      done.current = true;
      pending.resolve(answer);
    },
    [pending],
  );
}
