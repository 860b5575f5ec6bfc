// Failure dialogs and "check by eye" show what the command printed (its last lines, a long
// line wrapped rather than cut) and, for a gate, each threshold with the value seen (issue 14).
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Command } from '../../src/runbook/model.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const runbook = sampleRunbook();
const step = runbook.steps[1]!;
const command = step.commands[0] as Command;

describe('dialogs show the output', () => {
  it('a failed check shows the last lines of the output, the script\'s own failure line last', async () => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, { columns: 80, rows: 24 });
    const output = [...Array.from({ length: 40 }, (_, i) => `probe ${i} ok`), 'health: FAILED backend 503 on /ready'].join('\n');
    void engine.ask({ kind: 'check-failed', step, command, failures: ['exit code 0 (got exit 1)'], output });
    await untilShown(r, 'health: FAILED backend 503 on /ready');
    const f = r.frame();
    expect(f).toContain('exit code 0 (got exit 1)');
    expect(f).toMatch(/Output \(last \d+ of 41 lines\)/);
    expect(f).toContain('probe 39 ok');
    expect(f).toContain('retry the command');
  });

  it('check by eye wraps a long one-line output instead of cutting it, and lists thresholds with values seen', async () => {
    const engine = new FakeEngine(runbook);
    r = await renderApp(engine, { columns: 80, rows: 24 });
    const json = `{"value":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:05:00Z","errors":${'7'.repeat(20)},"tail":"END-OF-JSON"}}`;
    void engine.ask({
      kind: 'unverified',
      step,
      expectation: { line: 3, text: 'Error budget thresholds', source: 'threshold', check: { kind: 'manual' } },
      output: json,
      thresholds: [{ text: 'error rate < 1%', seen: 'error rate max 0.4%' }, { text: 'P95 latency < 500ms' }],
    });
    await untilShown(r, 'END-OF-JSON');
    const f = r.frame();
    expect(f).toContain('error rate < 1% · seen: error rate max 0.4%');
    expect(f).toContain('P95 latency < 500ms · seen: not measured');
    expect(f).toContain('Does it hold?');
  });
});
