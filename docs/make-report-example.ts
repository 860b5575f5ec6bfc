// Regenerates docs/report-example.png from a real session of the demo: runbooks/demo.md
// rehearsed with simulated metrics (as `flightdeck rehearse runbooks/demo.md --simulate`),
// walked step by step through the real engine; the canary's monitored wait breaches, the
// raised go / no-go tree is answered with the proposal, the rollback is walked, the session
// ends and is exported; its report.html is screenshot in headless Chromium (Debian's
// `chromium` package) at three places (the head, the step that failed, the decisions with the
// tree drawn). Without Chromium the pack is still written and its path printed.
//   npx tsx docs/make-report-example.ts
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportSession } from '../src/evidence/export.js';
import { sessionEvent } from '../src/session/audit-event.js';
import { parseAuditLog } from '../src/session/audit-read.js';
import type { Prompt } from '../src/session/types.js';
import { demoSession } from '../test/helpers/demo-session.js';
import { autopilot } from '../test/kit/autopilot.js';

const home = mkdtempSync(join(tmpdir(), 'fd-example-'));
const env = { ...process.env, FLIGHTDECK_HOME: home };
const values = { RELEASE_VERSION: '1.2.3', env: 'staging', REGION: 'westeurope', DEMO_TOKEN: 'tok-example-8c1f0a' };
const { engine } = await demoSession(env, { simulate: true, sets: values });

/** The operator's answer to a question: the proposal the data makes, else the safe default, else the first answer. */
function decide(p: Extract<Prompt, { kind: 'decision' }>): { answer: string } {
  return { answer: p.suggested?.answer ?? p.node.safeDefault ?? p.node.answers[0]?.label ?? '' };
}

const pilot = autopilot(engine, {
  params: (p) => Object.fromEntries(p.params.map((x) => [x.name, values[x.name as keyof typeof values] ?? 'example'])),
  danger: { confirmed: true },
  decision: decide,
  // a second person signs (four eyes)
  signoff: { name: 'bob', approved: true },
  evidence: { kind: 'note', value: 'seen on the dashboard' },
  unverified: { confirmed: true, note: 'seen by the operator' },
  'check-failed': { action: 'skip', reason: 'not needed for the example' },
  halted: { resolved: true, note: 'resolved with the team' },
  preflight: { action: 'run', reason: 'rehearsal' },
});

// walk the steps in order, as Enter on each would; the operator ends the session when the
// walk has nothing left or is back at the step that failed (the rollback is done)
await engine.ready;
for (let i = 0; i < 60; i++) {
  const { state } = engine.snapshot();
  const at = state.currentStepId;
  if (at === undefined || engine.closed || state.steps[at]?.status === 'failed') break;
  const before = engine.snapshot().state.seq;
  await engine.advance(at);
  // a step that recorded nothing more would be asked again forever
  if (engine.snapshot().state.seq === before) break;
}
pilot.stop();
await engine.finish('completed');

const raised = parseAuditLog(readFileSync(join(home, 'sessions', engine.sessionId, 'audit.jsonl')))
  .events.map(sessionEvent)
  .some((e) => e.type === 'flow' && e.data.kind === 'raise');
if (!raised) {
  process.stderr.write(`the demo's breach raised no decision (session in ${home}): not regenerating the example\n`);
  process.exit(1);
}

const pack = await exportSession(engine.sessionId, { env, out: join(home, 'pack') });
const report = join(pack.path, 'report.html');
// the step whose wait breached: the view shows its charts
const failed = Object.entries(engine.snapshot().state.steps).find(([, st]) => st.status === 'failed')?.[0];
// one picture of the real report at three places: its head, the step that failed, the decisions with the tree
const parts: [string, number][] = [
  ['', 600],
  ...(failed ? ([[`#step-${failed}`, 820]] as [string, number][]) : []),
  ['#decisions', 760],
];
const href = pathToFileURL(report).href;
const frames = parts.map(([anchor, height], i) => `<iframe src="${href}${anchor}" style="display:block;border:0;${i > 0 ? 'border-top:3px dashed #9aa3ad;' : ''}width:1200px;height:${height}px"></iframe>`);
const view = join(home, 'view.html');
writeFileSync(view, `<!doctype html><html><body style="margin:0;background:#fff">${frames.join('')}</body></html>`);
const png = fileURLToPath(new URL('./report-example.png', import.meta.url));
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium) {
  process.stderr.write(`chromium not found (apt-get install -y chromium); report written to ${report}\n`);
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
    '--hide-scrollbars',
    '--virtual-time-budget=3000',
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'fd-chromium-'))}`,
    `--screenshot=${png}`,
    `--window-size=1200,${parts.reduce((sum, [, h]) => sum + h + 3, 0)}`,
    pathToFileURL(view).href,
  ],
  { stdio: ['ignore', 'ignore', 'ignore'] },
);
process.stdout.write(`${png}\n${report}\n`);
