// The series a Log Analytics gate reads. A query recognised in an `az monitor ... query`
// block answers several thresholds from one result (ErrorRate and P95Latency): one spec per
// metric the gate names, each reading its column and named for that metric so the gate
// judges each threshold on its own series. Any other source is read as written.
import type { Gate, MetricSourceSpec } from '../runbook/model.js';
import { normaliseMetric } from './simulated-source.js';

export function sourceSpecs(gate: Pick<Gate, 'source' | 'thresholds'>): MetricSourceSpec[] {
  const source = gate.source;
  if (!source) return [];
  const { columns, ...rest } = source;
  if (!columns) return [source];
  const seen = new Set<string>();
  const out: MetricSourceSpec[] = [];
  for (const t of gate.thresholds) {
    const key = normaliseMetric(t.metric);
    const column = columns[t.metric];
    if (seen.has(key) || !column) continue;
    seen.add(key);
    out.push({ ...rest, metric: t.metric, column, ...(rest.unit ?? t.unit ? { unit: rest.unit ?? t.unit } : {}) });
  }
  return out;
}
