// Log Analytics queries written as az commands in a step's shell block:
//   az monitor log-analytics query --workspace <id> --analytics-query "<KQL>" [--timespan PT1H]
//   az monitor app-insights query --app <name|resource id> [-g <rg>] --analytics-query "<KQL>" [--offset 10m]
// become the `azure` metric source of the step's gates that have none (the error-rate and
// latency thresholds a runbook states next to its query), read through the SDK when the
// gate is judged; the block itself still runs as written. Variables the block sets to a
// literal are filled in now; any other reference stays `${NAME}`, filled from the session's
// values when the gate is sampled.
import { parseDuration } from './annotations.js';
import type { Diagnostic, Gate, MetricSourceSpec, Step } from './model.js';
import { parseFlags, statements } from './shell-statements.js';

export interface LogQueryCommand {
  /** The fence line of the block it is in. */
  line: number;
  query: string;
  /** A Log Analytics workspace id, or the resource (an Application Insights component) the query runs against. */
  workspace?: string;
  resource?: string;
  windowMs?: number;
  /** The columns the query makes (`Name = ...` in summarize, extend or project). */
  columns: string[];
}

const GROUP_VAR = /^(RESOURCE_?GROUP(_NAME)?|RG(_NAME)?)$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The block's `NAME=literal` assignments (in order, each filled with those before it); values with $(...) are not literal. */
function literalVars(words: string[][]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raws of words) {
    const assigns = raws[0] === 'export' ? raws.slice(1) : raws;
    if (assigns.length === 0 || !assigns.every((r) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(r))) continue;
    for (const raw of assigns) {
      const eq = raw.indexOf('=');
      const name = raw.slice(0, eq);
      const value = raw.slice(eq + 1);
      if (value.includes('$(') || value.includes('`')) vars.delete(name);
      else vars.set(name, fill(value, vars));
    }
  }
  return vars;
}

/** Fills references to literal block variables; any other becomes `${NAME}` (a session value, filled when sampled). */
function fill(word: string, vars: ReadonlyMap<string, string>): string {
  if (word.startsWith('\u0000')) return word.slice(1);
  return word.replace(REF, (_whole, a?: string, b?: string) => {
    const name = a ?? b ?? '';
    return vars.get(name) ?? `\${${name}}`;
  });
}

/** "PT1H", "P1D", "PT30M": an ISO 8601 duration in ms. */
function isoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().length <= 2) return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  return (((d ?? 0) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000;
}

/** The names a KQL query gives its columns: `Name = expr` after summarize, extend or project. */
export function queryColumns(kql: string): string[] {
  const out: string[] = [];
  for (const part of kql.split(/\|/)) {
    const m = /^\s*(summarize|extend|project)\b([\s\S]*)$/i.exec(part);
    if (!m?.[2]) continue;
    for (const a of m[2].matchAll(/(?:^|[\s,(])([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/g)) if (a[1] && !out.includes(a[1])) out.push(a[1]);
  }
  return out;
}

/** Every Log Analytics query in a shell block; one that cannot be read is a warning saying why (in `diags`). */
export function recogniseLogQueries(code: string, line: number, diags: Diagnostic[]): LogQueryCommand[] {
  if (!code.includes('monitor')) return [];
  const all = statements(code);
  const out: LogQueryCommand[] = [];
  for (const [n, st] of all.entries()) {
    const at = st.words.findIndex((w, i) => w === 'az' && st.words[i + 1] === 'monitor' && st.words[i + 3] === 'query');
    const service = st.words[at + 2];
    if (at < 0 || (service !== 'log-analytics' && service !== 'app-insights')) continue;
    const vars = literalVars(all.slice(0, n).map((s) => s.words));
    const args = parseFlags(st.words.slice(at + 4), (w) => w, (_w, value) => value);
    const arg = (...names: string[]): string | undefined => {
      for (const name of names) {
        const v = args.get(name)?.[0];
        if (v !== undefined) return fill(v, vars).trim();
      }
      return undefined;
    };
    const warn = (why: string): void => void diags.push({ line, severity: 'warning', message: `\`az monitor ${service} query\`: ${why}; its gates are confirmed by the operator instead` });
    const query = arg('--analytics-query', '-q');
    if (!query) {
      warn('no --analytics-query (the KQL) to read');
      continue;
    }
    const q: LogQueryCommand = { line, query, columns: queryColumns(query) };
    if (service === 'log-analytics') {
      const workspace = arg('--workspace', '-w');
      if (!workspace) {
        warn('no --workspace (the Log Analytics workspace id)');
        continue;
      }
      q.workspace = workspace;
      const span = arg('--timespan', '-t');
      const ms = span ? isoDuration(span) : undefined;
      if (ms) q.windowMs = ms;
    } else {
      const app = arg('--app', '-a');
      const group = arg('--resource-group', '-g') ?? [...vars].find(([name]) => GROUP_VAR.test(name))?.[1];
      const subscription = arg('--subscription') ?? '${AZURE_SUBSCRIPTION_ID}';
      if (!app) {
        warn('no --app (the Application Insights component)');
        continue;
      }
      if (app.startsWith('/subscriptions/')) q.resource = app;
      else if (GUID.test(app)) {
        warn(`--app ${app} is an application id: name the component (with --resource-group) or give its resource id`);
        continue;
      } else if (!group) {
        warn(`--app ${app} needs --resource-group (or a RESOURCE_GROUP / RG_NAME variable set in the block) to find the component`);
        continue;
      } else q.resource = `/subscriptions/${subscription}/resourceGroups/${group}/providers/microsoft.insights/components/${app}`;
      const offset = arg('--offset');
      const ms = offset ? (parseDuration(offset) ?? isoDuration(offset)) : undefined;
      if (ms) q.windowMs = ms;
    }
    out.push(q);
  }
  return out;
}

/** "error rate" and ErrorRate, "P95 latency" and P95Latency / LatencyP95: the same letters, or every word in the column. */
export function columnFor(metric: string, columns: readonly string[]): string | undefined {
  const flat = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const exact = columns.find((c) => flat(c) === flat(metric));
  if (exact) return exact;
  const words = metric.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.length > 0 ? columns.find((c) => words.every((w) => flat(c).includes(w))) : undefined;
}

function sourceFor(gate: Gate, q: LogQueryCommand): MetricSourceSpec | undefined {
  const columns: Record<string, string> = {};
  for (const t of gate.thresholds) {
    const column = columnFor(t.metric, q.columns);
    if (!column) return undefined;
    columns[t.metric] = column;
  }
  return {
    kind: 'azure',
    query: q.query,
    ...(q.workspace ? { workspace: q.workspace } : {}),
    ...(q.resource ? { resource: q.resource } : {}),
    ...(q.windowMs ? { windowMs: q.windowMs } : {}),
    columns,
  };
}

/**
 * Gives each gate of a step that has no source the first query of the step whose columns
 * answer all its thresholds. Warnings only where a gate is left to the operator: a query of
 * its step that cannot be read, or one in the same block whose columns answer none of its
 * thresholds (the runbook's numbers and its query disagree). A query with no gate to answer
 * is only a command.
 */
export function attachLogQueries(steps: readonly Step[], diags: Diagnostic[]): void {
  for (const step of steps) {
    const unread: Diagnostic[] = [];
    const queries = step.commands.filter((c) => c.runnable).flatMap((c) => recogniseLogQueries(c.code, c.line, unread).map((q) => ({ q, end: c.line + c.code.split('\n').length + 1 })));
    for (const gate of step.gates) {
      if (gate.source) continue;
      const found = queries.map(({ q }) => sourceFor(gate, q)).find((s) => s !== undefined);
      if (found) {
        gate.source = found;
        continue;
      }
      const same = queries.find(({ q, end }) => gate.line > q.line && gate.line < end);
      if (same) {
        const names = gate.thresholds.map((t) => t.metric).join(', ');
        diags.push({ line: gate.line, severity: 'warning', message: `the gate "${gate.text}" names ${names}, but the query in this block returns ${same.q.columns.join(', ') || 'no named column'}: name the query's columns after the gate's metrics (e.g. ErrorRate = ...) so flightdeck can read them` });
      }
    }
    if (step.gates.some((g) => !g.source)) diags.push(...unread);
  }
}
