import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/steps/ring-buffer.js';
import { sanitizeLine } from '../../src/text/sanitize.js';

describe('sanitiser', () => {
  it('keeps SGR colours and closes them at the end of the line', () => {
    expect(sanitizeLine('\x1b[1;32mOK\x1b[0m done')).toBe('\x1b[1;32mOK\x1b[0m done');
    expect(sanitizeLine('\x1b[31mred to the end')).toBe('\x1b[31mred to the end\x1b[0m');
    expect(sanitizeLine('\x1b[38;5;196mx\x1b[m')).toBe('\x1b[38;5;196mx\x1b[m');
  });

  it('drops an OSC 52 clipboard write and a title change, BEL- or ST-terminated', () => {
    expect(sanitizeLine('a\x1b]52;c;ZWNobyBwd25lZA==\x07b')).toBe('ab');
    expect(sanitizeLine('a\x1b]0;evil title\x1b\\b')).toBe('ab');
    expect(sanitizeLine('a\x1b]2;unterminated title')).toBe('a');
  });

  it('drops cursor movement, screen clears and private modes', () => {
    expect(sanitizeLine('x\x1b[2J\x1b[H\x1b[10;20Hy\x1b[?1049h\x1b[?25lz\x1b[3Aw')).toBe('xyzw');
    expect(sanitizeLine('a\x1b[1;31;5;7m\x1b[6nb')).toBe('a\x1b[1;31;5;7mb\x1b[0m');
  });

  it('drops DCS, APC, other ESC sequences and C1 controls', () => {
    expect(sanitizeLine('a\x1bPq#0;2;0;0;0\x1b\\b\x1b_apc\x1b\\c\x1bcd\x1b(Be\x1b7f')).toBe('abcdef');
    expect(sanitizeLine('a\u009b2Jb\u009d0;t\u0007c')).toBe('abc');
  });

  it('drops C0 controls but keeps tabs, and a bare CR keeps what follows it', () => {
    expect(sanitizeLine('a\x00b\x08c\x07d\te')).toBe('abcd\te');
    expect(sanitizeLine('progress 10%\rprogress 100%')).toBe('progress 100%');
    expect(sanitizeLine('windows line\r')).toBe('windows line');
  });
});

describe('screen ring buffer', () => {
  it('holds the last N lines and counts them all', () => {
    const rb = new RingBuffer({ capacity: 3 });
    rb.push('1\n2\n3\n4\n5\n');
    expect(rb.lines()).toEqual(['3', '4', '5']);
    expect(rb.totalLines).toBe(5);
  });

  it('shows the unfinished line (a prompt) last', () => {
    const rb = new RingBuffer({ capacity: 3 });
    rb.push('a\nb\nConfirm: ');
    expect(rb.lines()).toEqual(['a', 'b', 'Confirm: ']);
    rb.push('yes\n');
    expect(rb.lines()).toEqual(['a', 'b', 'Confirm: yes']);
  });

  it('lets a progress bar overwrite its line, CRLF ends a line', () => {
    const rb = new RingBuffer();
    rb.push('10%\r20%\r');
    rb.push('30%');
    expect(rb.lines()).toEqual(['30%']);
    rb.push('\r\nnext\r');
    rb.push('\n');
    expect(rb.lines()).toEqual(['30%', 'next']);
  });

  it('cuts a huge line for the screen with a marker', () => {
    const rb = new RingBuffer({ maxLineChars: 100 });
    for (let k = 0; k < 50; k++) rb.push('x'.repeat(1000));
    rb.push('\nshort\n');
    const [long, short] = rb.lines();
    expect(long?.startsWith('x'.repeat(100))).toBe(true);
    expect(long).toContain('49900 more characters in the log');
    expect(short).toBe('short');
  });

  it('sanitises what it holds', () => {
    const rb = new RingBuffer();
    rb.push('\x1b]52;c;cGFzdGU=\x07ok \x1b[32mgreen\x1b[0m\n');
    expect(rb.lines()).toEqual(['ok \x1b[32mgreen\x1b[0m']);
  });
});

describe('bidi controls', () => {
  it('are shown as visible placeholders on the screen, in output and in runbook or typed text alike', async () => {
    const { plainText, terminalLine, typedChunk } = await import('../../src/ui/text/safe-text.js');
    const line = 'transfer \u202Eevil.exe\u202C to \u2067x\u2069 \u200Fok';
    const shown = '<U+202E>evil.exe<U+202C> to <U+2067>x<U+2069> <U+200F>ok';
    expect(sanitizeLine(line)).toBe(`transfer ${shown}`);
    expect(terminalLine(line)).toBe(`transfer ${shown}`);
    expect(plainText(`# Title\n${line}`)).toBe(`# Title\ntransfer ${shown}`);
    expect(typedChunk('a\u202Eb').text).toBe('a<U+202E>b');
  });

  it('headless and error messages get the same sanitiser, without colour, and redacted', async () => {
    const { printable } = await import('../../src/text/printable.js');
    const text = 'FAILED: got \x1b]0;title\x07\x1b]52;c;cGFzdGU=\x07\x1b[31mred\x1b[0m \u202Eabc token=ghp_a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5a1B2c3\nnext';
    const out = printable(text);
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202E]/);
    expect(out).toMatch(/^FAILED: got red <U\+202E>abc token=\[REDACTED sha256:[0-9a-f]{12}\]\nnext$/);
  });
});
