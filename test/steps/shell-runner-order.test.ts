// stdout and stderr in the exact order the block wrote them, as a terminal shows them; a
// block whose stdout is read on its own (capture=, JSON, numbers) still gets stdout alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/runbook/model.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { bench, block, type Bench } from './runner-helpers.js';
import { screenFeed } from '../kit/screen.js';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(async () => {
  await b.cleanup();
});

const ALTERNATE = 'for i in $(seq 1000); do echo "out $i"; echo "err $i" >&2; done';
const expected = Array.from({ length: 1000 }, (_, k) => [`out ${k + 1}`, `err ${k + 1}`]).flat();

describe('the order of stdout and stderr', () => {
  it('keeps 1000 alternating stdout and stderr lines strictly alternating in the spool and on screen', async () => {
    const spoolPath = join(b.dir, 'order.log');
    const screen = screenFeed();
    const run = b.runner.start({ command: block(ALTERNATE), env: b.env, cwd: b.dir, spoolPath, onText: screen.onText });
    const r = await run.done;
    expect(r.exitCode).toBe(0);
    expect(readFileSync(spoolPath, 'utf8').split('\n').slice(0, -1)).toEqual(expected);
    expect(r.output.split('\n').slice(0, -1)).toEqual(expected);
    expect(screen.lines().filter(Boolean).slice(-4)).toEqual(['out 999', 'err 999', 'out 1000', 'err 1000']);
  });

  it('keeps stdout on its own when the block asks for it, with everything still in the spool', async () => {
    const spoolPath = join(b.dir, 'apart.log');
    const r = await b.runner.run(block('echo "warning: deprecated" >&2; echo \'{"state":"Running"}\''), b.env, b.dir, undefined, undefined, { spoolPath, stdoutApart: true });
    expect(r.stdout).toBe('{"state":"Running"}\n');
    expect(readFileSync(spoolPath, 'utf8').split('\n').sort()).toEqual(['', 'warning: deprecated', '{"state":"Running"}']);
  });

  it('captures stdout alone for capture= and checks a JSON field on stdout despite warnings on stderr', async () => {
    const ex = new ShellExecutor({ mode: 'run', graceMs: 100, baseEnv: { PATH: process.env.PATH, HOME: b.dir } });
    const command: Command = {
      id: 'rev',
      line: 1,
      lang: 'bash',
      code: 'echo "WARNING: az is old" >&2; echo \'{"name":"app--rev-7"}\'',
      runnable: true,
      capture: 'REV',
      expectations: [{ line: 1, text: 'name is app--rev-7', source: 'comment', check: { kind: 'json-field', path: 'name', equals: 'app--rev-7' } }],
      danger: [],
      params: [],
    };
    const r = await ex.run(command, {}, b.dir, () => undefined, new AbortController().signal, { spoolPath: join(b.dir, 'cap.log'), secretValues: [] });
    expect(r.captured).toBe('{"name":"app--rev-7"}');
    expect(r.checks?.map((c) => c.result)).toEqual(['pass', 'pass']);
    await ex.killAll(100);
  });
});
