import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/steps/ring-buffer.js';
import { ScreenChunker } from '../../src/steps/screen-chunks.js';

/** What a consumer that splits on '\n' ends up showing. */
function shown(chunks: string[], max?: number): string {
  const c = new ScreenChunker(max);
  return chunks.map((x) => c.push(x)).join('');
}

describe('screen chunks for the engine live view', () => {
  it('passes whole lines through sanitised and keeps a prompt visible before its newline', () => {
    const c = new ScreenChunker();
    expect(c.push('\x1b]0;title\x07one\n\x1b[32mtwo\x1b[0m\nConfirm: ')).toBe('one\n\x1b[32mtwo\x1b[0m\nConfirm: ');
    expect(c.push('yes\n')).toBe('yes\n');
  });

  it('does not cut an escape sequence split across chunks', () => {
    expect(shown(['a\x1b[3', '1mred\x1b[0m\n'])).toBe('a\x1b[31mred\x1b[0m\n');
    expect(shown(['a\x1b]52;c;', 'eA==\x07b\n'])).toBe('ab\n');
  });

  it('caps a huge line and bounds what it hands on', () => {
    const c = new ScreenChunker(100);
    let total = 0;
    for (let k = 0; k < 1000; k++) total += c.push('y'.repeat(1000)).length;
    const end = c.push('\n');
    expect(total).toBe(100);
    expect(end).toContain('999900 more characters in the log');
  });

  it('turns a carriage-return overwrite into lines, CRLF into one line end', () => {
    expect(shown(['10%', '\r20%', '\r30%\r\n'])).toBe('10%\n20%\n30%\n');
    expect(shown(['a\r', '\nb\r\n'])).toBe('a\nb\n');
  });

  it('splits lines as the ring buffer does; only a progress bar differs (new lines here, one line there)', () => {
    const chunks = ['build\r\n', '10%', '\r20%', '\r', '30%\r\nok\n', 'a\r', '\nb\n'];
    const ring = new RingBuffer({ capacity: 10 });
    for (const c of chunks) ring.push(c);
    expect(ring.lines()).toEqual(['build', '30%', 'ok', 'a', 'b']);
    expect(shown(chunks)).toBe('build\n10%\n20%\n30%\nok\na\nb\n');
  });
});
