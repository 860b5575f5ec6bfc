// Shared set-up for the shell runner tests: a private temp dir, a runner in it, and a
// plain starting environment.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShellRunner, type RunCommand, type ShellRunnerOptions } from '../../src/steps/shell-runner.js';

export interface Bench {
  dir: string;
  runner: ShellRunner;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export function bench(opts: Partial<ShellRunnerOptions> = {}): Bench {
  const dir = mkdtempSync(join(tmpdir(), 'fd-steps-'));
  const runner = new ShellRunner({ mode: 'run', outputsDir: join(dir, 'outputs'), graceMs: 150, ...opts });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' };
  return {
    dir,
    runner,
    env,
    async cleanup() {
      await runner.killAll(100);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;
export function block(code: string, extra: Partial<RunCommand> = {}): RunCommand {
  n++;
  return { id: `cmd-${n}`, code, lang: 'bash', ...extra };
}

/** A pid is gone when it cannot be signalled or /proc shows it as a zombie. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}
