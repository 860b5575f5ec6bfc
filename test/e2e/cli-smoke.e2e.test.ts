// The built CLI in a real terminal (tmux): what an operator sees on screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';

const DEMO = join(ROOT, 'runbooks', 'demo.md');
const AGENT_STUDIO = join(SHARED_RUNBOOKS, 'agent-studio-production.md');

function demoTitle(): string {
  const heading = /^# (.+)$/m.exec(readFileSync(DEMO, 'utf8'));
  if (!heading?.[1]) throw new Error('runbooks/demo.md has no "# " title');
  return heading[1].trim();
}

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
    // nothing ran past the edge for the terminal to wrap
    for (const line of t.capture({ joinWrapped: true }).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('--help re-wraps to a narrower terminal', async () => {
    const t = tmux.startCli(['--help'], { cols: 80, rows: 40 });
    expect(await t.waitForExit()).toBe(0);
    expect(t.size()).toEqual({ cols: 80, rows: 40 });
    // commander wraps descriptions to the terminal (down to a 40-column description)
    const joined = t.capture({ joinWrapped: true });
    expect(joined).toContain('rehearse');
    for (const line of joined.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('a resize reaches the program running in the pane', async () => {
    const t = tmux.start(['sh', '-c', 'read _ && stty size']);
    t.resize(72, 20);
    t.keys('Enter');
    await t.waitFor(/^20 72$/m);
    expect(await t.waitForExit()).toBe(0);
  });

  it('lint runbooks/demo.md shows the demo title and exits 0', async () => {
    const t = tmux.startCli(['lint', DEMO]);
    const code = await t.waitForExit();
    const screen = t.capture({ history: true });
    expect(screen, screen).toContain(demoTitle());
    expect(screen).toMatch(/steps?/i);
    expect(screen).not.toMatch(/at .*\.js:\d+/);
    expect(code).toBe(0);
  });

  it('lint of a missing file prints one error line with a next step and exits 2', async () => {
    const t = tmux.startCli(['lint', 'no-such-runbook.md']);
    expect(await t.waitForExit()).toBe(2);
    const lines = t
      .capture({ joinWrapped: true })
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^flightdeck: .*no-such-runbook\.md/);
  });

  it.skipIf(skipShared())('lint of a shared runbook in a terminal: outline, totals, in colour', async () => {
    const t = tmux.startCli(['lint', AGENT_STUDIO]);
    expect(await t.waitForExit()).toBe(0);
    const screen = t.capture({ history: true });
    expect(screen).toContain('Deployment Procedures - Agent Studio');
    // the outline tree: the rollback's decision tree is a numbered step off the main path
    expect(screen).toMatch(/^\s+\d+\. Rollback Decision Tree \[branch\]$/m);
    expect(screen).toMatch(/\b39 checks\b/);
    // a TTY gets colour; NO_COLOR and pipes (test/helpers/cli.ts) do not
    expect(t.capture({ history: true, escapes: true })).toContain('\u001b[');
  });
});
