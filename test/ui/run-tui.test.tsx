import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { exitCodeFor, runTui } from '../../src/ui/run-tui.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, settle, until } from './keys.js';

// Streams shaped like a terminal, recording what the TUI writes.
class FakeStdout extends EventEmitter {
  columns = 100;
  rows = 30;
  isTTY = false;
  writes: string[] = [];
  write = (s: string): boolean => {
    this.writes.push(s);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function start(engine: FakeEngine) {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const done = runTui(engine, {
    mode: engine.snapshot().state.mode,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  return { stdout, stdin, done };
}

describe('runTui', () => {
  it('quit leaves the session resumable: exit 0 and the resume line printed after the screen', async () => {
    const engine = new FakeEngine(sampleRunbook(), { mode: 'rehearsal' });
    const t = start(engine);
    await settle(100);
    expect(t.stdout.writes.join('')).toContain('Announce the change');
    await press(t.stdin, 'q', 'y');
    expect(await t.done).toBe(0);
    const last = t.stdout.writes[t.stdout.writes.length - 1] ?? '';
    expect(last).toBe('flightdeck: session 20261123-100000-ab12 (rehearsal) paused; resume with: flightdeck resume 20261123-100000-ab12\n');
    expect(engine.callsTo('suspend')).toHaveLength(1);
  });

  it('a completed session exits 0 and says how to export it', async () => {
    const engine = new FakeEngine(sampleRunbook());
    const t = start(engine);
    await settle(100);
    await press(t.stdin, KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    // "all done" must be on screen a moment before Enter ends the session: then it is offered
    await until(() => t.stdout.writes.join('').includes('⏎ finish'));
    await press(t.stdin, KEY.enter);
    expect(await t.done).toBe(0);
    expect(t.stdout.writes[t.stdout.writes.length - 1]).toContain('completed (4 passed); export with: flightdeck export 20261123-100000-ab12');
  });

  it('an aborted session exits 1', async () => {
    const engine = new FakeEngine(sampleRunbook());
    const t = start(engine);
    await settle(100);
    await engine.finish('aborted');
    expect(await t.done).toBe(1);
  });
});

describe('exitCodeFor', () => {
  it('maps how the TUI ended to the documented exit codes', () => {
    expect(exitCodeFor({ kind: 'suspended' }, 0)).toBe(0);
    expect(exitCodeFor({ kind: 'ended', status: 'completed' }, 0)).toBe(0);
    expect(exitCodeFor({ kind: 'ended', status: 'completed' }, 2)).toBe(1);
    expect(exitCodeFor({ kind: 'ended', status: 'aborted' }, 0)).toBe(1);
    expect(exitCodeFor({ kind: 'ended', status: 'interrupted' }, 0)).toBe(130);
  });
});

describe('runTui without a terminal', () => {
  it('refuses with a one-line error that names --non-interactive', async () => {
    const engine = new FakeEngine(sampleRunbook());
    const stdin = new FakeStdin();
    stdin.isTTY = false;
    await expect(
      runTui(engine, { mode: 'run', stdout: new FakeStdout() as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream }),
    ).rejects.toThrow(/needs a terminal/);
    expect(engine.calls).toEqual([]);
  });
});
