// A monitored wait without a screen (--non-interactive): it runs to its end, or to a
// breach, printing a start line and a line per quarter, never one per sample.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';
import { tempDir } from '../kit/temp.js';

const RUNBOOK = `# Headless wait

### Step 1: Watch the canary

<!-- flightdeck: wait 3m abort-if="error rate > 1%" watch="error rate,p95 latency" every=5s -->

### Step 2: Promote

\`\`\`bash
echo promote
\`\`\`
`;

function runbookFile(): string {
  const file = join(tempDir('fd-wait-headless-'), 'wait.md');
  writeFileSync(file, RUNBOOK);
  return file;
}

describe('a monitored wait, headless', () => {
  it('runs to its end in a simulated rehearsal: a start line, a few progress lines, then the step', async () => {
    const r = await runCli(['rehearse', runbookFile(), '--simulate', '--non-interactive'], { env: { FLIGHTDECK_HOME: tempHome(), FLIGHTDECK_SIMULATE: 'healthy' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const waitLines = lines.filter((l) => l.includes('⏱'));
    expect(waitLines[0]).toBe('  ⏱ Wait 3 min: 3:00, rehearsal ×60; abort on error rate > 1% (annotation)');
    // 36 samples per metric, but at most three progress lines
    expect(waitLines.length).toBeGreaterThanOrEqual(2);
    expect(waitLines.length).toBeLessThanOrEqual(4);
    expect(waitLines.slice(1).every((l) => /^ {2}⏱ \d:\d\d \/ 3:00 · error rate [\d.]+%, p95 latency \d+ms$/.test(l))).toBe(true);
    expect(lines).toContain('[1/2] Step 1: Watch the canary: rehearsed');
    expect(r.stdout).toMatch(/\[2\/2\] Step 2: Promote: rehearsed/);
  });

  it('a breach stops the walk: exit 1 with the breach as the reason, the next step not walked', async () => {
    const r = await runCli(['rehearse', runbookFile(), '--simulate', '--non-interactive'], { env: { FLIGHTDECK_HOME: tempHome(), FLIGHTDECK_SIMULATE: 'breach' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\[1\/2\] Step 1: Watch the canary: FAILED: wait breach: error rate [\d.]+% against error rate > 1% \(Wait 3 min\)/);
    expect(r.stdout).not.toContain('Step 2: Promote');
  });
});
