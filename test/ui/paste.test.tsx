// Pasted text and text with control characters: one read holding "value\r" must submit the
// field with "value" and never put a CR (or any other control) on the screen.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Key } from 'ink';
import { editLine, lineState } from '../../src/ui/text/line-edit.js';
import { cleanDeep, plainText, terminalLine, typedChunk } from '../../src/ui/text/safe-text.js';
import { FakeEngine, makeRunbook, makeStep, sampleRunbook } from './fake-engine.js';
import { KEY, press, until, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const noKey = { return: false, escape: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, tab: false, pageUp: false, pageDown: false, home: false, end: false, backspace: false, delete: false, ctrl: false, shift: false, meta: false } as Key;

describe('typed and pasted text', () => {
  it('a chunk ending in CR submits the text before it; the rest of a multi-line paste is dropped', () => {
    expect(typedChunk('v1\r')).toEqual({ text: 'v1', submit: true });
    expect(typedChunk('first\nsecond\n')).toEqual({ text: 'first', submit: true });
    expect(typedChunk('a\tb\x1b[31mred\x1b]0;title\x07\x08!')).toEqual({ text: 'a bred!', submit: false });
    const r1 = editLine(lineState('ab'), 'cd\r', noKey);
    expect(r1).toEqual({ state: { value: 'abcd', cursor: 4 }, submit: 'abcd' });
  });

  it('a held Backspace (several DEL/BS bytes in one read) erases one character per byte', () => {
    expect(editLine(lineState('secret'), '\x7f\x7f', noKey).state).toEqual({ value: 'secr', cursor: 4 });
    expect(editLine(lineState('ab'), '\b\b\b', noKey).state).toEqual({ value: '', cursor: 0 });
    expect(editLine(lineState('ab'), '\x7fX\r', noKey)).toEqual({ state: { value: 'aX', cursor: 2 }, submit: 'aX' });
  });

  it('editing: cursor keys, backspace in the middle, Ctrl-U, and keys the field leaves to others', () => {
    let s = lineState('héllo');
    s = editLine(s, '', { ...noKey, leftArrow: true }).state;
    s = editLine(s, '', { ...noKey, leftArrow: true }).state;
    s = editLine(s, '', { ...noKey, backspace: true }).state;
    expect(s).toEqual({ value: 'hélo', cursor: 2 });
    s = editLine(s, 'X', noKey).state;
    expect(s.value).toBe('héXlo');
    expect(editLine(s, '', { ...noKey, escape: true }).ignored).toBe(true);
    expect(editLine(s, '', { ...noKey, tab: true }).ignored).toBe(true);
    expect(editLine(s, 'u', { ...noKey, ctrl: true }).state).toEqual({ value: 'lo', cursor: 0 });
  });

  it('display text keeps newlines and colour in output only; every other control is gone', () => {
    expect(plainText('a\r\nb\tc\x1b[2Jd\x07')).toBe('a\nb   cd');
    expect(terminalLine('\x1b[32mok\x1b[0m\x1b[H\x1b]52;c;aGk=\x07 done')).toBe('\x1b[32mok\x1b[0m done');
    const cleaned = cleanDeep({ id: 'x\ry', title: 'T\r\x1b[Kitle', nested: [{ stepId: 'a\tb', text: 'x\x00y' }], f: () => 1 });
    expect(cleaned.id).toBe('x\ry');
    expect(cleaned.title).toBe('Title');
    expect(cleaned.nested[0]).toEqual({ stepId: 'a\tb', text: 'xy' });
    expect(typeof cleaned.f).toBe('function');
  });

  it('params form: "v1\\r" in one read fills the field and moves on, the screen has no CR', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine, { columns: 100, rows: 30 });
    const answer = engine.ask({
      kind: 'params',
      params: [
        { name: 'RELEASE_VERSION', secret: false, forms: ['${RELEASE_VERSION}'], line: 1 },
        { name: 'REGION', secret: false, forms: ['<REGION>'], line: 2 },
      ],
    });
    await untilShown(r, 'RELEASE_VERSION');
    await press(r.stdin, 'v1\r');
    const f = r.frame();
    expect(f).not.toMatch(CONTROL);
    expect(f).toMatch(/RELEASE_VERSION\s+v1/);
    expect(f).toMatch(/› REGION/);
    await press(r.stdin, 'eu-west\r\nignored line\r');
    expect(await answer).toEqual({ RELEASE_VERSION: 'v1', REGION: 'eu-west' });
  });

  it('a pasted skip reason with a line ending skips at once, without the CR', async () => {
    const engine = new FakeEngine(sampleRunbook());
    r = await renderApp(engine);
    await press(r.stdin, 's');
    await press(r.stdin, 'done by hand\r');
    await until(() => expect(engine.callsTo('skip')).toEqual([['s1', 'done by hand']]));
  });

  it('typing into a running command: a pasted line is sent once, cleaned, with one newline', async () => {
    const engine = new FakeEngine(sampleRunbook());
    engine.setLive({ stepId: 's2', commandId: 's2.c1', lines: ['\x1b[33mType YES:\x1b[0m\x1b[2J\r'], totalLines: 1, totalBytes: 20, startedAt: Date.now() });
    r = await renderApp(engine);
    await untilShown(r, 'Type YES:');
    await untilGone(r, '\x1b[2J');
    await press(r.stdin, 'i');
    await press(r.stdin, 'Y\x1bE\x07S\r');
    await until(() => expect(engine.callsTo('sendInput')).toEqual([['YES\n']]));
    await press(r.stdin, KEY.escape);
  });

  it('runbook text with CRs, tabs and escapes never reaches the screen raw', async () => {
    const rb = makeRunbook([
      {
        id: 'sec',
        title: 'Sec\rtion\x1b[2J',
        steps: [makeStep({ id: 'a', title: 'Restart\r the\x07 pods\x1b]0;pwned\x07', sectionId: 'sec', body: 'Line one\r\n\tindented\x1b[1A up' })],
      },
    ]);
    const engine = new FakeEngine(rb);
    r = await renderApp(engine);
    const f = r.frame().replace(/\x1b\[[0-9;]*m/g, '');
    expect(f).not.toMatch(CONTROL);
    expect(f).toContain('Restart the pods');
    expect(f).not.toContain('pwned');
  });
});
