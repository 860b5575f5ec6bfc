// The typed model of a runbook: what the parser produces and everything else reads.
// Every element carries the 1-based source line it came from.
import type { Decision, ResultChoice } from './model-decisions.js';
export type * from './model-decisions.js';
import type { MonitoredWait } from './wait-model.js';

export type { MonitoredWait, WaitCriterion } from './wait-model.js';

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
  /** The output contains `text`. `orAsk`: a plain `# Expected:` sentence; not found goes to the operator instead of failing. */
  | { kind: 'text'; text: string; orAsk?: true }
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
  /**
   * What running the block does, its most severe statement (danger.ts). The parser always
   * sets it; a command built elsewhere without it is treated as `change` (see effectOf).
   * `destructive` always has at least one `danger` flag, so it needs the typed word.
   */
  effect?: Effect;
  /** The block is a script with positional arguments (`$1`, `${2:-latest}`): ask for these, not parameters. */
  args?: ScriptArg[];
  /**
   * Variables the block reads that another step sets (`export NEW_REVISION=...`): not
   * parameters, but the engine's pre-flight names the step when one is unset.
   */
  reads?: VariableSource[];
}

/** read: looks only (show/list/get, curl GET, echo). change: creates, updates, deploys, restarts. destructive: deletes, rolls back, swaps to production, 100% traffic. */
export type Effect = 'read' | 'change' | 'destructive';

/** A positional argument of a script: `$1` or `${1:-latest}`. */
export interface ScriptArg {
  /** 1 for `$1`. */
  index: number;
  /** From the script's usage line (`Usage: deploy.sh <environment> [version]`) when it names it. */
  name?: string;
  /** `${1:-latest}` -> "latest". */
  default?: string;
}

export interface VariableSource {
  name: string;
  /** The step whose block sets it (earlier in the runbook, or a configuration block further on). */
  stepId: string;
  /** That block's command id. */
  commandId: string;
  /** Other steps whose blocks set it too, before the reading block (the other options of a choice, an earlier step). */
  alsoSetBy?: string[];
}

/**
 * A block that is a script to keep, not to run here: it starts with a shebang or the
 * runbook says to save it as a file. Shown with a copy action; its `$1`... are its arguments.
 */
export interface ScriptBlock {
  id: string;
  line: number;
  lang: string;
  code: string;
  /** The file name the runbook saves it as, when it says ("Save as `check.sh`:", `# file: check.sh`). */
  fileName?: string;
  args: ScriptArg[];
  /** Commands elsewhere in the runbook that run this script by its file name. */
  runBy?: string[];
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
  /** azure query: the column to read, when the series is named for the gate's metric (`metric`). */
  column?: string;
  /** azure query recognised in an `az monitor ... query` block: the column each threshold's metric is read from. */
  columns?: Record<string, string>;
}

export interface Param {
  name: string;
  secret: boolean;
  /** The spellings seen: `${X}`, `$X`, `{x}`, `<X>`. */
  forms: string[];
  line: number;
  description?: string;
  default?: string;
  /** Every use is in a commented-out command (`# az login -p <password>`): listed, never needed to run a block. */
  inComments?: true;
}

/** option: one alternative of a "**Option A: ...**" choice inside a step; conditional: a block under "If ...:" inside a step. */
export type StepKind = 'check' | 'heading' | 'procedure' | 'block' | 'option' | 'conditional';

/**
 * main: walked in order. branch: a contingency (Rollback, Troubleshooting, Emergency,
 * Appendix, a section a decision names), entered only by a decision outcome, a failed
 * step or the operator. alternative: one option of a choice; only the chosen one is walked.
 */
export type FlowPath = 'main' | 'branch' | 'alternative';

/** The condition a step is entered on ("If the Alembic table doesn't exist:"). */
export interface Guard {
  line: number;
  /** The condition as the runbook words it: "Alembic table doesn't exist". */
  condition: string;
  /** The question that decides it. A paired if/else shares one question (and one decision). */
  question: string;
  /** The decision asking it: in this step or an earlier one. Ask it before the step if it is still unanswered. */
  decisionId: string;
  /** The answer that enters the step; any other answer skips it as "not needed". */
  answer: string;
}

/**
 * What a contingency is for, read from its title, which decides where the walk goes once it
 * was walked to its end (docs/flow.md): rollback (undoes the change) and emergency (the
 * service is in trouble) stop the session and ask; troubleshooting (diagnose and fix),
 * reference (appendix, contacts) and other go back to the main path.
 */
export type ContingencyKind = 'rollback' | 'emergency' | 'troubleshooting' | 'reference' | 'other';

/** The contingency section a branch step belongs to ("Rollback Procedure"). */
export interface Contingency {
  sectionId: string;
  title: string;
  /** Why it is off the main path: its title says so, or a decision's outcome names it. */
  reason: 'title' | 'outcome';
  kind: ContingencyKind;
}

/** One option of a choice of alternatives ("Option A / B / C", deployment types, "choose one of"). */
export interface Alternative {
  /** Shared by every option of the same choice. */
  choiceId: string;
  line: number;
  /** "Step 1: Connect to Production Database: which one?" */
  question: string;
  /** This option's label. */
  option: string;
  /** All options' labels, in order. */
  options: string[];
}

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
  /** Items answered with a result (PASS / FAIL, Yes / No, OK / NOK); absent when none. */
  results?: ResultChoice[];
  danger: DangerFlag[];
  /** Section titles above the step, phase first ("Application Deployment"); the step's own heading is not in it. */
  trail: string[];
  /** main, branch or alternative: see FlowPath. */
  path: FlowPath;
  /** Entered only on this answer; any other skips it as "not needed: <answer>", not a deviation. */
  guard?: Guard;
  /** Set on branch steps: the contingency section they belong to. */
  contingency?: Contingency;
  /** A guarded block that points into a contingency ("See [Rollback](#rollback)"): once it ran, the walk enters there at `stepId`. */
  leadsTo?: { sectionId: string; title: string; stepId: string };
  /** Set on alternative steps. */
  alternative?: Alternative;
  /** Scripts to keep (shebang blocks, "save as" blocks): content with a copy action, not commands. */
  scripts?: ScriptBlock[];
  /** ```traffic annotations: traffic weights flightdeck sets itself through Azure, after the step's commands. */
  traffic?: TrafficChange[];
  /** Monitored waits, in order among the commands (wait-model.ts). */
  waits?: MonitoredWait[];
}

/**
 * A ```traffic annotation: the container app and the weights its revisions are to have.
 * Fields are as written; parameters (`${NAME}`) are filled when the step runs.
 */
export interface TrafficChange {
  id: string;
  line: number;
  app: string;
  resourceGroup: string;
  subscription?: string;
  /** `revision` is a revision name, or "latest" for the app's latest revision. */
  weights: { revision: string; weight: number }[];
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
