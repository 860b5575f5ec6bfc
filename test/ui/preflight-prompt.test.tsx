// The pre-flight prompt (issue 12): names each unset variable with the step that sets it,
// and the operator sets it (the parameters form), goes to that step, runs anyway with a
// reason, or says not now (Esc).
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Command } from '../../src/runbook/model.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, type, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const runbook = sampleRunbook();
const step = runbook.steps[3]!;
const command: Command = { id: 'c-shift', line: 30, lang: 'bash', code: 'revctl traffic --to "$NEW_REVISION"', runnable: true, expectations: [], danger: [], params: [] };
const unset = [{ name: 'NEW_REVISION', stepId: 's2', stepLabel: '2. Check cluster health' }];

async function ask(): Promise<{ engine: FakeEngine; answer: Promise<unknown> }> {
  const engine = new FakeEngine(runbook);
  r = await renderApp(engine, { columns: 120, rows: 32 });
  const answer = engine.ask({ kind: 'preflight', step, command, unset });
  await untilShown(r, 'NEW_REVISION is not set: it is set by step 2. Check cluster health');
  return { engine, answer };
}

describe('pre-flight prompt', () => {
  it('sets the value through the parameters form', async () => {
    const { answer } = await ask();
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'set by step 2. Check cluster health');
    await type(r!.stdin, 'rev-9');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'set', values: { NEW_REVISION: 'rev-9' } });
  });

  it('offers to go to the step that sets it', async () => {
    const { answer } = await ask();
    await untilShown(r!, 'go to step 2. Check cluster health');
    await press(r!.stdin, KEY.down);
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'goto', stepId: 's2' });
  });

  it('runs anyway only with a reason', async () => {
    const { answer } = await ask();
    await press(r!.stdin, KEY.down);
    await press(r!.stdin, KEY.down);
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'Run with NEW_REVISION not set');
    await type(r!.stdin, 'tool defaults to latest');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'run', reason: 'tool defaults to latest' });
  });

  it('asked again after "set now" was left empty: says so, and Enter takes the way on (a run: the step that sets it; a rehearsal: walk past it)', async () => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, { columns: 120, rows: 32 });
    const run = engine.ask({ kind: 'preflight', step, command, unset, leftEmpty: true });
    await untilShown(r, 'NEW_REVISION left empty: go to the step that sets it');
    await press(r.stdin, KEY.enter);
    expect(await run).toEqual({ action: 'goto', stepId: 's2' });
    const rehearsal = engine.ask({ kind: 'preflight', step, command, unset, leftEmpty: true, rehearsal: true });
    await untilShown(r, 'NEW_REVISION left empty: rehearse the block');
    await press(r.stdin, KEY.enter);
    await untilShown(r, 'Run with NEW_REVISION not set');
    await type(r.stdin, 'rehearsal: the revision step was not walked');
    await press(r.stdin, KEY.enter);
    expect(await rehearsal).toEqual({ action: 'run', reason: 'rehearsal: the revision step was not walked' });
  });

  it('Esc: not now', async () => {
    const { answer } = await ask();
    await press(r!.stdin, KEY.escape);
    expect(await answer).toEqual({ action: 'cancel' });
  });
});
