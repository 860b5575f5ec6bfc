// The live view of a running command: one RingBuffer over the runner's text, bounded however
// much is printed, sanitised line by line, a progress bar overwriting its line.
import { describe, expect, it } from 'vitest';
import { LiveView } from '../../src/session/live-output.js';

function view() {
  let changes = 0;
  const live = new LiveView(() => changes++);
  return { live, changes: () => changes };
}

describe('live output', () => {
  it('holds the last 500 lines and counts them all, whatever the chunking', () => {
    const { live } = view();
    const window = live.open('s1', 'c1');
    const all = Array.from({ length: 200_000 }, (_, k) => `line ${k + 1}`).join('\n') + '\n';
    for (let at = 0; at < all.length; at += 65_536) window.push(all.slice(at, at + 65_536));
    const out = live.output;
    expect(out?.lines).toHaveLength(500);
    expect(out?.lines.at(-1)).toBe('line 200000');
    expect(out?.lines[0]).toBe('line 199501');
    expect(out?.totalLines).toBe(200_000);
    expect(out?.totalBytes).toBe(Buffer.byteLength(all));
  });

  it('shows an unfinished prompt line, overwrites a progress bar, keeps colour and drops other escapes', () => {
    const { live } = view();
    const window = live.open('s1', 'c1');
    window.push('\x1b]0;title\x07\x1b[32mbuilding\x1b[0m\n10%');
    window.push('\r55%');
    window.push('\r100%\nType YES to go on: ');
    expect(live.output?.lines).toEqual(['\x1b[32mbuilding\x1b[0m', '100%', 'Type YES to go on: ']);
    expect(window.text()).toBe('\x1b[32mbuilding\x1b[0m\n100%\nType YES to go on: ');
  });

  it('cuts a runaway line for the screen and says how much more is in the log', () => {
    const { live } = view();
    const window = live.open('s1', 'c1');
    for (let k = 0; k < 100; k++) window.push('x'.repeat(100_000));
    window.push('\n');
    const [line] = live.output?.lines ?? [];
    expect(line?.length).toBeLessThan(4096 + 100);
    expect(line).toContain(`[line cut for screen: ${100 * 100_000 - 4096} more characters in the log]`);
  });

  it('says "changed" for each chunk and once more when the window closes', () => {
    const { live, changes } = view();
    const window = live.open('s1', 'c1');
    const opened = changes();
    window.push('a\n');
    window.push('b\n');
    expect(changes()).toBe(opened + 2);
    window.close();
    expect(live.output).toBeUndefined();
    expect(changes()).toBe(opened + 3);
  });
});
