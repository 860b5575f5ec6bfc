// `flightdeck export`: what lands in the pack, how it is protected, and what is refused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { verifyTarget } from '../../src/evidence/verify.js';
import { tarHeaders } from './helpers/pack-tools.js';
import { makeSession, outputStep, type FixtureStep } from './helpers/session-fixture.js';

let home: string;
let work: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'fd-export-home-'));
  work = mkdtempSync(join(tmpdir(), 'fd-export-out-'));
  env = { ...process.env, FLIGHTDECK_HOME: home };
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function walk(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(dir, rel ? `${rel}/${d.name}` : d.name) : [rel ? `${rel}/${d.name}` : d.name],
  );
}

describe('export to a directory', () => {
  it('writes every part of the pack, private, and it verifies', async () => {
    const fx = await makeSession(home);
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect(walk(r.path).sort()).toEqual(['audit.jsonl', 'manifest.json', 'metrics/step-2-1-error-rate.json', 'outputs/s1.log', 'report.html', 'runbook.md', 'summary.md']);
    for (const f of walk(r.path)) expect(statSync(join(r.path, f)).mode & 0o777, f).toBe(0o600);
    expect(statSync(r.path).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(r.path, 'audit.jsonl')).equals(readFileSync(fx.audit))).toBe(true);
    expect(readFileSync(join(r.path, 'runbook.md')).equals(readFileSync(join(fx.dir, 'runbook.md')))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(r.path, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ session: fx.id, mode: 'run', outcome: 'completed', chainHead: { seq: 19, h: fx.events.at(-1)?.h } });
    expect((await verifyTarget(r.path, { env })).verdict).toBe('intact');
    expect(readdirSync(work)).toEqual(['pack']);
  });

  it('writes a summary a change ticket can take: outcome, who, when, duration, steps, deviations, sign-offs', async () => {
    const fx = await makeSession(home);
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    const md = readFileSync(join(r.path, 'summary.md'), 'utf8');
    expect(md).toContain('**COMPLETED · 1 deviation**');
    expect(md).toContain('| Operator | alice on ops-01 |');
    expect(md).toContain('| Started | 2026-11-23 10:00:00 UTC |');
    expect(md).toContain('| Duration | 4 min 30 s |');
    expect(md).toContain('| 1 | Check health | passed |');
    expect(md).toContain('| 2 | Watch the error rate | waived: dashboard not reachable at night |');
    expect(md).toContain('- **waive** in step 2 "Watch the error rate" of dashboard screenshot by alice');
    expect(md).toContain('| Change manager | bob (os) | yes |');
    expect(md).toContain(`| Chain head | seq 19 \`${fx.events.at(-1)?.h}\` |`);
  });

  it('writes one self-contained report.html: folded outputs, checks, decisions, sign-offs, SVG chart, deviations highlighted', async () => {
    const fx = await makeSession(home);
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(|\bsrc=|href="(?!#)/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<details><summary>Output: outputs\/s1\.log \(2 lines, 37 B\)<\/summary><pre>HTTP\/1\.1 200 OK\n\{&quot;status&quot;:&quot;healthy&quot;\}/);
    expect(html).toMatch(/<span class="badge b-pass">pass<\/span> expected <code>200<\/code>, got <code>200<\/code>/);
    expect(html).toMatch(/<svg [^>]*role="img"[^>]*><title>Error rate \(%\)<\/title>/);
    expect(html).toContain('class="threshold"');
    expect(html).toMatch(/<div class="deviation">.*dashboard not reachable at night/);
    expect(html).toContain('<td><strong>Yes</strong></td>');
    expect(html).toContain('<td>Change manager</td><td>bob');
    expect(html).toContain('@media print');
    expect(html).toContain('<tr class="flag-deviation"><td class="seq">13</td>');
  });

  it('escapes runbook and output text in the report', async () => {
    const evil = '<script>alert(1)</script>\n';
    const fx = await makeSession(home, {
      body: [
        { type: 'step.start', data: { stepId: 'x', title: '<img src=x onerror=alert(1)>', line: 1 } },
        { type: 'cmd.start', data: { stepId: 'x', commandId: 'c', script: 'echo "<b>"', resolved: 'echo "<b>"', cwd: '/', env: [], execution: 'run' } },
        outputStep('x', 'c', 'x.log', evil),
        { type: 'cmd.exit', data: { stepId: 'x', commandId: 'c', execution: 'run', exitCode: 0, durationMs: 5 } },
        { type: 'step.end', data: { stepId: 'x', status: 'passed' } },
      ],
      outputs: {},
    });
    writeFileSync(join(fx.dir, 'outputs', 'x.log'), evil);
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('export to .tar.gz', () => {
  it('puts every entry under one folder, files 0600, no links, and it verifies', async () => {
    const fx = await makeSession(home);
    const r = await exportSession(fx.id, { env, out: join(work, 'evidence.tar.gz') });
    const headers = tarHeaders(r.path);
    const root = `flightdeck-evidence-${fx.id}/`;
    expect(headers.every((h) => h.name.startsWith(root) && !h.name.includes('..'))).toBe(true);
    expect(headers.filter((h) => h.type === '0').map((h) => [h.name.slice(root.length), h.mode])).toEqual(
      ['audit.jsonl', 'manifest.json', 'metrics/step-2-1-error-rate.json', 'outputs/s1.log', 'report.html', 'runbook.md', 'summary.md'].map((n) => [n, 0o600]),
    );
    expect(headers.every((h) => h.type === '0' || h.type === '5')).toBe(true);
    expect(statSync(r.path).mode & 0o777).toBe(0o600);
    expect((await verifyTarget(r.path, { env })).verdict).toBe('intact');
    expect(readdirSync(work)).toEqual(['evidence.tar.gz']);
  });

  it('defaults to flightdeck-<id>.tar.gz in the current folder', async () => {
    const fx = await makeSession(home);
    const r = await exportSession(fx.id, { env, cwd: work });
    expect(r.path).toBe(join(work, `flightdeck-${fx.id}.tar.gz`));
    expect(r.format).toBe('tar.gz');
  });
});

describe('export: existing output', () => {
  it('refuses to overwrite without --force and replaces with it', async () => {
    const fx = await makeSession(home);
    const out = join(work, 'p.tar.gz');
    writeFileSync(out, 'old');
    await expect(exportSession(fx.id, { env, out })).rejects.toMatchObject({ exitCode: 2, message: `${out} already exists` });
    expect(readFileSync(out, 'utf8')).toBe('old');
    await exportSession(fx.id, { env, out, force: true });
    expect((await verifyTarget(out, { env })).verdict).toBe('intact');

    const dir = join(work, 'd');
    await exportSession(fx.id, { env, out: dir });
    await expect(exportSession(fx.id, { env, out: dir })).rejects.toThrow(/already exists/);
    await exportSession(fx.id, { env, out: dir, force: true });
    expect((await verifyTarget(dir, { env })).verdict).toBe('intact');
  });

  it('never replaces a folder that is not a pack, even with --force', async () => {
    const fx = await makeSession(home);
    const precious = join(work, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.tex'), 'years of work');
    await expect(exportSession(fx.id, { env, out: precious, force: true })).rejects.toThrow(/is not an evidence pack; refusing to replace it/);
    expect(readFileSync(join(precious, 'thesis.tex'), 'utf8')).toBe('years of work');
  });
});

describe('export: sessions of every outcome', () => {
  it('exports an unfinished session and says so prominently; verify calls it incomplete', async () => {
    const fx = await makeSession(home, { outcome: false });
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect(readFileSync(join(r.path, 'summary.md'), 'utf8')).toMatch(/^# .*\n\n\*\*UNFINISHED \(the session has no end; this is a partial record\)/);
    expect(readFileSync(join(r.path, 'report.html'), 'utf8')).toMatch(/<div class="banner warn">UNFINISHED/);
    expect(r.manifest.outcome).toBe('unfinished');
    expect(readFileSync(join(r.path, 'summary.md'), 'utf8')).toContain('| Steps | 2 passed, 0 failed, 0 skipped, 1 waived, 0 open |');
    const v = await verifyTarget(r.path, { env });
    expect(v.verdict).toBe('incomplete');
    expect(v.message).toMatch(/has no session\.end/);
  });

  it('counts the runbook steps an unfinished session never reached', async () => {
    const { standardBody } = await import('./helpers/session-fixture.js');
    const fx = await makeSession(home, { outcome: false, body: standardBody().slice(0, 8), files: { 's1.log': 'HTTP/1.1 200 OK\n{"status":"healthy"}\n' } });
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect(r.report.steps.map((s) => s.id)).toEqual(['step-1']);
    expect(readFileSync(join(r.path, 'summary.md'), 'utf8')).toContain('| Steps | 1 passed, 0 failed, 0 skipped, 0 waived, 0 open; 2 not reached |');
  });

  it('marks a rehearsal everywhere', async () => {
    const fx = await makeSession(home, { mode: 'rehearsal' });
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect(readFileSync(join(r.path, 'summary.md'), 'utf8')).toContain('**REHEARSAL (dry run: nothing was executed) · COMPLETED');
    expect(readFileSync(join(r.path, 'report.html'), 'utf8')).toContain('<div class="banner rehearsal">REHEARSAL');
    expect(r.manifest.mode).toBe('rehearsal');
  });

  it('shows an aborted session with a failed command, failed check, skipped step and refused sign-off', async () => {
    const body: FixtureStep[] = [
      { type: 'step.start', data: { stepId: 'a', title: 'Deploy', line: 1 } },
      { type: 'cmd.start', data: { stepId: 'a', commandId: 'c', script: 'deploy.sh', resolved: 'deploy.sh', cwd: '/', env: [], execution: 'run' } },
      outputStep('a', 'c', 'a.log', 'error: quota exceeded\n'),
      { type: 'cmd.exit', data: { stepId: 'a', commandId: 'c', execution: 'run', exitCode: 2, durationMs: 800 } },
      { type: 'check', data: { kind: 'expectation', stepId: 'a', commandId: 'c', expected: 'exit 0', actual: 'exit 2', result: 'fail' } },
      { type: 'step.end', data: { stepId: 'a', status: 'failed' } },
      { type: 'step.start', data: { stepId: 'b', title: 'Smoke test', line: 5 } },
      { type: 'deviation', data: { stepId: 'b', kind: 'skip', reason: 'deploy failed' } },
      { type: 'step.end', data: { stepId: 'b', status: 'skipped', reason: 'deploy failed' } },
      { type: 'signoff', data: { stepId: 'b', formId: 'f', role: 'QA', name: 'carol', identitySource: 'typed', approved: false, signedAt: '2026-11-23T10:03:00.000Z' } },
    ];
    const fx = await makeSession(home, { body, outputs: {}, outcome: 'aborted' });
    writeFileSync(join(fx.dir, 'outputs', 'a.log'), 'error: quota exceeded\n');
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    const md = readFileSync(join(r.path, 'summary.md'), 'utf8');
    expect(md).toContain('**ABORTED · 1 step FAILED · 1 deviation**');
    expect(md).toContain('| 1 | Deploy | failed |');
    expect(md).toContain('`c` exit 2; checks fail');
    expect(md).toContain('| 2 | Smoke test | skipped: deploy failed |');
    expect(md).toContain('| QA | carol (typed) | **NO** |');
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html).toContain('<div class="banner bad">ABORTED');
    expect(html).toContain('<span class="badge b-fail">fail</span>');
    expect((await verifyTarget(r.path, { env })).verdict).toBe('intact');
  });

  it('exports the events before a torn last line (a crash) and says so', async () => {
    const fx = await makeSession(home, { outcome: false });
    const { SessionStore } = await import('../../src/session/store.js');
    writeFileSync(fx.audit, Buffer.concat([readFileSync(fx.audit), Buffer.from('{"v":1,"seq":19,"ts":"2026-')]));
    await new SessionStore(env).flush();
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect(r.tornBytes).toBe(27);
    expect(r.manifest.chainHead.seq).toBe(18);
    expect((await verifyTarget(r.path, { env })).verdict).toBe('incomplete');
  });
});

describe('export: refusals', () => {
  it('refuses a pack that would carry an unredacted secret, and leaves nothing behind', async () => {
    const leaked = 'token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz\n';
    const fx = await makeSession(home, { outputs: { 'leak.log': leaked } });
    const out = join(work, 'pack.tar.gz');
    await expect(exportSession(fx.id, { env, out })).rejects.toMatchObject({
      exitCode: 2,
      message: 'outputs/leak.log line 1, column 8 holds what looks like a JSON web token, not redacted; the pack was not written',
    });
    expect(readdirSync(work)).toEqual([]);
  });

  it('lets redacted markers and runbook placeholders through', async () => {
    const fx = await makeSession(home, {
      outputs: { 'ok.log': 'Authorization: Bearer [REDACTED sha256:0123456789ab]\nAccountKey=[REDACTED sha256:ba9876543210]\n' },
      runbook: '# Keys\n\n- [ ] Set `AccountKey=<storage-key>` and `Password=${DB_PASSWORD}`\n',
    });
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect((await verifyTarget(r.path, { env })).verdict).toBe('intact');
  });

  it('refuses to export a session that does not verify (exit 3)', async () => {
    const fx = await makeSession(home);
    writeFileSync(fx.audit, readFileSync(fx.audit, 'utf8').replace('"exitCode":0', '"exitCode":1'));
    await expect(exportSession(fx.id, { env, out: join(work, 'p') })).rejects.toMatchObject({ exitCode: 3 });
    expect(existsSync(join(work, 'p'))).toBe(false);
  });

  it('refuses unknown and path-like session ids (exit 2)', async () => {
    await expect(exportSession('20990101-000000-000000', { env, out: join(work, 'p') })).rejects.toMatchObject({ exitCode: 2, message: 'no session 20990101-000000-000000' });
    await expect(exportSession('../../etc', { env, out: join(work, 'p') })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('export: a realistic canary release (the docs example)', () => {
  it('shows both metric charts, the failed first smoke run unfolded, the rerun, and both sign-offs', async () => {
    const { EXAMPLE_OUTPUTS, EXAMPLE_RUNBOOK, exampleBody } = await import('./helpers/example-session.js');
    const fx = await makeSession(home, { body: exampleBody(), files: EXAMPLE_OUTPUTS, runbook: EXAMPLE_RUNBOOK, endAt: 44, title: 'Checkout API: canary release of v42' });
    const r = await exportSession(fx.id, { env, out: join(work, 'pack.tgz') });
    expect((await verifyTarget(r.path, { env })).verdict).toBe('intact');
    expect(r.report.counts).toEqual({ passed: 7, failed: 0, skipped: 0, waived: 1, rehearsed: 0, 'not-needed': 0, open: 0 });
    expect(r.report.checks).toEqual({ pass: 4, fail: 1, unverified: 1 });
    expect(r.report.steps.find((s) => s.id === 'step-6')?.commands.map((c) => c.status)).toEqual(['exit 1', 'exit 0']);
    expect(r.report.durationMs).toBe(44 * 60_000);
    const dir = await exportSession(fx.id, { env, out: join(work, 'dir') });
    const html = readFileSync(join(dir.path, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<details open><summary>Output: outputs/smoke-1.log (8 lines, 383 B)</summary>');
    expect(html).toContain('<details><summary>Output: outputs/smoke-2.log (8 lines, 364 B)</summary>');
    expect(html).toContain('(confirmed by alice)');
    expect(html).toMatch(/Sign-off: Service owner, carol <span class="badge b-yes">approved<\/span> Success/);
    expect(html).toContain('<strong>Smoke tests (step 6)</strong>');
  });
});

describe('export: a step with a huge output', () => {
  it('keeps the whole spool in outputs/ but only its start and end in report.html', async () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => `line ${i + 1} of the migration log`);
    const big = lines.join('\n') + '\n';
    const body: FixtureStep[] = [
      { type: 'step.start', data: { stepId: 'm', title: 'Migrate', line: 1 } },
      { type: 'cmd.start', data: { stepId: 'm', commandId: 'c', script: './migrate', resolved: './migrate', cwd: '/', env: [], execution: 'run' } },
      outputStep('m', 'c', 'm.log', big),
      { type: 'cmd.exit', data: { stepId: 'm', commandId: 'c', execution: 'run', exitCode: 0, durationMs: 60_000 } },
      { type: 'step.end', data: { stepId: 'm', status: 'passed' } },
    ];
    const fx = await makeSession(home, { body, files: { 'm.log': big } });
    const r = await exportSession(fx.id, { env, out: join(work, 'pack') });
    expect(readFileSync(join(r.path, 'outputs', 'm.log'), 'utf8')).toBe(big);
    const html = readFileSync(join(r.path, 'report.html'), 'utf8');
    expect(html.length).toBeLessThan(200_000);
    expect(html).toContain('line 1 of the migration log\nline 2 of');
    expect(html).toContain('line 300000 of the migration log\n</pre>');
    expect(html).toMatch(/<p class="omitted">\d{6} lines left out here; the full output is outputs\/m\.log in this pack<\/p>/);
  });
});

describe('export: a secret written into the runbook itself', () => {
  it('is refused with a next step about the runbook', async () => {
    const script = 'curl -H "Authorization: Bearer s3cr3tT0kenValue0123456789" https://api.example.test';
    const fx = await makeSession(home, {
      runbook: `# Deploy\n\n- [ ] Log in\n  \`\`\`bash\n  ${script}\n  \`\`\`\n`,
      body: [{ type: 'cmd.start', data: { stepId: 'step-1', commandId: 'c', script, resolved: script, cwd: '/', env: [], execution: 'would-run' } }],
    });
    await expect(exportSession(fx.id, { env, out: join(work, 'p') })).rejects.toMatchObject({
      exitCode: 2,
      message: 'runbook.md line 5, column 34 holds what looks like a bearer token, not redacted; the pack was not written',
      next: expect.stringContaining('take it out of the runbook'),
    });
  });
});
