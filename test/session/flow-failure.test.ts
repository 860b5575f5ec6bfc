// What the previous command says about the flow (issue 12): a guard's question about failing is
// proposed from the command the step ran (its exit code, its checks) with why; and a step that
// failed with no decision tied to it offers the runbook's Troubleshooting / Rollback section.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { sessionEvent } from '../../src/session/audit-event.js';
import { contingencyOffers } from '../../src/session/contingency-offer.js';
import type { Prompt } from '../../src/session/types.js';
import { answer, autopilot, nextPrompt } from '../kit/autopilot.js';
import { sessionFor, type KitSession } from '../kit/session.js';

type DecisionPrompt = Extract<Prompt, { kind: 'decision' }>;

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-flow-failure-'));
  // records its calls; its "check" fails with exit 3 while $WORK/down exists, its "fix" removes it
  for (const tool of ['tplctl', 'svcctl']) {
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "$WORK/calls"\n[ "$1" = check ] && [ -e "$WORK/down" ] && exit 3\n[ "$1" = fix ] && rm -f "$WORK/down"\nexit 0\n`);
    chmodSync(join(bin, tool), 0o755);
  }
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

async function open(text: string, down: boolean): Promise<KitSession> {
  const kit = await sessionFor(text, { shell: true, shellPath: `${bin}:${process.env.PATH ?? ''}` });
  if (down) writeFileSync(join(kit.work, 'down'), '');
  return kit;
}

const calls = (kit: KitSession): string[] => {
  const file = join(kit.work, 'calls');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
};

const TEMPLATE = [
  '# Template release',
  '',
  '## Step 1: Validate the template',
  '',
  '```bash',
  'tplctl check template.json',
  '```',
  '',
  '**If validation fails:**',
  '',
  '```bash',
  'tplctl fix template.json',
  '```',
  '',
  '## Step 2: Deploy the template',
  '',
  '```bash',
  'tplctl deploy template.json',
  '```',
  '',
].join('\n');

describe('a guard judged from the command before it', () => {
  it('the command passed: "Validation fails?" is proposed No with why, and No skips the fix', async () => {
    const kit = await open(TEMPLATE, false);
    const asked: DecisionPrompt[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        asked.push(p);
        return { answer: 'No' };
      },
    });
    for (let i = 0; i < 3 && kit.engine.snapshot().state.currentStepId; i++) await kit.engine.advance(kit.engine.snapshot().state.currentStepId!);
    pilot.stop();
    expect(asked.map((p) => p.node.question)).toEqual(['Validation fails?']);
    expect(asked[0]?.suggested?.answer).toBe('No');
    expect(asked[0]?.suggested?.why).toMatch(/exit 0/);
    const d = kit.events().map(sessionEvent).flatMap((e) => (e.type === 'decision' ? [e.data] : []))[0];
    expect(d?.suggested?.answer).toBe('No');
    expect(calls(kit)).toEqual(['tplctl check template.json', 'tplctl deploy template.json']);
  });

  it('the command failed: the raised question is proposed Yes, naming the failed check', async () => {
    const kit = await open(TEMPLATE, true);
    const done = kit.engine.advance('step-1');
    const prompt = await answer(kit.engine, 'decision', { answer: 'Yes' });
    expect(prompt.node.question).toBe('Validation fails?');
    expect(prompt.suggested?.answer).toBe('Yes');
    expect(prompt.suggested?.why).toMatch(/got exit 3/);
    await done;
    expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('failed');
  });

  it('after the fix the answer entered, the walk validates again before it deploys', async () => {
    const kit = await open(TEMPLATE, true);
    const pilot = autopilot(kit.engine, { decision: { answer: 'Yes' } });
    const walked: string[] = [];
    for (let i = 0; i < 5 && kit.engine.snapshot().state.currentStepId; i++) {
      const id = kit.engine.snapshot().state.currentStepId!;
      walked.push(id);
      await kit.engine.advance(id);
    }
    pilot.stop();
    expect(walked).toEqual(['step-1', 'step-2', 'step-1', 'step-3']);
    expect(calls(kit)).toEqual(['tplctl check template.json', 'tplctl fix template.json', 'tplctl check template.json', 'tplctl deploy template.json']);
    expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('passed');
  });
});

const SERVICE = [
  '# Service restart',
  '',
  '## Step 1: Check the service',
  '',
  '```bash',
  'svcctl check web',
  '```',
  '',
  '## Step 2: Carry on',
  '',
  '```bash',
  'svcctl carry-on web',
  '```',
  '',
  '## Troubleshooting',
  '',
  '```bash',
  'svcctl logs web',
  '```',
  '',
  '## Rollback',
  '',
  '```bash',
  'svcctl rollback web',
  '```',
  '',
].join('\n');

describe('a failed step with no decision tied to it', () => {
  it('offers Troubleshooting and Rollback; opening Troubleshooting walks it and comes back to the failed step', async () => {
    const kit = await open(SERVICE, true);
    const done = kit.engine.advance('step-1');
    const offer = await answer(kit.engine, 'decision', (p) => ({ answer: p.node.answers.find((a) => /troubleshooting/i.test(a.label))?.label ?? '' }));
    await done;
    expect(offer.node.question).toBe('This failed: open Troubleshooting / Rollback?');
    expect(offer.node.answers.map((a) => a.label)).toEqual(['No', 'Open Troubleshooting', 'Open Rollback']);
    expect(offer.node.safeDefault).toBe('No');
    expect(offer.raised?.reason).toBe('check failed: exit code 0 (got exit 3)');
    const events = kit.events().map(sessionEvent);
    expect(events.find((e) => e.type === 'flow' && e.data.kind === 'enter')?.data).toMatchObject({ kind: 'enter', title: 'Troubleshooting', by: 'failure', from: 'step-1' });
    const state = kit.engine.snapshot().state;
    expect(state.steps['step-1']?.status).toBe('failed');
    expect(state.currentStepId).toBe('step-3');
    await kit.engine.advance('step-3');
    expect(calls(kit)).toEqual(['svcctl check web', 'svcctl logs web']);
    // the branch is done: back at the step that failed, the main path's next step untouched
    expect(kit.engine.snapshot().state.currentStepId).toBe('step-1');
    expect(kit.engine.snapshot().state.steps['step-2']?.status).toBe('pending');
  });

  it('"No" leaves the usual choices (retry, pass, skip, abort) and nothing of the contingency runs', async () => {
    const kit = await open(SERVICE, true);
    const done = kit.engine.advance('step-1');
    await answer(kit.engine, 'decision', { answer: 'No' });
    const next = await nextPrompt(kit.engine);
    expect(next.prompt.kind).toBe('check-failed');
    await answer(kit.engine, 'check-failed', { action: 'skip', reason: 'known flake' });
    await done;
    expect(calls(kit)).toEqual(['svcctl check web']);
    expect(kit.engine.snapshot().state.flow.branch).toBeUndefined();
  });
});

describe('which sections a failure offers', () => {
  const PHASES = [
    '# Release',
    '',
    '## Deploy',
    '',
    '### Step 1: Push the image',
    '',
    '```bash',
    'svcctl check push',
    '```',
    '',
    '### Troubleshooting',
    '',
    '```bash',
    'svcctl logs push',
    '```',
    '',
    '## Smoke Tests',
    '',
    '### Step 1: Ping the service',
    '',
    '```bash',
    'svcctl check ping',
    '```',
    '',
    '## Rollback Procedure',
    '',
    '```bash',
    'svcctl rollback web',
    '```',
    '',
    '## Common Troubleshooting',
    '',
    '```bash',
    'svcctl logs web',
    '```',
    '',
  ].join('\n');
  const runbook = parseRunbook(PHASES, 'release.md');
  const step = (title: string) => runbook.steps.find((s) => s.title === title)!;

  it("the phase's own Troubleshooting, else the one standing alone; another phase's is not offered", () => {
    expect(contingencyOffers(runbook, step('Step 1: Push the image')).map((o) => o.title)).toEqual(['Troubleshooting', 'Rollback Procedure']);
    expect(contingencyOffers(runbook, step('Step 1: Ping the service')).map((o) => o.title)).toEqual(['Common Troubleshooting', 'Rollback Procedure']);
  });

  it('the contingency being walked is not offered again', () => {
    const ping = step('Step 1: Ping the service');
    const inside = contingencyOffers(runbook, ping).find((o) => o.title === 'Rollback Procedure')?.sectionId;
    expect(contingencyOffers(runbook, ping, inside).map((o) => o.title)).toEqual(['Common Troubleshooting']);
  });
});

describe('a clean exit that judges nothing', () => {
  it('"Canary fails criteria?" after a metrics query that exited 0 is not proposed', async () => {
    const text = ['# Canary', '', '## Step 1: Watch the canary', '', '```bash', 'svcctl metrics canary', '```', '', '**If the canary fails criteria:**', '', '```bash', 'svcctl rollback canary', '```', ''].join('\n');
    const kit = await open(text, false);
    const done = kit.engine.advance('step-1');
    const prompt = await answer(kit.engine, 'decision', { answer: 'No' });
    await done;
    expect(prompt.node.question).toMatch(/canary fails criteria/i);
    expect(prompt.suggested).toBeUndefined();
  });
});

describe('options inside a contingency', () => {
  const OPTIONS = [
    '# Web release',
    '',
    '## Step 1: Check the web tier',
    '',
    '```bash',
    'svcctl check web',
    '```',
    '',
    '## Step 2: Announce',
    '',
    '```bash',
    'svcctl announce web',
    '```',
    '',
    '## Rollback',
    '',
    '### Option A: Restart the old revision',
    '',
    '```bash',
    'svcctl restart web',
    '```',
    '',
    '### Option B: Restore from backup',
    '',
    '```bash',
    'svcctl restore web',
    '```',
    '',
  ].join('\n');

  it('are one choice: the chosen option runs, the other is not chosen', async () => {
    const kit = await open(OPTIONS, true);
    const questions: string[] = [];
    const pilot = autopilot(kit.engine, {
      decision: (p) => {
        questions.push(p.node.question);
        const pick = p.node.answers.find((a) => /rollback|option a|^end the session/i.test(a.label));
        return { answer: pick?.label ?? 'No' };
      },
      danger: { confirmed: true },
    });
    await kit.engine.advance('step-1');
    for (let i = 0; i < 3 && kit.engine.snapshot().state.flow.branch && kit.engine.snapshot().state.status === 'active'; i++) await kit.engine.advance(kit.engine.snapshot().state.currentStepId!);
    pilot.stop();
    expect(questions).toEqual(['This failed: open Rollback?', 'Rollback: choose one', 'Rollback was walked to its end. End the session, or go on with the main path?']);
    expect(calls(kit)).toEqual(['svcctl check web', 'svcctl restart web']);
    const state = kit.engine.snapshot().state;
    expect(state.steps['step-4']).toMatchObject({ status: 'not-needed', reason: 'not chosen: Option A: Restart the old revision' });
    // the rollback's end: the highlighted answer ends the session; "Announce" never runs
    expect(state.status).toBe('rolled-back');
  });
});
