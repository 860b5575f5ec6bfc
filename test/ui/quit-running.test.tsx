// The TUI over a real engine and the real shell runner: quitting or cancelling while a
// command runs, checked by the pid of the process the command started.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { parseRunbook } from '../../src/runbook/parse.js';
import type { Engine } from '../../src/session/engine.js';
import { startSession } from '../../src/session/open-session.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { KEY, press, until, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  r?.unmount();
  r = undefined;
  await engine?.suspend().catch(() => undefined);
  engine = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A session whose first step starts a long sleep in the background and waits on it. */
async function sessionWithSleeper(): Promise<{ engine: Engine; pidFile: string; home: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fd-quit-'));
  const home = mkdtempSync(join(tmpdir(), 'fd-home-'));
  const pidFile = join(dir, 'sleep.pid');
  const source = [
    '# Quit test',
    '',
    '## Wait',
    '',
    '### Step 1: Wait for the sleeper',
    '',
    '```bash',
    `sleep 300 & echo $! > ${pidFile}`,
    'echo started',
    'wait',
    '```',
    '',
    '### Step 2: After',
    '',
    'Nothing here.',
    '',
  ].join('\n');
  const file = join(dir, 'runbook.md');
  writeFileSync(file, source);
  const runbook = parseRunbook(source, file);
  const env = { ...process.env, FLIGHTDECK_HOME: home };
  const e = await startSession({
    runbook,
    runbookBytes: Buffer.from(source),
    mode: 'run',
    identity: { name: 'alice', source: 'flag' },
    env,
    executor: new ShellExecutor({ mode: 'run', params: runbook.params, interactive: true, baseEnv: env }),
  });
  return { engine: e, pidFile, home };
}

async function startSleeper(rendered: Rendered, pidFile: string): Promise<number> {
  await press(rendered.stdin, KEY.enter);
  await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
  await untilShown(rendered, 'started');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  expect(alive(pid)).toBe(true);
  return pid;
}

describe('quitting with a command running', () => {
  it('q asks first and says the command will be stopped; n stays and it keeps running; y stops it and leaves no process', async () => {
    const s = await sessionWithSleeper();
    engine = s.engine;
    r = await renderApp(engine);
    const pid = await startSleeper(r, s.pidFile);

    await press(r.stdin, 'q');
    await untilShown(r, 'Quit now?');
    expect(r.frame()).toContain('A command is still running: quitting stops it');
    await press(r.stdin, 'n');
    await untilGone(r, 'Quit now?');
    expect(alive(pid)).toBe(true);
    expect(r.exits).toEqual([]);

    await press(r.stdin, 'q');
    await untilShown(r, 'Quit now?');
    await press(r.stdin, 'y');
    await until(() => r?.exits.length === 1);
    expect(r.exits).toEqual([{ kind: 'suspended' }]);
    expect(engine.closed).toBe('suspended');
    await until(() => !alive(pid), () => `pid ${pid} still alive`);
  });

  it('^C stops the command (the "cancelling" message goes when it has ended); ^C again while it ends asks to quit', async () => {
    const s = await sessionWithSleeper();
    engine = s.engine;
    r = await renderApp(engine);
    const pid = await startSleeper(r, s.pidFile);

    await press(r.stdin, KEY.ctrlC);
    await untilShown(r, 'cancelling the command…');
    await until(() => !alive(pid), () => `pid ${pid} still alive`);
    await untilGone(r, 'cancelling the command…');
    expect(r.frame()).not.toContain('Quit now?');
    expect(r.exits).toEqual([]);

    // the cancelled command is a failed check: retry it, then ^C twice before the screen catches up: the second asks
    await untilShown(r, 'retry the command');
    rmSync(s.pidFile);
    const again = await startSleeper(r, s.pidFile);
    r.stdin.write(KEY.ctrlC);
    r.stdin.write(KEY.ctrlC);
    await untilShown(r, 'Quit now?');
    await press(r.stdin, 'y');
    await until(() => r?.exits.length === 1, () => r?.frame() ?? '');
    expect(r.exits).toEqual([{ kind: 'suspended' }]);
    await until(() => !alive(again), () => `pid ${again} still alive`);
  });
});
