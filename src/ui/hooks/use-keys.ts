// How views take keys: through the App's KeyDispatcher (src/ui/key-dispatcher.ts), never
// through Ink's useInput, whose handlers attach only after a frame is drawn. A view's
// handler registers in a layout effect, in the same commit that draws the view, under the
// layer (prompt, overlay, main screen) the App set around it.
import { createContext, createElement, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Key } from 'ink';
import type { KeyDispatcher, KeyHandler } from '../key-dispatcher.js';

interface KeyScope {
  dispatcher: KeyDispatcher | undefined;
  layer: string;
}

const KeyContext = createContext<KeyScope>({ dispatcher: undefined, layer: 'main' });

/** Provides the dispatcher to the tree (the App, once). */
export function KeyRoot({ dispatcher, children }: { dispatcher: KeyDispatcher; children: ReactNode }) {
  return createElement(KeyContext.Provider, { value: { dispatcher, layer: 'main' } }, children);
}

/** Keys taken by views inside go to `layer`. */
export function KeyLayer({ layer, children }: { layer: string; children: ReactNode }) {
  const { dispatcher } = useContext(KeyContext);
  return createElement(KeyContext.Provider, { value: { dispatcher, layer } }, children);
}

export interface UseKeysOptions {
  /** false: the handler takes no keys (default true). */
  isActive?: boolean;
  /** A text field: takes a run of typed characters as one input. */
  text?: boolean;
  /** The layer, when not the one the App set around the view. */
  layer?: string;
  /** The dispatcher, for the App itself (which is outside its own KeyRoot). */
  dispatcher?: KeyDispatcher;
}

/** Like Ink's useInput, but the key waits for this view rather than being lost before it listens. */
export function useKeys(handler: (input: string, key: Key) => void, opts: UseKeysOptions = {}): void {
  const scope = useContext(KeyContext);
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const layer = opts.layer ?? scope.layer;
  const dispatcher = opts.dispatcher ?? scope.dispatcher;
  const active = opts.isActive !== false;
  const text = opts.text === true;
  useLayoutEffect(() => {
    if (!active || !dispatcher) return undefined;
    const forward: KeyHandler = (input, key) => latest.current(input, key);
    return dispatcher.register(layer, forward, { text });
  }, [dispatcher, layer, active, text]);
}
