// The ```traffic annotation: a traffic change flightdeck makes itself through Azure after the
// step's commands (current and target shown, the word typed, applied, waited for, verified):
//   ```traffic
//   app: ${APP_NAME}
//   resource-group: ${RESOURCE_GROUP}
//   subscription: ${AZURE_SUBSCRIPTION_ID}     (optional: else AZURE_SUBSCRIPTION_ID)
//   weights:
//     ${APP_NAME}--${NEW_SUFFIX}: 10
//     ${APP_NAME}--${OLD_SUFFIX}: 90
//   ```
// `weights` may also be one line, "rev-a=90 rev-b=10"; "latest" names the latest revision.
// Weights are whole percentages adding up to 100; anything else is a lint error.
import { readYaml } from './annotation-blocks.js';
import type { Diagnostic, TrafficChange } from './model.js';

type Obj = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

function weightsOf(v: unknown): [string, unknown][] | undefined {
  if (typeof v === 'string') {
    return v
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((pair): [string, unknown] => {
        const eq = pair.lastIndexOf('=');
        return eq > 0 ? [pair.slice(0, eq), pair.slice(eq + 1)] : [pair, undefined];
      });
  }
  if (Array.isArray(v)) return v.flatMap((item) => weightsOf(typeof item === 'object' && item !== null ? item : String(item)) ?? []);
  if (typeof v === 'object' && v !== null) return Object.entries(v as Obj);
  return undefined;
}

export function trafficBlock(body: string, line: number, diags: Diagnostic[]): Omit<TrafficChange, 'id'> | undefined {
  const y = readYaml(body, line, 'traffic', diags);
  if (!y) return undefined;
  const problems: string[] = [];
  const app = text(y['app'] ?? y['name']);
  const resourceGroup = text(y['resource-group'] ?? y['resourceGroup'] ?? y['resource_group']);
  const subscription = text(y['subscription']);
  if (!app) problems.push('needs "app: <container app name>"');
  if (!resourceGroup) problems.push('needs "resource-group: <resource group>"');
  const pairs = weightsOf(y['weights'] ?? y['weight']);
  const weights: TrafficChange['weights'] = [];
  if (!pairs || pairs.length === 0) problems.push('needs "weights:" with each revision and its percentage, e.g. "web--v2: 10"');
  for (const [revision, raw] of pairs ?? []) {
    const weight = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*%?\s*$/.test(raw) ? Number.parseInt(raw, 10) : NaN;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) problems.push(`the weight of ${revision} must be a whole percentage from 0 to 100, not "${String(raw)}"`);
    else weights.push({ revision: revision.trim(), weight });
  }
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  if (weights.length > 0 && problems.length === 0 && total !== 100) problems.push(`the weights add up to ${total}%, not 100%`);
  if (problems.length > 0 || !app || !resourceGroup) {
    for (const p of problems) diags.push({ line, severity: 'error', message: `\`\`\`traffic block: ${p}` });
    return undefined;
  }
  return { line, app, resourceGroup, ...(subscription ? { subscription } : {}), weights };
}
