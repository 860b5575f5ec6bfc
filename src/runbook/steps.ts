// Walks the block tree and decides who owns what. Steps come from:
//   - numbered step headings ("### Step 4: ...", "#### 1.2 ...") and bold "**Step 2: ...**"
//     lines: the step owns everything up to the next step or heading of its level or higher;
//     checklist items inside become its items;
//   - `- [ ]` items outside such a region: each is a step owning its nested content;
//   - ordered items holding commands (or after a "Procedure:" label): procedure steps;
//   - anything else actionable (a command, decision, gate, sign-off, evidence) that no step
//     owns: one "block" step per section, titled by the section.
import { blankStep } from './blank-step.js';
import type { Block, FenceBlock, ListBlock, ListItem, TableBlock } from './markdown.js';
import type {
  ChecklistItem,
  Command,
  Decision,
  DecisionKind,
  DecisionNode,
  Diagnostic,
  Gate,
  Section,
  SignoffForm,
  Step,
  StepKind,
  Threshold,
} from './model.js';
import { mergeAttrs, parseAttrs, readDirectives, splitInfo, type FenceAttrs, type ParamDeclaration } from './annotations.js';
import { decisionBlock, metricBlock, signoffBlock } from './annotation-blocks.js';
import { checklistLines, fenceRole } from './commands.js';
import { proseDanger } from './danger.js';
import { buildCommand } from './fence-command.js';
import { looksLikeTree, parseAsciiTree } from './decision-tree.js';
import { isDecisionListLabel, listQuestion, parseBranch, questionOf, type Branch } from './decisions.js';
import { evidenceKind, evidenceText } from './evidence.js';
import { expectationsFromProse } from './expectations.js';
import type { ParamScan } from './params.js';
import { approvedByRole, parseChoice, signoffFromTable } from './signoffs.js';
import { cleanTitle, firstLine, slugify, stripInline } from './text.js';
import { findThresholds, isAbortWording, thresholdFromCell } from './thresholds.js';

const STEP_HEADING = /^(?:(?:step|phase|stage)\s+\d+[a-z]?\b|\d+(?:\.\d+)*[.):]?\s+\S)/i;
const BOLD_STEP = /^(?:step|phase|stage)\s+\d+[a-z]?\s*[:.)-]\s*\S/i;

interface Ctx {
  step?: Step;
  item?: ChecklistItem;
  depth: number;
}

interface Label {
  text: string;
  line: number;
  branch?: Branch;
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
  firstH1?: string;
}

export class StepBuilder {
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
  };
  private section: Section | undefined;
  private headingStep: { step: Step; level: number; hasChild: boolean } | undefined;
  private blockStep: Step | undefined;
  private pendingAttrs: FenceAttrs | undefined;
  private label: Label | undefined;
  private lastBranch: { decision: Decision; branch: Branch } | undefined;
  private lastForm: SignoffForm | undefined;
  /** The sign-off form of the block right above, which a `☐ Yes ☐ No` line joins. */
  private formAbove: SignoffForm | undefined;
  private listDecision: { decision: Decision; sectionId: string | undefined } | undefined;
  private n = { step: 0, cmd: 0, ev: 0, gate: 0, dec: 0, so: 0 };
  private readonly slugs = new Map<string, number>();
  private readonly sectionById = new Map<string, Section>();
  /** Sections that can still parent the next heading, outermost first. */
  private readonly openSections: Section[] = [];

  constructor(
    private readonly docTitle: string,
    private readonly diags: Diagnostic[],
  ) {}

  /** Feeds top-level blocks; may be called once per chunk of a large document. */
  feed(blocks: Block[]): void {
    for (const b of blocks) this.block(b, { depth: 0 }, true);
  }

  finish(): Built {
    this.closeHeadingStep();
    return this.out;
  }

  // ---- structure -------------------------------------------------------------------

  private block(b: Block, ctx: Ctx, topLevel: boolean): void {
    const label = this.label;
    this.label = undefined;
    this.formAbove = this.lastForm;
    this.lastForm = undefined;
    switch (b.type) {
      case 'heading':
        if (label?.branch) this.branchDecision(label.branch, label.line, 'Follow the steps below', ctx, []);
        if (topLevel) this.heading(b.level, b.text, b.line);
        else this.paragraph(b.text, b.raw, b.line, b.links, ctx);
        return;
      case 'paragraph':
        if (topLevel && !ctx.step && BOLD_STEP.test(b.text) && /^\s*(\*\*|__)/.test(b.raw)) {
          this.startHeadingStep(cleanTitle(b.text), b.line, 7);
          return;
        }
        this.paragraph(b.text, b.raw, b.line, b.links, ctx);
        return;
      case 'list':
        this.list(b, ctx, label);
        return;
      case 'fence':
        this.fence(b, ctx, label);
        return;
      case 'table':
        this.table(b, ctx, label);
        return;
      case 'html': {
        for (const d of readDirectives(b.content, b.line, this.diags)) {
          if (d.kind === 'param') this.out.paramDecls.push(d.param);
          else this.pendingAttrs = mergeAttrs(this.pendingAttrs, d.attrs);
        }
        return;
      }
      case 'blockquote':
        for (const child of b.children) this.block(child, ctx, false);
        return;
      case 'hr':
        return;
      default: {
        const never: never = b;
        throw new Error(`unhandled block ${JSON.stringify(never)}`);
      }
    }
  }

  private heading(level: number, text: string, line: number): void {
    const title = cleanTitle(text);
    if (level === 1 && this.out.firstH1 === undefined) this.out.firstH1 = title;
    while (this.openSections.length > 0 && (this.openSections[this.openSections.length - 1]?.level ?? 0) >= level) this.openSections.pop();
    const parent = this.openSections[this.openSections.length - 1];
    const base = slugify(title) || 'section';
    const seen = this.slugs.get(base) ?? 0;
    this.slugs.set(base, seen + 1);
    const section: Section = { id: seen === 0 ? base : `${base}-${seen}`, title, level, line, stepIds: [] };
    if (parent) section.parentId = parent.id;
    this.out.sections.push(section);
    this.sectionById.set(section.id, section);
    this.openSections.push(section);
    this.section = section;
    this.blockStep = undefined;
    this.listDecision = undefined;
    const isStep = STEP_HEADING.test(title);
    if (this.headingStep && (level <= this.headingStep.level || isStep)) {
      if (isStep && level > this.headingStep.level) this.headingStep.hasChild = true;
      this.closeHeadingStep();
    }
    if (isStep) this.startHeadingStep(title, line, level);
  }

  private startHeadingStep(title: string, line: number, level: number): void {
    if (this.headingStep && level === 7) this.closeHeadingStep();
    const step = this.newStep('heading', title, line);
    this.out.levels.set(step, level);
    this.headingStep = { step, level, hasChild: false };
  }

  private closeHeadingStep(): void {
    const h = this.headingStep;
    if (!h) return;
    if (h.hasChild && isEmpty(h.step)) this.out.containers.add(h.step);
    this.headingStep = undefined;
  }

  private newStep(kind: StepKind, title: string, line: number): Step {
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
  private owner(ctx: Ctx, line: number): Step {
    if (ctx.step) return ctx.step;
    if (this.headingStep) return this.headingStep.step;
    this.blockStep ??= this.newStep('block', this.section?.title ?? this.docTitle, line);
    return this.blockStep;
  }

  // ---- lists ----------------------------------------------------------------------------

  private list(b: ListBlock, ctx: Ctx, label: Label | undefined): void {
    const plainItems = b.items.filter((i) => !i.checkbox);
    if (label && plainItems.length > 0) {
      if (label.branch) {
        this.branchDecision(label.branch, label.line, plainItems.map((i) => firstLine(i.text)).join('; '), ctx, b.items.flatMap((i) => i.links));
      } else if (isDecisionListLabel(label.text)) {
        this.listDecisionFrom(label, plainItems, ctx);
      }
    }
    const ownedByStep = ctx.step ?? this.headingStep?.step;
    const grouped: Threshold[] = [];
    const procedure = !!label && /\b(procedure|steps)\s*:?\s*$/i.test(label.text);
    for (const item of b.items) {
      if (item.checkbox) {
        this.out.checks++;
        if (ownedByStep) {
          const ci = this.addItem(ownedByStep, firstLine(item.text), item.line, item.checkbox.checked, ctx.item ? ctx.depth + 1 : 0);
          grouped.push(...findThresholds(item.text));
          this.itemProse(item, ownedByStep, false);
          for (const child of item.children) this.block(child, { step: ownedByStep, item: ci, depth: ci.depth ?? 0 }, false);
        } else {
          const step = this.newStep('check', cleanTitle(stripInline(firstLine(item.raw))), item.line);
          step.checkedInSource = item.checkbox.checked;
          this.out.ranges.set(step, [item.line, item.endLine]);
          this.itemProse(item, step, true);
          for (const child of item.children) this.block(child, { step, depth: 0 }, false);
        }
        continue;
      }
      if (!ownedByStep && b.ordered && (procedure || item.children.some((c) => c.type === 'fence'))) {
        const step = this.newStep('procedure', cleanTitle(stripInline(firstLine(item.raw))), item.line);
        this.out.ranges.set(step, [item.line, item.endLine]);
        this.itemProse(item, step, true);
        for (const child of item.children) this.block(child, { step, depth: 0 }, false);
        continue;
      }
      if (!label?.branch) grouped.push(...findThresholds(item.text));
      this.itemProse(item, undefined, false, ctx);
      for (const child of item.children) this.block(child, ctx, false);
    }
    if (grouped.length > 0 && !(label && (label.branch || isDecisionListLabel(label.text)))) {
      const text = label ? label.text.replace(/:\s*$/, '') : b.items.map((i) => firstLine(i.text)).join('; ');
      this.addGate(this.owner(ctx, b.line), b.line, text, grouped, label ? isAbortWording(label.text) : false);
    }
  }

  private addItem(step: Step, text: string, line: number, checked: boolean, depth: number): ChecklistItem {
    const item: ChecklistItem = { id: `${step.id}.i${step.items.length + 1}`, line, text: cleanTitle(stripInline(text)), checked, depth };
    step.items.push(item);
    return item;
  }

  /** The item's own text: evidence, expectations, gates (for its own step), danger marks. */
  private itemProse(item: ListItem, step: Step | undefined, ownStep: boolean, ctx: Ctx = { depth: 0 }): void {
    if (ownStep) {
      const thresholds = findThresholds(item.text);
      if (thresholds.length > 0) this.addGate(step ?? this.owner(ctx, item.line), item.line, firstLine(item.text), thresholds, isAbortWording(item.text));
    }
    this.prose(item.text, item.line, step ? { step, depth: 0 } : ctx, item.links, false);
  }

  // ---- paragraphs -----------------------------------------------------------------------

  private paragraph(text: string, raw: string, line: number, links: string[], ctx: Ctx): void {
    const branch = parseBranch(text);
    if (branch) {
      if (branch.body) this.branchDecision(branch, line, branch.body, ctx, links);
      else this.label = { text, line, branch };
      return;
    }
    const consumed = this.prose(text, line, ctx, links, true, raw);
    if (!consumed && /:\s*$/.test(text.trim()) && text.length < 200) this.label = { text: stripInline(raw), line };
  }

  /** Evidence, sign-off lines, choices, expectations, thresholds, danger marks. Returns true when the text was one of them. */
  private prose(text: string, line: number, ctx: Ctx, links: string[], allowGate: boolean, raw?: string): boolean {
    const ev = evidenceText(text);
    if (ev) {
      this.owner(ctx, line).evidence.push({ id: `ev-${++this.n.ev}`, line, text: ev, kind: evidenceKind(ev) });
      return true;
    }
    const role = approvedByRole(text);
    if (role) {
      this.addForm(this.owner(ctx, line), { id: '', line, title: firstLine(text), roles: [role], fourEyes: false });
      return true;
    }
    const choice = parseChoice(text);
    if (choice) {
      if (this.formAbove && !this.formAbove.choice) this.formAbove.choice = choice;
      else this.choiceDecision(choice, line, ctx);
      this.formAbove = undefined;
      return true;
    }
    const exps = expectationsFromProse(text, line, raw);
    if (exps.length > 0) {
      const step = this.owner(ctx, line);
      step.expectations.push(...exps);
      step.commands[step.commands.length - 1]?.expectations.push(...exps);
      return true;
    }
    const danger = proseDanger(text, line);
    if (danger) {
      const step = this.owner(ctx, line);
      step.danger.push(danger);
      this.out.markedSteps.add(step);
    }
    if (allowGate) {
      const thresholds = findThresholds(text);
      if (thresholds.length > 0) {
        this.addGate(this.owner(ctx, line), line, firstLine(text), thresholds, isAbortWording(text));
        return true;
      }
    }
    return !!danger;
  }

  // ---- decisions, gates, sign-offs --------------------------------------------------------

  private addDecision(step: Step, kind: DecisionKind, title: string, line: number, questions: DecisionNode[], context?: string): Decision {
    const d: Decision = { id: `dec-${++this.n.dec}`, line, kind, title, questions };
    if (context) d.context = context;
    step.decisions.push(d);
    this.out.decisionSections.set(d, this.section?.id);
    return d;
  }

  private branchDecision(branch: Branch, line: number, body: string, ctx: Ctx, links: string[]): void {
    const prev = this.lastBranch;
    const bodyText = body.length > 300 ? `${body.slice(0, 297)}...` : body;
    if (
      prev &&
      line - prev.decision.line <= 60 &&
      prev.branch.subject === branch.subject &&
      prev.branch.polarity !== 'neutral' &&
      branch.polarity !== 'neutral' &&
      prev.branch.polarity !== branch.polarity
    ) {
      const q = prev.decision.questions[0];
      if (q) {
        q.answers = q.answers.filter((a) => a.label !== 'No');
        q.answers.push({ label: 'No', outcome: { kind: 'continue', text: bodyText } });
      }
      this.lastBranch = undefined;
      return;
    }
    const yes = { kind: 'action' as const, text: bodyText || 'Follow the steps below' };
    const node: DecisionNode = {
      line,
      question: questionOf(branch.condition),
      answers: [
        { label: 'Yes', outcome: yes },
        { label: 'No', outcome: { kind: 'continue' } },
      ],
    };
    const thresholds = findThresholds(branch.condition);
    if (thresholds.length > 0) node.thresholds = thresholds;
    const decision = this.addDecision(this.owner(ctx, line), 'branch', `If ${branch.condition}`, line, [node]);
    if (links.length > 0) this.out.pendingLinks.set(yes, links);
    this.lastBranch = { decision, branch };
  }


  private listDecisionFrom(label: Label, items: ListItem[], ctx: Ctx): void {
    const node = listQuestion(label.text, items.map((i) => firstLine(i.text)), label.line);
    const current = this.listDecision;
    if (current && current.sectionId === this.section?.id) {
      current.decision.questions.push(node);
    } else {
      const decision = this.addDecision(this.owner(ctx, label.line), 'list', this.section?.title ?? label.text, label.line, [node]);
      this.listDecision = { decision, sectionId: this.section?.id };
    }
  }

  private choiceDecision(choice: { label: string; options: string[] }, line: number, ctx: Ctx): void {
    const node: DecisionNode = {
      line,
      question: choice.label.endsWith('?') ? choice.label : `${choice.label}?`,
      answers: choice.options.map((o) => ({ label: o, outcome: { kind: 'continue' } })),
    };
    this.addDecision(this.owner(ctx, line), 'choice', choice.label, line, [node]);
  }

  private addGate(step: Step, line: number, text: string, thresholds: Threshold[], abort: boolean): Gate {
    const gate: Gate = { id: `gate-${++this.n.gate}`, line, text, thresholds, mode: abort ? 'abort-if' : 'require' };
    step.gates.push(gate);
    return gate;
  }

  private addForm(step: Step, form: SignoffForm): void {
    form.id = `so-${++this.n.so}`;
    step.signoffs.push(form);
    this.lastForm = form;
  }

  private table(b: TableBlock, ctx: Ctx, label: Label | undefined): void {
    const title = this.headingStep?.step.title ?? this.section?.title ?? this.docTitle;
    const form = signoffFromTable(b, title);
    if (form) {
      this.addForm(this.owner(ctx, b.line), { id: '', line: form.line, title: form.title, roles: form.roles, fourEyes: form.roles.length > 1 });
      return;
    }
    const header = b.header.map((h) => h.toLowerCase());
    const metricCol = header.findIndex((h) => /metric|signal|indicator/.test(h));
    const thresholdCol = header.findIndex((h) => /threshold|limit|target|slo/.test(h));
    const warnOnly = !!label && /\bwarn/i.test(label.text);
    if (metricCol >= 0 && thresholdCol >= 0 && !warnOnly) {
      const thresholds = b.rows
        .map((r) => thresholdFromCell(r[metricCol] ?? '', r[thresholdCol] ?? ''))
        .filter((t): t is Threshold => !!t);
      if (thresholds.length > 0) {
        const text = label?.text.replace(/:\s*$/, '') ?? `${b.header[metricCol] ?? 'Metric'} thresholds`;
        this.addGate(this.owner(ctx, b.line), b.line, text, thresholds, isAbortWording(label?.text ?? header.join(' ')));
      }
    }
    b.rows.forEach((row, i) => {
      const choice = parseChoice(row.join(' | '));
      if (choice) this.choiceDecision(choice, b.rowLines[i] ?? b.line, ctx);
    });
  }

  // ---- code blocks ----------------------------------------------------------------------

  private fence(b: FenceBlock, ctx: Ctx, label: Label | undefined): void {
    if (!b.closed) {
      this.diags.push({ line: b.line, severity: 'error', message: 'code block is never closed: add the closing ``` (everything after it was read as code)' });
    }
    const { lang, attrs: attrText } = splitInfo(b.info);
    const fenceAttrs = attrText !== undefined ? parseAttrs(attrText, b.line, this.diags) : undefined;
    const attrs = mergeAttrs(this.pendingAttrs, fenceAttrs);
    this.pendingAttrs = undefined;
    const role = fenceRole(lang, b.content);
    if (label?.branch) this.branchDecision(label.branch, label.line, 'Run the commands below', ctx, []);
    switch (role.role) {
      case 'metric': {
        const m = metricBlock(b.content, b.line, this.diags);
        if (m) {
          const gate = this.addGate(this.owner(ctx, b.line), m.line, m.title, m.thresholds, m.mode === 'abort-if');
          gate.source = m.source;
        }
        return;
      }
      case 'decision': {
        const d = decisionBlock(b.content, b.line, this.diags);
        if (d) this.addDecision(this.owner(ctx, b.line), 'annotation', d.title ?? this.section?.title ?? 'Decision', d.line, d.questions);
        return;
      }
      case 'signoff': {
        const s = signoffBlock(b.content, b.line, this.diags);
        if (s) {
          this.addForm(this.owner(ctx, b.line), { id: '', line: s.line, title: s.title, roles: s.roles, fourEyes: s.fourEyes ?? s.roles.length > 1, ...(s.choice ? { choice: s.choice } : {}) });
        }
        return;
      }
      case 'command':
        if (!attrs?.ignore) {
          this.command(b, ctx, role.lang, role.runnable, attrs);
          return;
        }
        break;
      case 'content':
        break;
      default: {
        const never: never = role;
        throw new Error(`unhandled fence role ${JSON.stringify(never)}`);
      }
    }
    if (attrs && !attrs.ignore) {
      this.diags.push({ line: b.line, severity: 'warning', message: `annotation on a ${lang || 'plain'} block that is not a command is ignored` });
    }
    const lines = checklistLines(b.content);
    if (lines.length > 0) {
      this.out.checks += lines.length;
      for (const l of lines) {
        if (ctx.step ?? this.headingStep) this.addItem(this.owner(ctx, b.line), l.text, b.line + 1 + l.offset, l.checked, ctx.depth);
        else {
          const step = this.newStep('check', cleanTitle(l.text), b.line + 1 + l.offset);
          step.checkedInSource = l.checked;
          this.out.ranges.set(step, [b.line + 1 + l.offset, b.line + 1 + l.offset]);
        }
      }
    }
    if (looksLikeTree(b.content)) {
      const tree = parseAsciiTree(b.content, b.line + 1);
      if (tree.questions.length > 0) {
        const title = this.headingStep?.step.title ?? this.section?.title ?? 'Decision';
        this.addDecision(this.owner(ctx, b.line), 'tree', title, b.line, tree.questions, tree.context);
      }
    }
  }

  private command(b: FenceBlock, ctx: Ctx, lang: Command['lang'], runnable: boolean, attrs: FenceAttrs | undefined): void {
    const step = this.owner(ctx, b.line);
    const context = [step.title, ...this.sectionPath()].join(' / ');
    const { command, scan, gates } = buildCommand(b, `cmd-${++this.n.cmd}`, lang, runnable, attrs, context, this.diags);
    for (const g of gates) this.addGate(step, g.line, g.text, g.thresholds, g.abort);
    step.commands.push(command);
    step.expectations.push(...command.expectations);
    for (const d of command.danger) step.danger.push(d);
    if (ctx.item) (ctx.item.commandIds ??= []).push(command.id);
    this.out.commands.push({ command, scan });
  }

  private sectionPath(): string[] {
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

function isEmpty(step: Step): boolean {
  return (
    step.commands.length === 0 &&
    step.items.length === 0 &&
    step.evidence.length === 0 &&
    step.gates.length === 0 &&
    step.decisions.length === 0 &&
    step.signoffs.length === 0 &&
    step.expectations.length === 0
  );
}
