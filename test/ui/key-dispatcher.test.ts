import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { KeyDispatcher, keyOfChar } from '../../src/ui/key-dispatcher.js';

/** A dispatcher whose "later" and "commit" are run by the test, routing by a settable layer. */
function harness() {
  const tasks: (() => void)[] = [];
  const seen: string[] = [];
  let layer: string | undefined = 'main';
  let commits = 0;
  const d = new KeyDispatcher({
    route: () => layer,
    afterKey: () => commits++,
    later: (run) => tasks.push(run),
  });
  const log = (name: string) => (input: string, key: Key) => seen.push(`${name}:${key.return ? '⏎' : key.ctrl ? `^${input}` : input}`);
  const settle = (): void => {
    for (let i = 0; i < 100 && (tasks.length > 0 || commits > 0); i++) {
      if (commits > 0) {
        commits = 0;
        d.committed();
      }
      tasks.shift()?.();
    }
  };
  return { d, seen, log, settle, setLayer: (l: string | undefined) => (layer = l) };
}

describe('KeyDispatcher', () => {
  it('holds a key for a layer nobody listens on yet and hands it over when its view registers', () => {
    const h = harness();
    h.setLayer('quit');
    h.d.dispatch('y', keyOfChar('y').key);
    expect(h.d.held).toBe(1);
    h.d.register('quit', h.log('quit'));
    h.settle();
    expect(h.seen).toEqual(['quit:y']);
    expect(h.d.held).toBe(0);
  });

  it('splits a read of several plain characters into keys, control characters included', () => {
    const h = harness();
    h.d.register('main', h.log('main'));
    h.d.dispatch('\x03y\r', keyOfChar('x').key);
    h.settle();
    expect(h.seen).toEqual(['main:^c', 'main:y', 'main:⏎']);
  });

  it('gives a text field a typed run as one input, and the Enter after it as a key', () => {
    const h = harness();
    h.d.register('main', h.log('field'), { text: true });
    h.d.dispatch('v1.2\rprod', keyOfChar('x').key);
    h.settle();
    expect(h.seen).toEqual(['field:v1.2', 'field:⏎', 'field:prod']);
  });

  it('sends the next key only after the commit that follows the one before', () => {
    const h = harness();
    h.d.register('main', h.log('main'));
    h.d.dispatch('ab', keyOfChar('x').key);
    expect(h.seen).toEqual(['main:a']);
    h.settle();
    expect(h.seen).toEqual(['main:a', 'main:b']);
  });

  it('drops keys routed nowhere (while quitting) instead of holding them', () => {
    const h = harness();
    h.setLayer(undefined);
    h.d.dispatch('x', keyOfChar('x').key);
    expect(h.d.held).toBe(0);
  });
});
