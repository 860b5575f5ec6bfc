// metrics/ of an evidence pack: one JSON file per sampled series, derived only from the
// `metric` events of the audit log (src/session/metric-event.ts writes them). Export writes
// these files and verify derives them again from the log, so a metrics file says exactly
// what the hash-chained log recorded and an edited one is caught by name.
import type { AuditEvent } from '../session/audit-event.js';
import { num, str } from './event-fields.js';
import { METRICS_DIR } from './pack-layout.js';

export interface MetricFile {
  /** Pack-relative path, e.g. metrics/step-4-1-error-rate.json. */
  path: string;
  /** The seq of the metric event it is derived from. */
  seq: number;
  stepId: string;
  metric: string;
  /** pass / fail / unverified for the thresholds judged on this series. */
  result: string;
  content: string;
}

/** What manifest.json lists of each metrics file. */
export type MetricIndexEntry = Omit<MetricFile, 'content'>;

function slug(text: string, fallback: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return s || fallback;
}

function array(data: Record<string, unknown>, key: string): unknown[] {
  const v = data[key];
  return Array.isArray(v) ? v : [];
}

/** The series of one metric event, with the gate it was judged by, as the file holds it. */
function seriesBody(e: AuditEvent, stepId: string, metric: string): Record<string, unknown> {
  const d = e.data;
  const unit = str(d, 'unit');
  const windowMs = num(d, 'windowMs');
  const error = str(d, 'error');
  const summary = d.summary;
  return {
    seq: e.seq,
    recordedAt: e.ts,
    stepId,
    gateId: str(d, 'gateId') ?? null,
    metric,
    ...(unit !== undefined ? { unit } : {}),
    source: str(d, 'source') ?? null,
    ...(windowMs !== undefined ? { windowMs } : {}),
    thresholds: array(d, 'thresholds'),
    result: str(d, 'result') ?? 'unverified',
    verdict: str(d, 'verdict') ?? 'unverified',
    ...(summary !== null && typeof summary === 'object' ? { summary } : {}),
    samples: array(d, 'samples'),
    ...(error !== undefined ? { error } : {}),
  };
}

/** Every metrics file the log vouches for, in log order; numbered per step (1, 2, ...). */
export function metricFiles(events: readonly AuditEvent[]): MetricFile[] {
  const perStep = new Map<string, number>();
  const used = new Set<string>();
  const files: MetricFile[] = [];
  for (const e of events) {
    if (e.type !== 'metric') continue;
    const stepId = str(e.data, 'stepId') ?? 'step';
    const metric = str(e.data, 'name', 'metric') ?? 'metric';
    const n = (perStep.get(stepId) ?? 0) + 1;
    perStep.set(stepId, n);
    let path = `${METRICS_DIR}/${slug(stepId, 'step')}-${n}-${slug(metric, 'metric')}.json`;
    // two step ids that slug alike still get files of their own
    if (used.has(path)) path = path.replace(/\.json$/, `-seq${e.seq}.json`);
    used.add(path);
    const body = seriesBody(e, stepId, metric);
    files.push({ path, seq: e.seq, stepId, metric, result: String(body.result), content: JSON.stringify(body, null, 2) + '\n' });
  }
  return files;
}

export function metricIndex(files: readonly MetricFile[]): MetricIndexEntry[] {
  return files.map(({ content: _content, ...entry }) => entry);
}
