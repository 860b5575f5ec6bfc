// metrics/ of a pack made from a real --simulate rehearsal of the demo runbook: one file per
// sampled series, derived from the log's metric events, listed in manifest.json and checked
// by verify (an edited value is tampering, named by file).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/evidence/export.js';
import { verifyTarget } from '../../src/evidence/verify.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { DEMO, demoSession } from '../helpers/demo-session.js';
import { refreshManifest } from './helpers/pack-tools.js';


let home: string;
let work: string;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'fd-metrics-pack-'));
  work = mkdtempSync(join(tmpdir(), 'fd-metrics-pack-out-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

interface SeriesFile {
  seq: number;
  stepId: string;
  metric: string;
  unit?: string;
  source: string;
  verdict: string;
  result: string;
  thresholds: { metric: string; comparator: string; value: number }[];
  samples: { t: string; v: number }[];
}

/** A --simulate rehearsal that samples the demo's canary gate, then a pack of it (`viaCli`: exported by the built CLI). */
async function simulatedPack(viaCli = false): Promise<{ dir: string; id: string; stepId: string; env: NodeJS.ProcessEnv }> {
  const env = { ...process.env, FLIGHTDECK_HOME: home };
  const { engine, canary } = await demoSession(env, { simulate: true });
  // straight to the canary: the steps before it are skipped (running it out of order would ask first)
  for (const step of engine.runbook.steps.slice(0, engine.runbook.steps.indexOf(canary))) {
    if (engine.snapshot().state.currentStepId === step.id) await engine.skip(step.id, 'not part of this test');
  }
  await engine.advance(canary.id);
  await engine.finish('completed');
  const dir = join(work, 'pack');
  if (viaCli) {
    // the CLI that verifies below checks metrics/ of packs its own version exported
    const r = await runCli(['export', engine.sessionId, '--out', dir], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code, r.stderr).toBe(0);
  } else await exportSession(engine.sessionId, { env, out: dir });
  return { dir, id: engine.sessionId, stepId: canary.id, env };
}

describe.skipIf(!existsSync(DEMO))('metrics/ in a pack of a --simulate rehearsal', () => {
  it('holds one file per sampled series, listed in manifest.json, and verifies', async () => {
    const { dir, id, stepId, env } = await simulatedPack();
    const log = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string; data: { samples?: unknown; stepId?: string } });
    const metricEvents = log.filter((e) => e.type === 'metric');
    expect(metricEvents.length).toBeGreaterThanOrEqual(3);
    expect(metricEvents.every((e) => e.data.stepId === stepId)).toBe(true);

    // one file per series, numbered in log order within the step
    const names = readdirSync(join(dir, 'metrics'));
    expect(names.length).toBe(metricEvents.length);
    const files = names.map((n) => ({ n, body: JSON.parse(readFileSync(join(dir, 'metrics', n), 'utf8')) as SeriesFile })).sort((a, b) => a.body.seq - b.body.seq);
    files.forEach(({ n, body }, i) => {
      expect(n).toBe(`${stepId}-${i + 1}-${body.metric.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`);
      expect(body.seq).toBe(metricEvents[i]?.seq);
      expect(body.samples).toEqual(metricEvents[i]?.data.samples);
    });
    expect(new Set(files.map((f) => f.body.metric.toLowerCase()))).toEqual(new Set(['error rate', 'p95 latency', 'availability']));

    // the ```metric block's series: its values as written, its limit, the gate's verdict
    const block = files.map((f) => f.body).find((b) => b.samples.map((s) => s.v).join() === '0.2,0.3,0.25,0.4,0.3');
    expect(block).toMatchObject({ stepId, metric: 'error rate', unit: '%', source: 'simulated', verdict: 'go', result: 'pass' });
    expect(block?.thresholds).toEqual([expect.objectContaining({ metric: 'error rate', comparator: '>', value: 1 })]);

    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[]; metrics: { path: string; seq: number }[] };
    expect(manifest.metrics.map((m) => [m.path, m.seq])).toEqual(files.map((f) => [`metrics/${f.n}`, f.body.seq]));
    expect(manifest.files.filter((f) => f.path.startsWith('metrics/')).length).toBe(files.length);

    expect((await verifyTarget(dir, { env })).verdict).toBe('intact');
    const tgz = await exportSession(id, { env, out: join(work, 'pack.tar.gz') });
    expect(tgz.manifest.metrics?.length).toBe(files.length);
    const v = await verifyTarget(tgz.path, { env });
    expect(v.verdict, v.message).toBe('intact');
  });

  it('one value edited in a metrics file: verify exits 3 naming the file, even with the manifest recomputed', async () => {
    const { dir } = await simulatedPack(true);
    const rel = readdirSync(join(dir, 'metrics')).find((n) => n.includes('error-rate'));
    if (!rel) throw new Error('no error rate series');
    const file = join(dir, 'metrics', rel);
    const body = JSON.parse(readFileSync(file, 'utf8')) as SeriesFile;
    const first = body.samples[0];
    if (!first) throw new Error('a series without samples');
    first.v = first.v / 10; // a breach made to look harmless
    writeFileSync(file, JSON.stringify(body, null, 2) + '\n');

    const naive = await runCli(['verify', dir], { env: { FLIGHTDECK_HOME: home } });
    expect(naive.code).toBe(3);
    expect(naive.stdout + naive.stderr).toContain(`metrics/${rel} does not match manifest.json`);

    refreshManifest(dir, [`metrics/${rel}`]);
    const forged = await runCli(['verify', dir], { env: { FLIGHTDECK_HOME: home } });
    expect(forged.code).toBe(3);
    expect(forged.stdout + forged.stderr).toMatch(new RegExp(`TAMPERED: metrics/${rel} does not say what the log recorded at seq \\d+`));
  });

  it('a metrics file removed along with its manifest entries is missing, named', async () => {
    const { dir } = await simulatedPack(true);
    const rel = readdirSync(join(dir, 'metrics')).find((n) => n.includes('availability'));
    if (!rel) throw new Error('no availability series');
    rmSync(join(dir, 'metrics', rel));
    const path = join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8')) as { files: { path: string }[]; metrics: { path: string }[] };
    m.files = m.files.filter((f) => f.path !== `metrics/${rel}`);
    m.metrics = m.metrics.filter((f) => f.path !== `metrics/${rel}`);
    writeFileSync(path, JSON.stringify(m, null, 2));
    const r = await runCli(['verify', dir], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`metrics/${rel} \\(the metric series recorded at seq \\d+\\) is missing`));
  });
});
