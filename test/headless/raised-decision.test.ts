// Headless and a raised decision (issue 13): `--non-interactive` stops where a gate's breach
// raised a decision, with exit 4 and one line naming the question, the proposed answer and the
// data; `run --simulate` is refused (exit 2) with the rehearsal to use instead.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';

const CANARY = join(ROOT, 'test', 'session', 'fixtures', 'raise', 'canary.md');

describe('a raised decision, headless', () => {
  it('rehearse --simulate --non-interactive stops at the raised tree with exit 4, the question, the proposal and the data on one line', async () => {
    const home = tempHome();
    const r = await runCli(['rehearse', CANARY, '--simulate', '--non-interactive'], { env: { FLIGHTDECK_HOME: home }, cwd: tempHome('fd-cwd-') });
    expect(r.code).toBe(4);
    const line = r.stdout.split('\n').find((l) => l.includes('needs a person'));
    expect(line).toBe(
      '[2/8] Step 2: Watch the canary: needs a person: decision raised by gate NO-GO: Canary error rate [error rate 1.83% > 1% for 3 samples]: Error Rate > 5%? proposed No (error rate 1.83%, not > 5%)',
    );
  });
});

describe('run --simulate', () => {
  it('is refused with exit 2 and the rehearsal to use instead; no session is opened', async () => {
    const home = tempHome();
    const r = await runCli(['run', CANARY, '--simulate', '--non-interactive'], { env: { FLIGHTDECK_HOME: home }, cwd: tempHome('fd-cwd-') });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `flightdeck: run --simulate is refused: a real run judges its gates on real metrics, never on simulated ones; practise the runbook with simulated metrics with \`flightdeck rehearse ${CANARY} --simulate\` (nothing is executed)`,
    );
    const list = await runCli(['sessions', '--json'], { env: { FLIGHTDECK_HOME: home } });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
