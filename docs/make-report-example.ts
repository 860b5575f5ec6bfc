// Regenerates docs/report-example.png: exports the example canary session of the tests
// and screenshots its report.html in headless Chromium (Debian's `chromium` package).
//   npx tsx docs/make-report-example.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportSession } from '../src/evidence/export.js';
import { EXAMPLE_OUTPUTS, EXAMPLE_RUNBOOK, exampleBody } from '../test/evidence/helpers/example-session.js';
import { makeSession } from '../test/evidence/helpers/session-fixture.js';

const home = mkdtempSync(join(tmpdir(), 'fd-example-'));
const fx = await makeSession(home, {
  id: '20261123-100000-c4a42e',
  body: exampleBody(),
  files: EXAMPLE_OUTPUTS,
  runbook: EXAMPLE_RUNBOOK,
  endAt: 44,
  title: 'Checkout API: canary release of v42',
  runbookPath: '/home/alice/runbooks/checkout-canary.md',
});
const pack = await exportSession(fx.id, { env: { ...process.env, FLIGHTDECK_HOME: home }, out: join(home, 'pack') });
const report = join(pack.path, 'report.html');
const png = fileURLToPath(new URL('./report-example.png', import.meta.url));
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  process.stderr.write(`chromium not found; report written to ${report}\n`);
  process.exit(1);
}
execFileSync(
  chromium,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'fd-chromium-'))}`,
    `--screenshot=${png}`,
    `--window-size=${process.env.WIDTH ?? 1200},${process.env.HEIGHT ?? 1600}`,
    pathToFileURL(report).href,
  ],
  { stdio: ['ignore', 'ignore', 'ignore'] },
);
process.stdout.write(`${png}\n${report}\n`);
