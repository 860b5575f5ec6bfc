// The running command's pane: its spinner and timer step by themselves while the command is
// quiet (the pane's clock renders when nothing else did for 250 ms).
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { LiveOutputPane } from '../../src/ui/components/live-output.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe('live output pane', () => {
  it('steps its spinner with no new output, and shows the last lines', async () => {
    const live = { stepId: 's', commandId: 'c', lines: ['first', 'last line'], totalLines: 2, totalBytes: 16, startedAt: Date.now() };
    const inst = render(<LiveOutputPane live={live} command={undefined} width={60} height={5} />);
    const spinner = (): string | undefined => SPINNER.exec(inst.lastFrame() ?? '')?.[0];
    const first = spinner();
    expect(first).toBeDefined();
    expect(inst.lastFrame()).toContain('last line');
    await vi.waitFor(() => expect(spinner()).not.toBe(first), { timeout: 3000, interval: 20 });
    inst.unmount();
  });
});
