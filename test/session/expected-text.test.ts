// A plain `# Expected: text` (issue 12): the output containing the text passes the check
// with no question; only output without it goes to the operator, who may still confirm it.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const runbook = (say: string, expected: string): string =>
  ['# Greeting', '', '## Step 1: Say it', '', '```bash', `echo "${say}"`, `# Expected: ${expected}`, '```', ''].join('\n');

describe('a plain # Expected: text', () => {
  it('is a contains check that asks the operator when not found', () => {
    const [exp] = parseRunbook(runbook('hello from sub', 'hello from sub'), 'r.md').steps[0]?.commands[0]?.expectations ?? [];
    expect(exp?.check).toEqual({ kind: 'text', text: 'hello from sub', orAsk: true });
  });

  it('passes when the output contains it, without asking anybody', async () => {
    const kit = await sessionFor(runbook('well, hello from sub today', 'hello from sub'), { shell: true });
    const pilot = autopilot(kit.engine, { unverified: { confirmed: false } });
    const step = kit.runbook.steps[0]!;
    await kit.engine.advance(step.id);
    pilot.stop();
    expect(pilot.asked).toEqual([]);
    expect(kit.engine.snapshot().state.steps[step.id]?.status).toBe('passed');
    const check = kit.events().find((e) => e.type === 'check' && (e.data as { expected?: string }).expected === 'hello from sub');
    expect(check?.data).toMatchObject({ result: 'pass' });
  });

  it('goes to the operator (not failed) when the output does not contain it', async () => {
    const kit = await sessionFor(runbook('goodbye', 'hello from sub'), { shell: true });
    const pilot = autopilot(kit.engine, { unverified: { confirmed: true } });
    const step = kit.runbook.steps[0]!;
    await kit.engine.advance(step.id);
    pilot.stop();
    expect(pilot.asked.map((p) => p.kind)).toEqual(['unverified']);
    expect(kit.engine.snapshot().state.steps[step.id]?.status).toBe('passed');
    const check = kit.events().find((e) => e.type === 'check' && (e.data as { expected?: string }).expected === 'hello from sub');
    expect(check?.data).toMatchObject({ result: 'unverified', confirmedBy: 'alice' });
  });
});
