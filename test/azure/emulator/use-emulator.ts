// One local Azure emulator per test file: started before the file's tests, closed after, and
// before each test cleared of faults and seen requests, then set up by `reset` (apps, metric
// data, long-running operation plan). The returned object stands for the started emulator.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator } from './server.js';

export function useEmulator(reset?: (emu: Emulator) => void): Emulator {
  let started: Emulator | undefined;
  const live = (): Emulator => {
    if (!started) throw new Error('the emulator is used before it started (use it inside a test or a hook)');
    return started;
  };
  beforeAll(async () => {
    started = await startEmulator();
  });
  afterAll(async () => started?.close());
  beforeEach(() => {
    const emu = live();
    emu.clearFaults();
    emu.seen.splice(0);
    reset?.(emu);
  });
  return new Proxy({} as Emulator, {
    get: (_, key) => Reflect.get(live(), key) as unknown,
    set: (_, key, value) => Reflect.set(live(), key, value),
  });
}
