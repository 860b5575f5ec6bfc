// Pre-flight (issue 12): a block that reads a variable another step sets (`$NEW_REVISION`,
// exported by "Find the new revision") never runs on an empty value unawares. The operator
// is told which step sets it and sets it, goes there, runs anyway (a deviation), or not now;
// headless stops with exit 4 naming it. A fake `revctl` on PATH records its calls.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeTools } from '../kit/temp.js';
import { runHeadless } from '../../src/headless/run-headless.js';
import { autopilot, answer } from '../kit/autopilot.js';
import { sessionFor, skipTo, type KitSession } from '../kit/session.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, 'fixtures', 'preflight', 'revision-rollout.md'), 'utf8');

// `revctl latest` prints $REVCTL_LATEST (empty when unset); every call is recorded
const bin = useFakeTools({ revctl: 'echo "revctl $*" >> "$WORK/calls"\n[ "$1" = latest ] && printf "%s\\n" "$REVCTL_LATEST"\nexit 0\n' }, 'fd-revctl-');

const open = (latest = 'rev-7'): Promise<KitSession> =>
  sessionFor(latest === '' ? RUNBOOK : RUNBOOK.replace('$(revctl latest)', `$(REVCTL_LATEST=${latest} revctl latest)`), {
    shell: true,
    shellPath: `${bin()}:${process.env.PATH ?? ''}`,
  });

function calls(kit: KitSession): string[] {
  const file = join(kit.work, 'calls');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

const ids = (kit: KitSession) => ({ find: kit.runbook.steps[0]!.id, shift: kit.runbook.steps[1]!.id });

describe('pre-flight of variables another step sets', () => {
  it('parses the read: step 2 reads NEW_REVISION, set by step 1', () => {
    return open().then((kit) => {
      expect(kit.runbook.steps[1]?.commands[0]?.reads).toEqual([{ name: 'NEW_REVISION', stepId: ids(kit).find, commandId: kit.runbook.steps[0]?.commands[0]?.id }]);
    });
  });

  it('asks nothing when the step that sets it ran first', async () => {
    const kit = await open();
    const pilot = autopilot(kit.engine, { preflight: { action: 'cancel' } });
    await kit.engine.advance(ids(kit).find);
    await kit.engine.advance(ids(kit).shift);
    pilot.stop();
    expect(pilot.asked).toEqual([]);
    expect(calls(kit)).toEqual(['revctl latest', 'revctl traffic --to rev-7']);
  });

  it('names the variable and the step that sets it, and does not run the block on "not now"', async () => {
    const kit = await open();
    await skipTo(kit.engine, ids(kit).shift);
    const done = kit.engine.advance(ids(kit).shift);
    const prompt = await answer(kit.engine, 'preflight', { action: 'cancel' });
    await done;
    expect(prompt.unset).toEqual([{ name: 'NEW_REVISION', stepId: ids(kit).find, stepLabel: '1. Step 1: Find the new revision' }]);
    expect(calls(kit)).toEqual([]);
    expect(kit.engine.snapshot().state.steps[ids(kit).shift]?.status).toBe('pending');
    const note = kit.events().find((e) => e.type === 'note' && (e.data as { kind?: string }).kind === 'declined');
    expect((note?.data as { text: string }).text).toBe('not run: NEW_REVISION is not set: it is set by step 1. Step 1: Find the new revision');
  });

  it('asks when the step that sets it left it empty, and runs with the value the operator sets', async () => {
    const kit = await open('');
    await kit.engine.advance(ids(kit).find);
    const done = kit.engine.advance(ids(kit).shift);
    await answer(kit.engine, 'preflight', { action: 'set', values: { NEW_REVISION: 'rev-9' } });
    await done;
    expect(calls(kit)).toEqual(['revctl latest', 'revctl traffic --to rev-9']);
    expect(kit.engine.snapshot().state.steps[ids(kit).shift]?.status).toBe('passed');
    expect(kit.events().find((e) => e.type === 'param.set')?.data).toMatchObject({ name: 'NEW_REVISION', value: 'rev-9', source: 'prompt' });
  });

  it('"set now" left empty asks again saying so, not the same question round and round', async () => {
    const kit = await open('');
    await kit.engine.advance(ids(kit).find);
    const done = kit.engine.advance(ids(kit).shift);
    const first = await answer(kit.engine, 'preflight', { action: 'set', values: { NEW_REVISION: '' } });
    const again = await answer(kit.engine, 'preflight', { action: 'cancel' });
    await done;
    expect(first.leftEmpty).toBeUndefined();
    expect(again.leftEmpty).toBe(true);
    expect(calls(kit)).toEqual(['revctl latest']);
  });

  it('"go to the step" does not run the block and shows the step that sets it', async () => {
    const kit = await open();
    await skipTo(kit.engine, ids(kit).shift);
    const done = kit.engine.advance(ids(kit).shift);
    await answer(kit.engine, 'preflight', { action: 'goto', stepId: ids(kit).find });
    await done;
    expect(calls(kit)).toEqual([]);
    expect(kit.engine.snapshot().selected).toBe(ids(kit).find);
  });

  it('"run anyway" runs it and records the deviation: the step is waived, not passed', async () => {
    const kit = await open();
    await skipTo(kit.engine, ids(kit).shift);
    const done = kit.engine.advance(ids(kit).shift);
    await answer(kit.engine, 'preflight', { action: 'run', reason: 'the tool picks the latest itself' });
    await done;
    expect(calls(kit)).toEqual(['revctl traffic --to']);
    const st = kit.engine.snapshot().state.steps[ids(kit).shift];
    expect(st?.status).toBe('waived');
    expect(st?.reason).toContain('ran with NEW_REVISION not set: the tool picks the latest itself');
  });

  it('headless: stops with exit 4 naming the variable and the step, nothing run', async () => {
    const kit = await open();
    await skipTo(kit.engine, ids(kit).shift);
    const lines: string[] = [];
    const code = await runHeadless(kit.engine, { write: (l) => lines.push(l) });
    expect(code).toBe(4);
    expect(lines[0]).toBe('[2/2] Step 2: Shift traffic to it: needs a person: NEW_REVISION is not set: it is set by step 1. Step 1: Find the new revision (run that step first, or pass --set NAME=value)');
    expect(calls(kit)).toEqual([]);
  });

  it('a rehearsal asks only when the step that sets it was not walked', async () => {
    const kit = await sessionFor(RUNBOOK, { mode: 'rehearsal' });
    const pilot = autopilot(kit.engine, { preflight: { action: 'cancel' } });
    await kit.engine.advance(ids(kit).find);
    await kit.engine.advance(ids(kit).shift);
    pilot.stop();
    expect(pilot.asked).toEqual([]);
    expect(kit.engine.snapshot().state.steps[ids(kit).shift]?.status).toBe('rehearsed');
  });

  it('a rehearsal does not ask when the step that sets it was walked and then failed on its gate', async () => {
    // a rehearsed step fails only after its blocks were walked (a gate, a wait, a check): what they set counts as set
    const gate = '\n```metric\ntitle: Canary errors\nkind: simulated\nmetric: error rate\nunit: \'%\'\nwindow: 3m\ninterval: 1m\nvalues: [0.5, 2, 3, 4]\nabort-if: error rate > 1%\n```\n';
    const kit = await sessionFor(RUNBOOK.replace('## Step 2:', `${gate}\n## Step 2:`), { mode: 'rehearsal', simulate: true });
    // the walk stays on the failed step: going on to step 2 is out of order, and the operator says so
    const pilot = autopilot(kit.engine, { preflight: { action: 'cancel' }, decision: { answer: 'Yes' } });
    await kit.engine.advance(ids(kit).find);
    expect(kit.engine.snapshot().state.steps[ids(kit).find]?.status).toBe('failed');
    await kit.engine.advance(ids(kit).shift);
    pilot.stop();
    expect(pilot.asked.map((p) => p.kind)).not.toContain('preflight');
    expect(kit.engine.snapshot().state.steps[ids(kit).shift]?.status).toBe('rehearsed');
  });
});

describe('the values a dangerous block reads from the session shell', () => {
  const DANGER = `# Revision cut-over

## Step 1: Find the new revision

\`\`\`bash
export NEW_REVISION=$(REVCTL_LATEST=rev-42 revctl latest)
export DEPLOY_TOKEN=ghp_8f3Kd92LmQz71XwPa0RtY5uVb6NcE4sHj2Go
\`\`\`

## Step 2: Send all traffic to it

<!-- flightdeck: danger="sends 100% of traffic" -->
\`\`\`bash
revctl traffic --to "$NEW_REVISION" --weight 100 --token "$DEPLOY_TOKEN"
\`\`\`
`;

  it('are shown in the confirmation (a secret masked), so the operator sees what "$NEW_REVISION" is before typing the word', async () => {
    const kit = await sessionFor(DANGER, { shell: true, shellPath: `${bin()}:${process.env.PATH ?? ''}` });
    await kit.engine.advance(kit.runbook.steps[0]!.id);
    const done = kit.engine.advance(kit.runbook.steps[1]!.id);
    const prompt = await answer(kit.engine, 'danger', { confirmed: false });
    await done;
    expect(prompt.shellValues).toEqual([
      { name: 'NEW_REVISION', value: 'rev-42' },
      { name: 'DEPLOY_TOKEN', value: '••••••' },
    ]);
    expect(calls(kit)).toEqual(['revctl latest']);
  });
});
