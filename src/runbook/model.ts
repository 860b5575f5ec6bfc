// The typed model of a runbook: what the parser produces and everything else reads.
// Every element carries the 1-based source line it came from.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  line: number;
  severity: Severity;
  message: string;
}

export type Comparator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** "P95 latency < 2000ms" -> { metric: 'P95 latency', comparator: '<', value: 2000, unit: 'ms' } */
export interface Threshold {
  metric: string;
  comparator: Comparator;
  value: number;
  unit?: string;
}

/** How an expectation is checked against a command's result. */
export type Check =
  | { kind: 'exit-code'; code: number }
  | { kind: 'text'; text: string }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'json-field'; path: string; equals: string | number | boolean | null }
  | { kind: 'threshold'; threshold: Threshold }
  /** flightdeck cannot decide: the operator confirms, recorded as unverified. */
  | { kind: 'manual' };

export type ExpectationSource = 'comment' | 'prose' | 'annotation' | 'threshold';

export interface Expectation {
  line: number;
  /** The expectation as the runbook words it. */
  text: string;
  source: ExpectationSource;
  check: Check;
}

export interface DangerFlag {
  line: number;
  /** Why this needs a typed confirmation: "deletes resources", "traffic to 100%", "marked CRITICAL". */
  reason: string;
}

export type ShellLang = 'bash' | 'sh' | 'shell' | 'zsh' | 'azurecli' | 'console';
export type CommandLang = ShellLang | 'pwsh' | 'powershell' | 'untagged';

export interface Command {
  id: string;
  line: number;
  lang: CommandLang;
  /** The script exactly as written in the runbook. */
  code: string;
  /** false for pwsh/powershell (unless pwsh is present at run time, decided by the runner). */
  runnable: boolean;
  /** Annotation `name=`. */
  name?: string;
  /** Annotation `timeout=`, in milliseconds. */
  timeoutMs?: number;
  /** Annotation `capture=VAR`: stdout (trimmed) becomes parameter VAR. */
  capture?: string;
  expectations: Expectation[];
  danger: DangerFlag[];
  /** Parameters this block needs from the operator (not ones it assigns itself). */
  params: string[];
  /** Variables this block exports (`export X=...`): later blocks see them, so they are not asked for. */
  exports?: string[];
  /** Set when an annotation (fence attributes or a flightdeck comment) configured this block. */
  annotated?: boolean;
}

export type EvidenceKind = 'output' | 'file' | 'screenshot' | 'note';

export interface EvidenceRequirement {
  id: string;
  line: number;
  text: string;
  kind: EvidenceKind;
}

export interface SignoffForm {
  id: string;
  line: number;
  title: string;
  roles: string[];
  /** A `☐ Yes ☐ No` style choice that belongs to the form. */
  choice?: { label: string; options: string[] };
  /** The signer of each role must differ from the operator, and not all from one person. */
  fourEyes: boolean;
}

export type Outcome =
  | { kind: 'question'; node: DecisionNode }
  | {
      kind: 'action';
      text: string;
      target?: SectionLink;
      /** The tree goes on after this action (a `▼` under it): ask the next question. */
      continues?: boolean;
    }
  | { kind: 'continue'; text?: string };

export interface DecisionAnswer {
  label: string;
  outcome: Outcome;
}

export interface DecisionNode {
  line: number;
  question: string;
  answers: DecisionAnswer[];
  /** Something to do before asking (the "Investigate" of `Investigate ──> Still Down?`). */
  before?: string;
  /** For list decisions ("Immediate Rollback Required When:"): the conditions, any of which means yes. */
  conditions?: string[];
  /** Numeric thresholds found in the question or its conditions, for a suggested answer. */
  thresholds?: Threshold[];
}

export type DecisionKind = 'tree' | 'branch' | 'list' | 'matrix' | 'annotation' | 'choice';

export interface Decision {
  id: string;
  line: number;
  kind: DecisionKind;
  title: string;
  /** Top-level questions, asked in order; a "No"/continue answer moves to the next. */
  questions: DecisionNode[];
  /** What the decision starts from, e.g. the root of an ASCII tree ("Error Detected"). */
  context?: string;
}

export interface SectionLink {
  sectionId: string;
  title: string;
}

export interface Gate {
  id: string;
  line: number;
  text: string;
  thresholds: Threshold[];
  /** 'abort-if': any threshold true means no-go. 'require': all must hold for go. */
  mode: 'abort-if' | 'require';
  /** From a ```metric block: where the numbers come from. */
  source?: MetricSourceSpec;
}

export interface MetricSourceSpec {
  /** azure metric name, a shell command printing a number, or simulated. */
  kind: 'azure' | 'command' | 'simulated';
  metric?: string;
  resource?: string;
  /** azure: a Log Analytics (KQL) query instead of a platform metric, run in `workspace`. */
  query?: string;
  /** azure: the Log Analytics workspace id (GUID) the query runs in. */
  workspace?: string;
  /** azure: the resource's region for platform metrics (looked up for a container app). */
  region?: string;
  command?: string;
  windowMs?: number;
  intervalMs?: number;
  aggregation?: string;
  /** Simulated source: the samples to replay (otherwise the simulator invents a plausible series). */
  values?: number[];
  /** Unit of the samples, e.g. "%" or "ms". */
  unit?: string;
}

export interface Param {
  name: string;
  secret: boolean;
  /** The spellings seen: `${X}`, `$X`, `{x}`, `<X>`. */
  forms: string[];
  line: number;
  description?: string;
  default?: string;
}

export type StepKind = 'check' | 'heading' | 'procedure' | 'block';

export interface ChecklistItem {
  id: string;
  line: number;
  text: string;
  checked: boolean;
  /** 0 for an item directly under the step, 1 for one nested under another item, ... */
  depth?: number;
  /** Commands written under this item (they are also in the step's `commands`). */
  commandIds?: string[];
}

export interface Step {
  id: string;
  kind: StepKind;
  title: string;
  line: number;
  endLine: number;
  sectionId: string;
  /** Markdown source of the step's own text (excluding child steps), for display. */
  body: string;
  /** Nested checklist items the step owns, toggled one by one in the TUI. */
  items: ChecklistItem[];
  checkedInSource: boolean;
  commands: Command[];
  expectations: Expectation[];
  evidence: EvidenceRequirement[];
  gates: Gate[];
  decisions: Decision[];
  signoffs: SignoffForm[];
  danger: DangerFlag[];
}

export interface Section {
  id: string;
  title: string;
  level: number;
  line: number;
  parentId?: string;
  stepIds: string[];
}

export interface Runbook {
  file: string;
  sha256: string;
  title: string;
  /** The exact source text (after any mojibake repair). */
  source: string;
  sections: Section[];
  steps: Step[];
  params: Param[];
  diagnostics: Diagnostic[];
  /** Count of checklist items (`- [ ]` lines) anywhere in the runbook. */
  checks: number;
}
