// The built CLI in a real terminal (tmux): what an operator sees on screen.
import { describe, expect, it } from 'vitest';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';

describe.skipIf(!HAS_TMUX)('flightdeck in a real terminal (tmux)', () => {
  const tmux = useTmux();

  it('--help lists every command, fitted to a 100-column terminal', async () => {
    const t = tmux.startCli(['--help']);
    expect(await t.waitForExit()).toBe(0);
    const screen = t.capture();
    expect(screen).toContain('Usage: flightdeck');
    for (const cmd of ['run', 'rehearse', 'lint', 'sessions', 'resume', 'export', 'verify']) {
      expect(screen).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('--help re-wraps to a narrower terminal', async () => {
    const t = tmux.startCli(['--help'], { cols: 60, rows: 40 });
    expect(await t.waitForExit()).toBe(0);
    const screen = t.capture();
    expect(screen).toContain('rehearse');
    expect(t.size()).toEqual({ cols: 60, rows: 40 });
  });

  it('a resize reaches the program running in the pane', async () => {
    const t = tmux.start(['sh', '-c', 'read _ && stty size']);
    t.resize(72, 20);
    t.keys('Enter');
    await t.waitFor(/^20 72$/m);
    expect(await t.waitForExit()).toBe(0);
  });
});
