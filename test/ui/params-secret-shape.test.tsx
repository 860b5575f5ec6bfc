// A value that looks secret is masked as it is typed, even under a name that does not say so.
// The form is shown by the App (its keys come through the App's one key dispatcher).
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Param } from '../../src/runbook/model.js';
import type { PromptAnswers } from '../../src/session/types.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, until } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

/** The App asking for `params`; every frame seen after each key is kept. */
async function form(params: Param[]) {
  const engine = new FakeEngine(sampleRunbook());
  const app = await renderApp(engine, { columns: 100, rows: 24 });
  r = app;
  let answer: PromptAnswers['params'] | undefined;
  void engine.ask({ kind: 'params', params }).then((a) => (answer = a));
  const seen: string[] = [];
  const inst = {
    stdin: { write: (d: string) => { app.stdin.write(d); seen.push(app.frame()); } },
    lastFrame: () => { const f = app.frame(); seen.push(f); return f; },
    get frames() { return seen; },
  };
  return { inst, answer: () => answer };
}

/** Types text one character at a time, keeping the frame after each. */
async function type(stdin: { write(d: string): void }, text: string): Promise<void> {
  for (const ch of text) {
    stdin.write(ch);
    await new Promise((res) => setImmediate(res));
  }
}

describe('params form: secrets by shape', () => {
  it('masks DATABASE_URL=postgres://admin:Hunter2Pass@… from the password on, in every frame', async () => {
    const { inst, answer } = await form([
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
    await until(() => inst.lastFrame().includes('westeurope'));
    expect(inst.lastFrame()).toContain('•••••• (set)');
    expect(inst.lastFrame()).toContain('westeurope');
    await press(inst.stdin, KEY.enter);
    await until(() => answer() !== undefined);
    expect(answer()).toEqual({ DATABASE_URL: 'postgres://admin:Hunter2Pass@db.internal:5432/app', REGION: 'westeurope' });
  });

  it('masks a pasted JWT, key block or long random token, and shows ordinary values', async () => {
    const { inst } = await form([
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
