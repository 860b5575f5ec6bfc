// A script run with arguments (issue 12): its positional arguments ($1, ${2:-shallow}) are
// asked like parameters, with their defaults, recorded with the command, and passed to the
// script as its own argv. A script kept for later ("Save as purge.sh") is not run.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { answer, autopilot, nextPrompt } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'scripts', 'cache-tools.md'), 'utf8');

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-cachectl-'));
  // fails while $WORK/down exists
  writeFileSync(join(bin, 'cachectl'), '#!/bin/sh\necho "cachectl $*" >> "$WORK/calls"\n[ -e "$WORK/down" ] && exit 1\nexit 0\n');
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

  it('a resumed session runs the script again with the arguments it was given before (from the log), without asking', async () => {
    const kit = await open();
    const step = kit.runbook.steps[0]!;
    writeFileSync(join(kit.work, 'down'), '');
    const first = kit.engine.advance(step.id);
    await answer(kit.engine, 'params', { 'REGION ($1)': 'eu-west', 'DEPTH ($2)': 'deep' });
    // it failed; the operator quits at the question what to do about it
    await nextPrompt(kit.engine);
    expect(kit.engine.snapshot().prompt?.prompt.kind).toBe('check-failed');
    await kit.engine.suspend();
    await first.catch(() => undefined);

    unlinkSync(join(kit.work, 'down'));
    const again = await kit.resume();
    const asked: string[] = [];
    const unsubscribe = again.engine.subscribe(() => {
      const p = again.engine.snapshot().prompt;
      if (p && asked.at(-1) !== `${p.id}`) asked.push(`${p.id}`, p.prompt.kind);
    });
    const pilot = autopilot(again.engine, { 'check-failed': { action: 'retry' } });
    await again.engine.advance(step.id);
    pilot.stop();
    unsubscribe();
    expect(asked.filter((k) => k === 'params')).toEqual([]);
    expect(calls(kit)).toEqual(['cachectl warm --region eu-west --depth deep', 'cachectl warm --region eu-west --depth deep']);
    expect(again.events().filter((e) => e.type === 'cmd.start').map((e) => (e.data as { args?: string[] }).args)).toEqual([
      ['eu-west', 'deep'],
      ['eu-west', 'deep'],
    ]);
    expect(again.engine.snapshot().state.steps[step.id]?.status).toBe('passed');
  });
});
