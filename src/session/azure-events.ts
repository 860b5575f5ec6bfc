// Azure results as audit events: a watched container-app change becomes a `check`, a gate's
// failed Azure call a `note` naming who made it.
import { AzureSource } from '../azure/azure-source.js';
import type { AppChangeData } from '../azure/app-watch.js';
import { describeChecks } from '../azure/app-verdict.js';
import { effectiveWeights, type AppSnapshot } from '../azure/container-apps.js';
import { principalFields } from '../azure/principal.js';
import type { MetricSource } from '../metrics/metric-source.js';
import type { ExpectationCheckData, NoteData } from './event-data.js';

function trafficText(s: AppSnapshot | undefined): string {
  if (!s) return 'unknown';
  const parts = [...effectiveWeights(s)].filter(([, w]) => w > 0).map(([n, w]) => `${n} ${w}%`);
  return parts.join(', ') || 'no traffic';
}

/** The `check` event for one watched change: what was asked, what happened, before and after. */
export function appChangeCheck(stepId: string, commandId: string, d: AppChangeData): ExpectationCheckData {
  const detail = d.error ?? describeChecks(d.verdict);
  return {
    kind: 'expectation',
    stepId,
    commandId,
    expected: `container app ${d.app ?? '?'} as asked by ${d.kind}: ${d.command.replace(/\s+/g, ' ').slice(0, 200)}`,
    actual: `${detail}${d.diff.length > 0 ? ` | changed: ${d.diff.join('; ')}` : ' | no change seen'}`,
    result: d.verdict.result,
    note: `traffic before: ${trafficText(d.before)}; after: ${trafficText(d.after)}`,
    containerApp: d,
  };
}

/**
 * A gate's Azure call that failed with nothing to show (no samples, not even old ones) leaves
 * no `metric` event: this note records the call's failure and who made it, so every Azure
 * call and its result is in the log. Undefined for other sources, or when samples were kept.
 */
export function failedCallNote(source: MetricSource, stepId: string, gateText: string, error: string | undefined, samples: number): NoteData | undefined {
  if (!(source instanceof AzureSource) || !error || samples > 0) return undefined;
  const principal = source.auth.principal();
  return { kind: 'note', stepId, text: `Azure call for the gate "${gateText}" failed: ${error}`, ...(principal ? principalFields(principal) : {}) };
}
