// The interrupted-command prompt when the command is still running (an earlier flightdeck's
// process, found on resume): it names the pid and offers end it, wait for it, leave it.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Command } from '../../src/runbook/model.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const runbook = sampleRunbook();
const step = runbook.steps[1]!;
const command: Command = {
  id: 'c-deploy',
  line: 12,
  lang: 'bash',
  code: 'az deployment group create --name web',
  runnable: true,
  expectations: [],
  danger: [],
  params: [],
};

describe('interrupted-command prompt, command still running', () => {
  it('names the pid and answers end, wait or leave', async () => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, { columns: 120, rows: 32 });
    const running = { pid: 4242, pids: [4242, 4243, 4244] };
    const ask = () => engine.ask({ kind: 'interrupted-command', step, command, running });
    let answer = ask();
    await untilShown(r, '╭');
    await untilShown(r, 'running: pid 4242 (and 2 more processes)');
    await untilShown(r, 'end it (SIGINT, then SIGTERM, then SIGKILL)');
    expect(r.frame()).not.toContain('whether it finished is unknown');
    await press(r.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'end' });

    answer = ask();
    await untilShown(r, '╭');
    await press(r.stdin, KEY.down, KEY.enter);
    expect(await answer).toEqual({ action: 'wait' });

    answer = ask();
    await untilShown(r, '╭');
    await press(r.stdin, KEY.down, KEY.down, KEY.enter);
    expect(await answer).toEqual({ action: 'leave' });
  });
});
