// Shrinking the terminal below 80x24 mid-session gives the compact layout, drawn cleanly;
// growing it back brings the step list back.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { HAS_TMUX, useTmux, type TmuxSession } from '../helpers/tmux.js';
import { expectCleanScreen, settled } from './drive.js';

const DEMO = join(ROOT, 'runbooks', 'demo.md');

/** One frame, fitted: the header once, the app's rows (one less than the terminal) and nothing left over from a bigger frame. */
function expectFits(screen: string, cols: number, rows: number): void {
  const lines = screen.replace(/\n+$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  expect(screen.match(/DRY RUN/g)).toHaveLength(1);
  expect(screen.match(/⏱/g)).toHaveLength(1);
  for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(cols);
  expectCleanScreen(screen);
}

async function resized(t: TmuxSession, cols: number, rows: number, pattern: RegExp): Promise<string> {
  t.resize(cols, rows);
  await t.waitFor(pattern);
  return settled(t, 80);
}

describe.skipIf(!HAS_TMUX)('terminal resize (tmux)', () => {
  const tmux = useTmux();

  it('below 80x24 the layout turns compact without garbage, and back', async () => {
    const t = tmux.startCli(['rehearse', DEMO], { cols: 100, rows: 30 });
    await t.waitFor('Parameters this runbook needs');
    t.keys('Escape');
    await t.waitFor('○ pending'); // the form is gone, the step detail is back
    t.keys('Enter');
    await t.waitFor('1/13 steps done');
    let screen = await settled(t);
    expect(screen).toMatch(/^▸○ 2\. /m);

    screen = await resized(t, 70, 20, /^ DRY RUN {2}.*1\/13 ⏱/m);
    expectFits(screen, 70, 20);
    expect(screen).not.toMatch(/^ ✓ 1\. /m); // the list steps aside
    expect(screen).not.toContain('steps done'); // the one-line header
    expect(screen).toContain('2. Release parameters confirmed');

    // a prompt in the compact layout, answered, still clean
    t.type('n');
    await t.waitFor('Note ›');
    t.type('small screen\r');
    await t.waitFor('note added');
    expectFits(await settled(t, 80), 70, 20);

    screen = await resized(t, 50, 12, /1\/13 ⏱/);
    expectFits(screen, 50, 12);

    screen = await resized(t, 100, 30, /1\/13 steps done/);
    expectFits(screen, 100, 30);
    expect(screen).toMatch(/^ ✓ 1\. /m);
    expect(screen).toMatch(/^▸○ 2\. /m);
  });
});
