// A variable the runbook's own blocks set (REVISION_SUFFIX, set by two of three options of
// a choice) is not asked for when the option walked set it: the walk goes on at the chosen
// option right after the choice (never past it), the pre-flight knows every block that sets
// the variable, and only when none of them was walked does it ask, naming them all.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionMode } from '../../src/session/audit-event.js';
import { autopilot, type Replies } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'preflight', 'deploy-options.md'), 'utf8');

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-deployctl-'));
  writeFileSync(join(bin, 'deployctl'), '#!/bin/sh\necho "deployctl $*" >> "$WORK/calls"\n');
  chmodSync(join(bin, 'deployctl'), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const calls = (kit: KitSession): string[] => {
  const file = join(kit.work, 'calls');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
};
const stepId = (kit: KitSession, title: RegExp): string => kit.runbook.steps.find((s) => title.test(s.title))?.id ?? '';

async function walk(option: RegExp, mode: SessionMode, more: Replies = {}): Promise<{ kit: KitSession; unset: string[] }> {
  const kit = await sessionFor(RUNBOOK, { shell: mode === 'run', mode, shellPath: `${bin}:${process.env.PATH ?? ''}` });
  const unset: string[] = [];
  autopilot(kit.engine, {
    decision: (p) => ({ answer: p.node.answers.find((a) => option.test(a.label))?.label ?? '' }),
    preflight: (p) => {
      unset.push(...p.unset.map((u) => `${u.name}: ${[u.stepLabel, ...(u.alsoSetBy ?? []).map((s) => s.stepLabel)].join(' | ')}`));
      return { action: 'run', reason: 'test' };
    },
    ...more,
  });
  for (let i = 0; i < 10 && kit.engine.snapshot().state.currentStepId; i++) await kit.engine.advance(kit.engine.snapshot().state.currentStepId ?? '');
  return { kit, unset };
}

describe('a variable set by the options of a choice', () => {
  it('the reading block knows every block that sets it, nearest first', async () => {
    const kit = await sessionFor(RUNBOOK);
    const read = kit.runbook.steps.find((s) => /Check the new revision/.test(s.title))?.commands[0]?.reads;
    expect(read).toEqual([expect.objectContaining({ name: 'REVISION_SUFFIX', stepId: stepId(kit, /Option C/), alsoSetBy: [stepId(kit, /Option B/)] })]);
    await kit.engine.suspend();
  });

  it('a run that chose the middle option walks it right after the choice, and the check runs on its value without asking', async () => {
    const { kit, unset } = await walk(/Blue-green/, 'run');
    expect(unset).toEqual([]);
    expect(calls(kit)).toEqual(['deployctl build', 'deployctl copy --suffix green-7', 'deployctl show --revision svc--green-7']);
    const starts = kit.events().filter((e) => e.type === 'step.start').map((e) => (e.data as { title: string }).title);
    expect(starts).toEqual(['Step 1: Build', 'Option B: Blue-green', 'Step 3: Check the new revision']);
  });

  it('a rehearsal that chose the middle option asks nothing about REVISION_SUFFIX', async () => {
    const { kit, unset } = await walk(/Blue-green/, 'rehearsal');
    expect(unset).toEqual([]);
    expect(kit.engine.snapshot().state.steps[stepId(kit, /Check the new revision/)]?.status).toBe('rehearsed');
  });

  it('an option that does not set it: the pre-flight names both steps that do', async () => {
    const { kit, unset } = await walk(/Rolling/, 'run');
    expect(unset).toEqual(['REVISION_SUFFIX: 4. Option C: Canary | 3. Option B: Blue-green']);
    expect(calls(kit)).toEqual(['deployctl build', 'deployctl update --rolling', 'deployctl show --revision svc--']);
  });
});
