// Which view takes a key: the one in front (the quit question, an overlay, the engine's
// prompt) or the main screen. The keys themselves live in keymap.ts.
import type { Key } from 'ink';
import { isCtrlC } from './keymap.js';
import type { Overlay } from './ui-state.js';

/** What decides which view takes keys. */
export interface KeyScreen {
  quitting: boolean;
  overlay: Overlay['kind'];
  promptId: number | undefined;
}

/**
 * The layer that takes keys on a screen: the one view in front (the quit question, an
 * overlay, the engine's prompt) or the main screen with the bindings above. The App routes
 * each key by the state now and draws each view under the layer of the state it shows, so
 * a key waits until the screen it belongs to is drawn. Undefined: no keys (saving on quit).
 */
export function keyLayer(s: KeyScreen): string | undefined {
  if (s.quitting) return undefined;
  switch (s.overlay) {
    case 'quit':
      return 'quit';
    case 'help':
      return 'main';
    case 'none':
      return s.promptId === undefined ? 'main' : `prompt:${s.promptId}`;
    case 'skip':
    case 'note':
    case 'undo':
    case 'jump':
    case 'type':
    case 'search':
    case 'revisions':
    case 'endWait':
      return `overlay:${s.overlay}`;
    default: {
      const never: never = s.overlay;
      return never;
    }
  }
}

/** Where a key goes: ^C asks to quit from any layer but the quit question itself. */
export function routeKey(input: string, key: Key, s: KeyScreen): string | undefined {
  const layer = keyLayer(s);
  if (layer !== undefined && layer !== 'quit' && isCtrlC(input, key)) return 'app';
  return layer;
}
