// A threshold in a block's comments ("# keep time_total < 0.5s") with no metric source is
// judged by eye: the prompt shows the block's last output lines and, per threshold, the values
// that output gives for it (issue 14), instead of "not measured".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../src/runbook/load.js';
import { startSession } from '../../src/session/open-session.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { detailLines } from '../../src/ui/detail-lines.js';
import { answer, tempEnv } from './helpers.js';

const SOURCE = [
  '# Timing fixture',
  '',
  '## Checks',
  '',
  '### Step 1: Response times',
  '',
  '```bash',
  'for i in 1 2 3 4 5 6 7 8 9; do echo "request $i"; echo "time_total:  0.2${i}s"; done',
  'echo "time_total:  0.61s"',
  '# keep time_total < 0.5s and error rate < 1%',
  '```',
  '',
].join('\n');

async function start(source: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-eye-'));
    const file = path.join(dir, 'timing.md');
    writeFileSync(file, source);
    const runbook = await loadRunbook(file);
    const step = runbook.steps.find((s) => s.gates.length > 0);
    if (!step) throw new Error('the fixture has no gate');
    const engine = await startSession({
      runbook,
      runbookBytes: Buffer.from(source),
      mode: 'run',
      identity: { name: 'alice', source: 'flag' },
      env: tempEnv(),
      executor: new ShellExecutor({ mode: 'run', interactive: false }),
    });
    return { engine, step };
}

describe('a threshold gate judged by eye', () => {
  it('shows the output tail and the values seen for a metric the output names', async () => {
    const { engine, step } = await start(SOURCE);
    const walk = engine.advance(step.id);
    const p = await answer(engine, 'unverified', { confirmed: true });
    await walk;
    if (p.kind !== 'unverified') throw new Error(p.kind);
    expect(p.output).toContain('time_total:  0.61s');
    expect(p.thresholds).toEqual([
      { text: expect.stringContaining('time_total'), seen: '10 values 0.21s–0.61s, 1 of 10 crossing the limit' },
      { text: expect.stringContaining('error rate') },
    ]);
    await engine.finish('completed');
  });
});

describe('checks confirmed by eye on the step detail', () => {
  it('show as confirmed, by whom, with the note, for a block expectation and for a gate', async () => {
    const source = SOURCE.replace('# keep time_total', '# Expected: the dashboard shows all requests green\n# keep time_total');
    const { engine, step } = await start(source);
    const walk = engine.advance(step.id);
    const first = await answer(engine, 'unverified', { confirmed: true, note: 'dashboard green at 10:02' });
    expect(first.kind === 'unverified' ? first.expectation.text : '').toMatch(/dashboard shows all requests green/);
    await answer(engine, 'unverified', { confirmed: true, note: 'one slow request, retried fine' });
    await walk;
    const lines = detailLines(step, engine.snapshot().state.steps[step.id], -1, 200, 1).map((l) => l.map((s) => s.text).join(''));
    const at = (t: string): number => lines.findIndex((l) => l.includes(t));
    expect(lines[at('dashboard shows all requests green')]).toMatch(/✔ .*\(confirmed by eye by alice\)/);
    expect(lines[at('dashboard shows all requests green') + 1]).toContain('note: dashboard green at 10:02');
    expect(lines[at('time_total < 0.5s')]).toMatch(/✔ .*\(confirmed by eye by alice\)/);
    expect(lines[at('time_total < 0.5s') + 1]).toContain('note: one slow request, retried fine');
    expect(lines.some((l) => /^\s*\? /.test(l))).toBe(false);
    await engine.finish('completed');
  });
});
