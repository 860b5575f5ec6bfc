// A script run with arguments (issue 12): its positional arguments ($1, ${2:-shallow}) are
// asked like parameters, with their defaults, recorded with the command, and passed to the
// script as its own argv. A script kept for later ("Save as purge.sh") is not run.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { answer } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'scripts', 'cache-tools.md'), 'utf8');

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-cachectl-'));
  writeFileSync(join(bin, 'cachectl'), '#!/bin/sh\necho "cachectl $*" >> "$WORK/calls"\n');
  chmodSync(join(bin, 'cachectl'), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const open = (sets?: Record<string, string>): Promise<KitSession> =>
  sessionFor(RUNBOOK, { shell: true, shellPath: `${bin}:${process.env.PATH ?? ''}`, ...(sets ? { sets } : {}) });

function calls(kit: KitSession): string[] {
  const file = join(kit.work, 'calls');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

describe('script arguments', () => {
  it('asks for them like parameters (named, default filled in), passes them as $1 $2 and records them', async () => {
    const kit = await open();
    const step = kit.runbook.steps[0]!;
    const done = kit.engine.advance(step.id);
    const prompt = await answer(kit.engine, 'params', { 'REGION ($1)': 'eu-west', 'DEPTH ($2)': '' });
    await done;
    expect(prompt.params.map((p) => [p.name, p.default])).toEqual([
      ['REGION ($1)', undefined],
      ['DEPTH ($2)', 'shallow'],
    ]);
    expect(calls(kit)).toEqual(['cachectl warm --region eu-west --depth shallow']);
    expect(kit.events().find((e) => e.type === 'cmd.start')?.data).toMatchObject({ args: ['eu-west', 'shallow'] });
    expect(kit.engine.snapshot().state.steps[step.id]?.status).toBe('passed');
  });

  it('headless: a value set under the argument\'s name is used without asking; a script kept for later is not run', async () => {
    const kit = await open({ REGION: 'us-east' });
    const lines: string[] = [];
    await runHeadless(kit.engine, { write: (l) => lines.push(l) });
    expect(lines[0]).toBe('[1/2] Step 1: Warm the cache: passed');
    expect(calls(kit)).toEqual(['cachectl warm --region us-east --depth shallow']);
  });

  it('headless: an argument without a value or default stops with exit 4 naming it', async () => {
    const kit = await open();
    const lines: string[] = [];
    const code = await runHeadless(kit.engine, { write: (l) => lines.push(l) });
    expect(code).toBe(4);
    expect(lines[0]).toContain('missing parameters REGION ($1), DEPTH ($2)');
    expect(calls(kit)).toEqual([]);
  });
});
