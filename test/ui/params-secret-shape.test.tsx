// A value that looks secret is masked as it is typed, even under a name that does not say so.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { render } from 'ink-testing-library';
import type { Param } from '../../src/runbook/model.js';
import type { PendingPrompt, PromptAnswers } from '../../src/session/types.js';
import { ParamsForm } from '../../src/ui/prompts/params-form.js';
import { KEY, press, type, until } from './keys.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function form(params: Param[]) {
  let answer: PromptAnswers['params'] | undefined;
  const pending: PendingPrompt<'params'> = { id: 1, prompt: { kind: 'params', params }, resolve: (a) => (answer = a) };
  const inst = render(<ParamsForm pending={pending} width={100} height={20} />);
  unmount = inst.unmount;
  return { inst, answer: () => answer };
}

describe('params form: secrets by shape', () => {
  it('masks DATABASE_URL=postgres://admin:Hunter2Pass@… from the password on, in every frame', async () => {
    const { inst, answer } = form([
      { name: 'DATABASE_URL', secret: false, forms: ['$DATABASE_URL'], line: 1 },
      { name: 'REGION', secret: false, forms: ['$REGION'], line: 2 },
    ]);
    await until(() => inst.lastFrame()?.includes('DATABASE_URL'));
    await type(inst.stdin, 'postgres://admin:Hunter2Pass@db.internal:5432/app');
    await press(inst.stdin, KEY.enter);
    await type(inst.stdin, 'westeurope');
    const frames = inst.frames.join('\n');
    expect(frames).not.toMatch(/Hu(nter)?/);
    expect(frames).not.toContain('db.internal');
    expect(inst.lastFrame()).toContain('•••••• (set)');
    expect(inst.lastFrame()).toContain('westeurope');
    await press(inst.stdin, KEY.enter);
    expect(answer()).toEqual({ DATABASE_URL: 'postgres://admin:Hunter2Pass@db.internal:5432/app', REGION: 'westeurope' });
  });

  it('masks a pasted JWT, key block or long random token, and shows ordinary values', async () => {
    const { inst } = form([
      { name: 'A', secret: false, forms: ['$A'], line: 1 },
      { name: 'B', secret: false, forms: ['$B'], line: 2 },
      { name: 'C', secret: false, forms: ['$C'], line: 3 },
    ]);
    await until(() => inst.lastFrame()?.includes('A'));
    inst.stdin.write('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl');
    await press(inst.stdin, KEY.enter);
    inst.stdin.write('Xk9mQ2vLp7RtY4wZs8NbC3dFq1');
    await press(inst.stdin, KEY.enter);
    inst.stdin.write('rg-Prod-WestEurope-01');
    await until(() => inst.lastFrame()?.includes('rg-Prod-WestEurope-01'));
    const frames = inst.frames.join('\n');
    expect(frames).not.toContain('eyJzdWIi');
    expect(frames).not.toContain('Xk9mQ2vL');
    expect(inst.lastFrame()?.match(/•••••• \(set\)/g)).toHaveLength(2);
  });
});
