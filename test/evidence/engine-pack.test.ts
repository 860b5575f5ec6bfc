// End to end through the real engine and shell runner: a session recorded by the engine
// exports to a pack that verifies, carries no secret, and shows what was done.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { verifyTarget } from '../../src/evidence/verify.js';
import { loadRunbook } from '../../src/runbook/load.js';
import type { Engine } from '../../src/session/engine.js';
import { startSession } from '../../src/session/open-session.js';
import type { PendingPrompt } from '../../src/session/types.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { DEMO, demoSession } from '../helpers/demo-session.js';

const RUNBOOK = new URL('./fixtures/release.md', import.meta.url).pathname;
const SECRET = 'wdgt-0123456789abcdefSECRET';

let home: string;
let work: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'fd-engine-pack-'));
  work = mkdtempSync(join(tmpdir(), 'fd-engine-pack-out-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Answers whatever the engine asks, the way an operator getting through the release would. */
function answerPrompt(p: PendingPrompt): void {
  const resolve = (a: unknown): void => p.resolve(a as never);
  switch (p.prompt.kind) {
    case 'signoff':
      // a different signer per role, never the operator: four-eyes rules accept it
      return resolve({ name: p.prompt.role ? `${p.prompt.role.toLowerCase().replace(/\W+/g, '-')}-signer` : 'bob', approved: true, comment: 'release 7 done', ...(p.prompt.form.choice ? { choice: p.prompt.form.choice.options[0] } : {}) });
    case 'evidence':
      return resolve({ waived: 'dashboard is down for maintenance' });
    case 'unverified':
      return resolve({ confirmed: true });
    case 'danger':
      return resolve({ confirmed: true });
    case 'params':
      return resolve(Object.fromEntries(p.prompt.params.map((x) => [x.name, 'x'])));
    case 'decision':
      return resolve({ answer: p.prompt.node.answers[0]?.label ?? 'Yes' });
    case 'check-failed':
      return resolve({ action: 'abort' });
    case 'interrupted-command':
      return resolve({ action: 'rerun' });
    case 'runbook-changed':
      return resolve({ proceed: true });
  }
}

/** Walks where the walk goes (the main path, and a branch a decision enters) until no step is left. */
async function walk(engine: Engine): Promise<void> {
  for (let guard = 0; guard < 500; guard++) {
    const at = engine.snapshot().state.currentStepId;
    const step = engine.runbook.steps.find((s) => s.id === at);
    if (!step || engine.snapshot().state.steps[step.id]?.status !== 'pending') return;
    if (step.title.startsWith('Confirm the dashboard')) {
      await engine.skip(step.id, 'dashboard is down for maintenance');
      continue;
    }
    const done = engine.advance(step.id);
    let finished = false;
    void done.finally(() => (finished = true));
    for (let asked = 0; !finished; ) {
      const p = engine.snapshot().prompt;
      if (p) {
        if (++asked > 50) throw new Error(`step ${step.id} keeps asking: ${p.prompt.kind}`);
        answerPrompt(p);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await done;
  }
}

describe('a pack of a session recorded by the engine', () => {
  it('verifies, holds every output with the secret masked, and reports each step', async () => {
    const env = { ...process.env, FLIGHTDECK_HOME: home };
    const runbook = await loadRunbook(RUNBOOK);
    const executor = new ShellExecutor({ mode: 'run', params: runbook.params, interactive: false, secrets: () => [SECRET] });
    const engine = await startSession({
      runbook,
      runbookBytes: readFileSync(RUNBOOK),
      mode: 'run',
      identity: { name: 'alice', source: 'flag' },
      env,
      executor,
      sets: { API_TOKEN: SECRET },
    });
    await walk(engine);
    await engine.finish('completed');
    const id = engine.sessionId;

    const r = await exportSession(id, { env, out: join(work, 'pack') });
    const v = await verifyTarget(r.path, { env });
    expect(v.verdict, v.message).toBe('intact');
    const files = r.manifest.files.map((f) => f.path);
    expect(files.filter((f) => f.startsWith('outputs/')).length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(readFileSync(join(r.path, f), 'latin1'), f).not.toContain(SECRET);

    const md = readFileSync(join(r.path, 'summary.md'), 'utf8');
    expect(md).toContain('# Change evidence: Widget service release 7');
    expect(md).toMatch(/\*\*COMPLETED · 1 deviation\*\*/);
    expect(md).toContain('| Steps | 4 passed, 0 failed, 1 skipped, 0 waived, 0 open |');
    expect(md).toMatch(/\| Show the build we ship \| passed \|/);
    expect(md).toMatch(/\| Confirm the dashboard looks normal \| skipped: dashboard is down for maintenance \|/);
    expect(md).toMatch(/- \*\*skip\*\* in step 4 "Confirm the dashboard looks normal" by alice at .*: dashboard is down for maintenance/);
    expect(md).toMatch(/\| Change manager \| change-manager-signer/);
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html).toContain('2500\n</pre>');
    expect(html).toContain('[REDACTED sha256:');

    const tgz = await exportSession(id, { env, out: join(work, 'pack.tar.gz') });
    expect((await verifyTarget(tgz.path, { env: { ...process.env, FLIGHTDECK_HOME: work } })).verdict).toBe('intact');
  });
});

describe.skipIf(!existsSync(DEMO))('a pack of a rehearsal of the bundled demo runbook', () => {
  it('says REHEARSAL, lists the walked steps, and verifies as a .tar.gz', async () => {
    const env = { ...process.env, FLIGHTDECK_HOME: home };
    const { engine } = await demoSession(env);
    // every first answer: "Error rate above 1%? Yes" enters the rollback, and at its end "End the session (rolled back)"
    await walk(engine);
    expect(engine.closed).toBe('rolled-back');
    const r = await exportSession(engine.sessionId, { env, out: join(work, 'demo.tar.gz') });
    const v = await verifyTarget(r.path, { env });
    expect(v.verdict, v.message).toBe('intact');
    expect(v.message).toContain('(rehearsal, rolled-back)');
    expect(r.report.steps.length).toBeGreaterThan(3);
    expect(r.report.steps.every((s) => s.status === 'rehearsed' || s.status === 'skipped' || s.status === 'not-needed')).toBe(true);
    expect(r.report.steps.flatMap((s) => s.commands).every((c) => c.status === 'would run')).toBe(true);
    const dir = await exportSession(engine.sessionId, { env, out: join(work, 'demo') });
    const md = readFileSync(join(dir.path, 'summary.md'), 'utf8');
    expect(md).toContain('**REHEARSAL (dry run: nothing was executed) · ROLLED BACK');
    const rows = md.split('\n').filter((l) => /^\| \d+ \| /.test(l));
    expect(rows).toHaveLength(r.report.steps.length);
    for (const row of rows) expect(row).toMatch(/ \| (rehearsed|skipped)/);
  });
});

