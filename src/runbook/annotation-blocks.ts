// Fenced annotation blocks with a small YAML body:
//   ```metric     kind, metric/command, window, interval, values, gate / require / abort-if
//   ```decision   question + answers (or questions: [...]); answers map a label to
//                 "continue", "goto <Section>", an action text, or a nested question
//   ```signoff    title, roles, choice, four-eyes
import { parse, YAMLParseError } from 'yaml';
import { parseDuration } from './annotations.js';
import type { FormDraft } from './signoffs.js';
import type { Comparator, DecisionAnswer, DecisionNode, Diagnostic, MetricSourceSpec, Outcome, Threshold } from './model.js';
import { findThresholds } from './thresholds.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readYaml(body: string, line: number, kind: string, diags: Diagnostic[]): Obj | undefined {
  let value: unknown;
  try {
    value = parse(body, { maxAliasCount: 10, prettyErrors: false });
  } catch (err) {
    const at = err instanceof YAMLParseError ? (err.linePos?.[0]?.line ?? 1) : 1;
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    diags.push({ line: line + at, severity: 'error', message: `\`\`\`${kind} block: invalid YAML: ${msg}` });
    return undefined;
  }
  if (!isObj(value)) {
    diags.push({ line, severity: 'error', message: `\`\`\`${kind} block: expected "key: value" lines` });
    return undefined;
  }
  return value;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str).filter((s): s is string => !!s);
  const s = str(v);
  return s ? s.split(/\s*,\s*/).filter(Boolean) : [];
}

const GENERIC = /^(.+?)\s*(<=|>=|≤|≥|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(%|ms|s|min|h)?$/;

/** A gate line in an annotation: known metric wording first, else "anything < number". */
export function thresholdsOf(text: string): Threshold[] {
  const found = findThresholds(text);
  if (found.length > 0) return found;
  const out: Threshold[] = [];
  for (const part of text.split(/\s+(?:or|and)\s+|\s*,\s*/i)) {
    const m = GENERIC.exec(part.trim());
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const cmp = ({ '≤': '<=', '≥': '>=' } as Record<string, Comparator>)[m[2]] ?? (m[2] as Comparator);
    const t: Threshold = { metric: m[1], comparator: cmp, value: Number(m[3]) };
    if (m[4]) t.unit = m[4];
    out.push(t);
  }
  return out;
}

export interface MetricDraft {
  line: number;
  title: string;
  thresholds: Threshold[];
  mode: 'abort-if' | 'require';
  source: MetricSourceSpec;
}

export function metricBlock(body: string, line: number, diags: Diagnostic[]): MetricDraft | undefined {
  const y = readYaml(body, line, 'metric', diags);
  if (!y) return undefined;
  const bad = (message: string) => {
    diags.push({ line, severity: 'error', message: `\`\`\`metric block: ${message}` });
    return undefined;
  };
  const abort = strings(y['abort-if'] ?? y['abort_if'] ?? y['abortIf']);
  const require = strings(y['require'] ?? y['gate']);
  const gateText = abort.length > 0 ? abort : require;
  const thresholds = gateText.flatMap(thresholdsOf);
  if (thresholds.length === 0) return bad('needs a gate, e.g. "gate: error rate < 1%" or "abort-if: p95 > 2000ms"');
  const kindText = str(y['kind'] ?? y['source']);
  const kind = kindText ?? (y['command'] ? 'command' : y['resource'] || y['query'] ? 'azure' : 'simulated');
  if (kind !== 'azure' && kind !== 'command' && kind !== 'simulated') return bad(`kind must be azure, command or simulated, not "${kind}"`);
  const source: MetricSourceSpec = { kind };
  const metric = str(y['metric']);
  if (metric) source.metric = metric;
  const resource = str(y['resource']);
  if (resource) source.resource = resource;
  for (const key of ['query', 'workspace', 'region'] as const) {
    const v = str(y[key]);
    if (v) source[key] = v;
  }
  if (kind === 'azure' && source.query && !source.workspace && !resource) return bad('a query needs "workspace: <Log Analytics workspace id>" (or "resource:")');
  const command = str(y['command']);
  if (command) source.command = command;
  if (kind === 'command' && !command) return bad('kind command needs "command: <shell that prints a number>"');
  for (const key of ['window', 'interval'] as const) {
    const v = str(y[key]);
    if (v === undefined) continue;
    const ms = parseDuration(v);
    if (ms === undefined) return bad(`${key} "${v}" is not a duration (use 30s, 5m)`);
    if (key === 'window') source.windowMs = ms;
    else source.intervalMs = ms;
  }
  const aggregation = str(y['aggregation']);
  if (aggregation) source.aggregation = aggregation;
  const unit = str(y['unit']);
  if (unit) source.unit = unit;
  if (y['values'] !== undefined) {
    const values = Array.isArray(y['values']) ? y['values'] : [];
    if (values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return bad('values must be a list of numbers, e.g. [0.2, 0.4, 0.3]');
    }
    source.values = values as number[];
  }
  const title = str(y['title'] ?? y['name']) ?? metric ?? gateText.join('; ');
  return { line, title, thresholds, mode: abort.length > 0 ? 'abort-if' : 'require', source };
}

export interface DecisionDraft {
  line: number;
  title?: string;
  questions: DecisionNode[];
}

export function decisionBlock(body: string, line: number, diags: Diagnostic[]): DecisionDraft | undefined {
  const y = readYaml(body, line, 'decision', diags);
  if (!y) return undefined;
  let failed = false;
  const bad = (message: string) => {
    diags.push({ line, severity: 'error', message: `\`\`\`decision block: ${message}` });
    failed = true;
  };
  const node = (v: unknown, depth: number): DecisionNode | undefined => {
    if (!isObj(v)) return void bad('each question needs "question:" and "answers:"');
    const question = str(v['question']);
    if (!question) return void bad('a question is missing its "question:" text');
    if (depth > 12) return void bad('questions nest too deeply (more than 12 levels)');
    const answersRaw = v['answers'];
    const answers: DecisionAnswer[] = [];
    if (Array.isArray(answersRaw)) {
      for (const a of answersRaw) {
        const label = str(a);
        if (label) answers.push({ label, outcome: { kind: 'continue' } });
        else if (isObj(a)) for (const [k, spec] of Object.entries(a)) answers.push({ label: k, outcome: outcome(spec, depth) });
      }
    } else if (isObj(answersRaw)) {
      for (const [label, spec] of Object.entries(answersRaw)) answers.push({ label, outcome: outcome(spec, depth) });
    }
    if (answers.length < 2) bad(`"${question}" needs at least two answers`);
    const n: DecisionNode = { line, question, answers };
    const before = str(v['before']);
    if (before) n.before = before;
    return n;
  };
  const outcome = (spec: unknown, depth: number): Outcome => {
    if (isObj(spec)) {
      if (spec['question'] !== undefined) {
        const child = node(spec, depth + 1);
        return child ? { kind: 'question', node: child } : { kind: 'continue' };
      }
      const text = str(spec['action'] ?? spec['do']) ?? str(spec['goto']) ?? '';
      const goto = str(spec['goto']);
      const o: Outcome = { kind: 'action', text };
      if (goto) o.target = { sectionId: '', title: goto };
      if (spec['continue'] === true) o.continues = true;
      return o;
    }
    const s = str(spec) ?? '';
    if (s === '' || /^continue$/i.test(s)) return { kind: 'continue' };
    const goto = /^goto\s+(.+)$/i.exec(s);
    if (goto?.[1]) return { kind: 'action', text: s, target: { sectionId: '', title: goto[1].trim() } };
    return { kind: 'action', text: s };
  };
  const list = Array.isArray(y['questions']) ? y['questions'] : y['question'] !== undefined ? [y] : undefined;
  if (!list) {
    bad('needs "question:" and "answers:" (or a "questions:" list)');
    return undefined;
  }
  const questions = list.map((q) => node(q, 0)).filter((q): q is DecisionNode => !!q);
  if (failed || questions.length === 0) return undefined;
  const draft: DecisionDraft = { line, questions };
  const title = str(y['title']);
  if (title) draft.title = title;
  return draft;
}

export function signoffBlock(body: string, line: number, diags: Diagnostic[]): (FormDraft & { fourEyes?: boolean }) | undefined {
  const y = readYaml(body, line, 'signoff', diags);
  if (!y) return undefined;
  const roles = strings(y['roles'] ?? y['role']);
  if (roles.length === 0) {
    diags.push({ line, severity: 'error', message: '```signoff block: needs "roles: [Role A, Role B]"' });
    return undefined;
  }
  const draft: FormDraft & { fourEyes?: boolean } = { line, title: str(y['title']) ?? 'Sign-off', roles };
  const choice = y['choice'];
  if (isObj(choice)) {
    const options = strings(choice['options']);
    if (options.length >= 2) draft.choice = { label: str(choice['label']) ?? 'Choice', options };
  } else if (typeof choice === 'string') {
    const [label, opts] = choice.includes(':') ? [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)] : ['Choice', choice];
    const options = (opts ?? '').split('|').map((o) => o.trim()).filter(Boolean);
    if (options.length >= 2) draft.choice = { label: (label ?? 'Choice').trim(), options };
  }
  if (choice !== undefined && !draft.choice) {
    diags.push({ line, severity: 'error', message: '```signoff block: choice needs two or more options ("Go live?: Yes | No")' });
  }
  const fe = y['four-eyes'] ?? y['fourEyes'];
  if (typeof fe === 'boolean') draft.fourEyes = fe;
  return draft;
}
