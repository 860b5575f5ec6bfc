// The state a StepBuilder keeps while it walks the block tree, and the small helpers that
// create steps, items, decisions, gates, forms, commands and kept scripts. Split from steps.ts by concern:
// build-decisions.ts adds the decision and sub-step makers, steps.ts the block walk.
import { blankStep } from './blank-step.js';
import type { FenceAttrs, ParamDeclaration } from './annotations.js';
import type { Branch } from './decisions.js';
import type {
  ChecklistItem,
  Command,
  Decision,
  DecisionKind,
  DecisionNode,
  Diagnostic,
  Gate,
  Guard,
  ScriptBlock,
  Section,
  SignoffForm,
  Step,
  StepKind,
  Threshold,
} from './model.js';
import type { ParamScan } from './params.js';
import type { FenceBlock } from './markdown-blocks.js';
import { buildCommand } from './fence-command.js';
import { resultChoice } from './result-choice.js';
import { signoffFromLines } from './signoffs.js';
import { isUsageLine, scriptArgs } from './scripts.js';
import { cleanTitle, stripInline } from './text.js';

export interface Ctx {
  step?: Step;
  item?: ChecklistItem;
  depth: number;
}

export interface Label {
  text: string;
  line: number;
  branch?: Branch;
  /** The label is the first thing under its step heading: a branch label then guards the whole step. */
  opensStep?: boolean;
}

export interface CommandRecord {
  command: Command;
  scan: ParamScan;
}

export interface Built {
  sections: Section[];
  steps: Step[];
  commands: CommandRecord[];
  paramDecls: ParamDeclaration[];
  checks: number;
  /** Decision -> the section it was found in, for outcome linking. */
  decisionSections: Map<Decision, string | undefined>;
  /** Steps whose prose marks them dangerous: the flag goes onto each of their commands. */
  markedSteps: Set<Step>;
  /** Steps that hold only child steps and prose: dropped when finishing. */
  containers: Set<Step>;
  /** Line ranges each step owns, for its body. */
  ranges: Map<Step, [number, number]>;
  /** Heading level of heading steps (7 for a bold "**Step 2: ...**" line). */
  levels: Map<Step, number>;
  /** Anchor links written in a branch body, used when linking its outcome. */
  pendingLinks: Map<object, string[]>;
  /** Sections whose steps are all entered on one answer (a branch label right under their step heading). */
  sectionGuards: Map<string, Guard>;
  firstH1?: string;
}

export class BuildState {
  readonly out: Built = {
    sections: [],
    steps: [],
    commands: [],
    paramDecls: [],
    checks: 0,
    decisionSections: new Map(),
    markedSteps: new Set(),
    containers: new Set(),
    ranges: new Map(),
    levels: new Map(),
    pendingLinks: new Map(),
    sectionGuards: new Map(),
  };
  protected section: Section | undefined;
  protected headingStep: { step: Step; level: number; hasChild: boolean } | undefined;
  protected blockStep: Step | undefined;
  protected pendingAttrs: FenceAttrs | undefined;
  protected label: Label | undefined;
  protected lastBranch: { decision: Decision; branch: Branch } | undefined;
  protected lastForm: SignoffForm | undefined;
  /** The sign-off form of the block right above, which a `☐ Yes ☐ No` line joins. */
  protected formAbove: SignoffForm | undefined;
  protected listDecision: { decision: Decision; sectionId: string | undefined } | undefined;
  protected n = { step: 0, cmd: 0, ev: 0, gate: 0, dec: 0, so: 0, script: 0, traffic: 0 };
  /** Top-level blocks read since the last heading. */
  protected blocksSinceHeading = 0;
  protected readonly slugs = new Map<string, number>();
  protected readonly sectionById = new Map<string, Section>();
  /** Sections that can still parent the next heading, outermost first. */
  protected readonly openSections: Section[] = [];

  constructor(
    protected readonly docTitle: string,
    protected readonly diags: Diagnostic[],
  ) {}

  protected startHeadingStep(title: string, line: number, level: number): void {
    if (this.headingStep && level === 7) this.closeHeadingStep();
    const step = this.newStep('heading', title, line);
    this.out.levels.set(step, level);
    this.headingStep = { step, level, hasChild: false };
  }

  protected closeHeadingStep(): void {
    const h = this.headingStep;
    if (!h) return;
    if (h.hasChild && isEmpty(h.step)) this.out.containers.add(h.step);
    this.headingStep = undefined;
  }

  protected newStep(kind: StepKind, title: string, line: number): Step {
    const step = blankStep({
      id: `step-${++this.n.step}`,
      kind,
      title: title || this.section?.title || this.docTitle,
      line,
      sectionId: this.section?.id ?? '',
    });
    this.out.steps.push(step);
    return step;
  }

  /** The step that owns loose content here, creating the section's block step on demand. */
  protected owner(ctx: Ctx, line: number): Step {
    if (ctx.step) return ctx.step;
    if (this.headingStep) return this.headingStep.step;
    this.blockStep ??= this.newStep('block', this.section?.title ?? this.docTitle, line);
    return this.blockStep;
  }

  protected addItem(step: Step, text: string, line: number, checked: boolean, depth: number): ChecklistItem {
    const item: ChecklistItem = { id: `${step.id}.i${step.items.length + 1}`, line, text: cleanTitle(stripInline(text)), checked, depth };
    step.items.push(item);
    this.addResult(step, text, line, item.id);
    return item;
  }

  /** A checklist line asking for a result (PASS / FAIL, Yes / No): the step records the answer. */
  protected addResult(step: Step, text: string, line: number, itemId?: string): void {
    const results = (step.results ??= []);
    const choice = resultChoice(text, `${step.id}.r${results.length + 1}`, line);
    if (choice) results.push(itemId ? { ...choice, itemId } : choice);
    if (results.length === 0) delete step.results;
  }

  protected addDecision(step: Step, kind: DecisionKind, title: string, line: number, questions: DecisionNode[], context?: string): Decision {
    const d: Decision = { id: `dec-${++this.n.dec}`, line, kind, title, questions };
    if (context) d.context = context;
    step.decisions.push(d);
    this.out.decisionSections.set(d, this.section?.id);
    return d;
  }

  protected addGate(step: Step, line: number, text: string, thresholds: Threshold[], abort: boolean): Gate {
    const gate: Gate = { id: `gate-${++this.n.gate}`, line, text, thresholds, mode: abort ? 'abort-if' : 'require' };
    step.gates.push(gate);
    return gate;
  }

  protected addForm(step: Step, form: SignoffForm): void {
    form.id = `so-${++this.n.so}`;
    step.signoffs.push(form);
    this.lastForm = form;
  }

  /** "Approval:" over "Role: ____" lines: a sign-off form of the step (or the section's block step). */
  protected signoffList(label: Label, lines: string[], ctx: Ctx): boolean {
    const form = signoffFromLines(label.text, lines);
    if (!form) return false;
    this.addForm(this.owner(ctx, label.line), { id: '', line: label.line, title: form.title, roles: form.roles, fourEyes: form.roles.length > 1 });
    return true;
  }

  /** A script to keep: content with a copy action, its positional arguments declared. */
  protected script(b: FenceBlock, ctx: Ctx, lang: string, fileName: string | undefined): void {
    const step = this.owner(ctx, b.line);
    const code = b.content.replace(/\n$/, '');
    const block: ScriptBlock = { id: `script-${++this.n.script}`, line: b.line, lang: lang || 'sh', code, args: scriptArgs(code) };
    if (fileName) block.fileName = fileName;
    (step.scripts ??= []).push(block);
  }

  protected command(b: FenceBlock, ctx: Ctx, lang: Command['lang'], runnable: boolean, attrs: FenceAttrs | undefined, script: boolean): void {
    const step = this.owner(ctx, b.line);
    const context = [step.title, ...this.sectionPath()].join(' / ');
    const { command, scan, gates } = buildCommand(b, `cmd-${++this.n.cmd}`, lang, runnable, attrs, context, this.diags);
    if (script) {
      // A script run with arguments asks for them; the words of its usage line are not parameters.
      const args = scriptArgs(command.code);
      if (args.length > 0) command.args = args;
      const lines = command.code.split('\n');
      scan.uses = scan.uses.filter((u) => !isUsageLine(lines[u.line - b.line - 1] ?? ''));
    }
    for (const g of gates) this.addGate(step, g.line, g.text, g.thresholds, g.abort);
    step.commands.push(command);
    step.expectations.push(...command.expectations);
    for (const d of command.danger) step.danger.push(d);
    if (ctx.item) (ctx.item.commandIds ??= []).push(command.id);
    this.out.commands.push({ command, scan });
  }

  protected sectionPath(): string[] {
    const path: string[] = [];
    let s = this.section;
    const byId = this.sectionById;
    for (let guard = 0; s && guard < 50; guard++) {
      path.push(s.title);
      s = s.parentId ? byId.get(s.parentId) : undefined;
    }
    return path;
  }
}

export function isEmpty(step: Step): boolean {
  return (
    step.commands.length === 0 &&
    step.items.length === 0 &&
    step.evidence.length === 0 &&
    step.gates.length === 0 &&
    (step.traffic?.length ?? 0) === 0 &&
    (step.waits?.length ?? 0) === 0 &&
    step.decisions.length === 0 &&
    step.signoffs.length === 0 &&
    step.expectations.length === 0
  );
}
