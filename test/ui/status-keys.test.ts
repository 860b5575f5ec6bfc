// The status bar lists only keys that do something now (issue 14).
import { describe, expect, it } from 'vitest';
import { activeBindings, matchAction, type KeyContext } from '../../src/ui/keymap.js';

const idle: KeyContext = {
  running: false,
  hasItems: false,
  stepOpen: true,
  allDone: false,
  finishable: false,
  detailScrolls: false,
  canType: false,
  outputScrolls: false,
  hasOutput: false,
  searching: false,
  hasApp: false,
  canUndo: false,
  waiting: false,
};
const bar = (ctx: KeyContext): string => activeBindings(ctx).map((b) => b.short).join(' · ');
const NO_KEY = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };

describe('the status bar', () => {
  it('offers Enter on an open step only while nothing runs (a gate being sampled counts), and ^C only then', () => {
    expect(bar(idle)).toContain('⏎ run/done');
    expect(bar(idle)).not.toContain('^C');
    const running = { ...idle, running: true };
    expect(bar(running)).not.toContain('⏎');
    expect(bar(running)).toContain('^C cancel');
  });

  it('with a finished output longer than its pane, PgUp/PgDn scroll the output, o and / are offered', () => {
    const ctx = { ...idle, stepOpen: false, detailScrolls: true, outputScrolls: true, hasOutput: true };
    expect(bar(ctx)).toContain('PgUp/PgDn output');
    expect(bar(ctx)).not.toContain('PgUp/PgDn scroll');
    expect(bar(ctx)).toContain('o full output');
    expect(matchAction('', { ...NO_KEY, pageUp: true }, ctx)).toBe('outputUp');
    expect(matchAction('[', NO_KEY, ctx)).toBe('scrollUp');
    expect(matchAction('', { ...NO_KEY, pageUp: true }, { ...ctx, outputScrolls: false })).toBe('scrollUp');
  });
});
