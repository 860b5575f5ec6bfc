// Walks the block tree and decides who owns what. Steps come from:
//   - numbered step headings ("### Step 4: ...", "#### 1.2 ...") and bold "**Step 2: ...**"
//     lines: the step owns everything up to the next step or heading of its level or higher;
//     checklist items inside become its items;
//   - `- [ ]` items outside such a region: each is a step owning its nested content;
//   - ordered items holding commands (or after a "Procedure:" label): procedure steps;
//   - anything else actionable (a command, decision, gate, sign-off, evidence, wait) that no
//     step owns: one "block" step per section, titled by the section.
import type { Block, FenceBlock, ListBlock, ListItem } from './markdown-blocks.js';
import type { Section, Step, Threshold } from './model.js';
import { scriptFence } from './scripts.js';
import { isContingencyTitle } from './flow.js';
import { mergeAttrs, parseAttrs, readDirectives, splitInfo } from './annotations.js';
import { WaitBuilder } from './build-waits.js';
import type { Built, Ctx, Label } from './build-state.js';
import { decisionBlock, metricBlock, signoffBlock } from './annotation-blocks.js';
import { trafficBlock } from './traffic-block.js';
import { checklistLines, fenceRole } from './commands.js';
import { proseDanger } from './danger.js';
import { looksLikeTree, parseAsciiTree } from './decision-tree.js';
import { isDecisionListLabel, parseBranch } from './decisions.js';
import { evidenceKind, evidenceText } from './evidence.js';
import { expectationsFromProse } from './expectations.js';
import { approvedByForm, parseChoice } from './signoffs.js';
import { cleanTitle, firstLine, slugify, stripInline } from './text.js';
import { findThresholds, isAbortWording } from './thresholds.js';

const STEP_HEADING = /^(?:(?:step|phase|stage)\s+\d+[a-z]?\b|\d+(?:\.\d+)*[.):]?\s+\S)/i;
const BOLD_STEP = /^(?:step|phase|stage)\s+\d+[a-z]?\s*[:.)-]\s*\S/i;

export type { Built, CommandRecord } from './build-state.js';

export class StepBuilder extends WaitBuilder {
  /** The checklist item right above: a fenced block after it is its own, up to the next item or heading. */
  private lastItem: Ctx | undefined;

  /** Feeds top-level blocks; may be called once per chunk of a large document. */
  feed(blocks: Block[]): void {
    for (const b of blocks) this.block(b, { depth: 0 }, true);
  }

  finish(): Built {
    this.closeHeadingStep();
    this.dropEmptyParents();
    return this.out;
  }

  private block(b: Block, outer: Ctx, topLevel: boolean): void {
    const label = this.label;
    this.label = undefined;
    this.formAbove = this.lastForm;
    this.lastForm = undefined;
    const ctx = topLevel ? this.route(b, outer) : outer;
    switch (b.type) {
      case 'heading':
        if (label?.branch) {
          if (topLevel) this.guardSection({ ...label, branch: label.branch }, ctx);
          else this.branchDecision(label.branch, label.line, 'Follow the steps below', ctx, []);
        }
        if (topLevel) this.heading(b.level, b.text, b.line);
        else this.paragraph(b.text, b.raw, b.line, b.links, ctx);
        return;
      case 'paragraph': {
        const bold = /^\s*(\*\*|__)/.test(b.raw);
        if (topLevel && !outer.step && BOLD_STEP.test(b.text) && bold) {
          this.closeSub('all');
          this.blocksSinceHeading = 0;
          this.startHeadingStep(cleanTitle(b.text), b.line, 7);
          if (this.headingStep) this.guardFromTitle(this.headingStep.step);
          return;
        }
        if (topLevel && !outer.step && bold && this.isOptionLine(b.text)) {
          this.openOption(stripInline(b.text), b.line);
          return;
        }
        this.paragraph(b.text, b.raw, b.line, b.links, ctx);
        return;
      }
      case 'list':
        this.list(b, ctx, label, topLevel);
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
          else if (d.kind === 'wait') this.waitFromDirective(d.wait, d.line, ctx);
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

  /** Where a top-level block goes: the open sub-step, or the checklist item right above it. */
  private route(b: Block, ctx: Ctx): Ctx {
    this.blocksSinceHeading++;
    switch (b.type) {
      case 'heading':
        this.blocksSinceHeading = 0;
        this.closeSub('all');
        this.lastItem = undefined;
        return ctx;
      case 'hr':
        this.closeSub('all');
        this.lastItem = undefined;
        return ctx;
      case 'paragraph':
        this.closeSub('block');
        if (parseBranch(b.text) || this.isOptionLine(b.text)) this.lastItem = undefined;
        break;
      case 'list':
        this.lastItem = undefined;
        break;
      default:
        break;
    }
    if (this.sub) {
      this.grow(this.sub.step, b.endLine);
      return { step: this.sub.step, depth: 0 };
    }
    if (this.lastItem?.step && b.type === 'fence') {
      this.grow(this.lastItem.step, b.endLine);
      return this.lastItem;
    }
    return ctx;
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
    // A Troubleshooting / Rollback sub-heading is not part of the step above it: it is a contingency.
    if (this.headingStep && (level <= this.headingStep.level || isStep || isContingencyTitle(title))) {
      if (isStep && level > this.headingStep.level) this.headingStep.hasChild = true;
      this.closeHeadingStep();
    }
    if (isStep) {
      this.startHeadingStep(title, line, level);
      if (this.headingStep) this.guardFromTitle(this.headingStep.step);
    }
  }

  // ---- lists ----------------------------------------------------------------------------

  private list(b: ListBlock, outer: Ctx, label: Label | undefined, topLevel: boolean): void {
    let ctx = outer;
    if (!ctx.step && this.isChooseOne(label) && b.items.length >= 2) {
      this.chooseOne(b);
      return;
    }
    const plainItems = b.items.filter((i) => !i.checkbox);
    if (label && !label.branch && plainItems.length === b.items.length && this.signoffList(label, b.items.map((i) => firstLine(i.raw)), ctx)) return;
    const runs = b.items.some((i) => i.checkbox || i.children.some((c) => c.type === 'fence'));
    if (label?.branch && runs) {
      const body = b.items.map((i) => firstLine(i.text)).join('; ');
      ctx = this.openConditional({ ...label, branch: label.branch }, ctx, body, b.items.flatMap((i) => i.links));
      if (ctx.step) this.grow(ctx.step, b.endLine);
    } else if (label && plainItems.length > 0) {
      if (label.branch) {
        this.branchDecision(label.branch, label.line, plainItems.map((i) => firstLine(i.text)).join('; '), ctx, b.items.flatMap((i) => i.links));
      } else if (isDecisionListLabel(label.text)) {
        this.listDecisionFrom(label, plainItems, ctx);
      }
    }
    const ownedByStep = ctx.step ?? this.headingStep?.step;
    const grouped: Threshold[] = [];
    const procedure = !!label && /\b(procedure|steps)\s*:?\s*$/i.test(label.text);
    let last: Ctx | undefined;
    for (const item of b.items) {
      last = undefined;
      if (item.checkbox) {
        this.out.checks++;
        if (ownedByStep) {
          const ci = this.addItem(ownedByStep, firstLine(item.text), item.line, item.checkbox.checked, ctx.item ? ctx.depth + 1 : 0);
          grouped.push(...findThresholds(item.text));
          this.itemProse(item, ownedByStep, false);
          last = { step: ownedByStep, item: ci, depth: ci.depth ?? 0 };
          for (const child of item.children) this.block(child, last, false);
        } else {
          const step = this.newStep('check', cleanTitle(stripInline(firstLine(item.raw))), item.line);
          step.checkedInSource = item.checkbox.checked;
          this.addResult(step, firstLine(item.text), item.line);
          this.out.ranges.set(step, [item.line, item.endLine]);
          this.itemProse(item, step, true);
          last = { step, depth: 0 };
          for (const child of item.children) this.block(child, last, false);
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
    if (topLevel && !this.sub) this.lastItem = last;
  }

  /** "Choose one of:" and a list: each item is an option of one choice. */
  private chooseOne(b: ListBlock): void {
    for (const item of b.items) {
      const step = this.openOption(cleanTitle(stripInline(firstLine(item.raw))), item.line);
      this.grow(step, item.endLine);
      if (item.checkbox) this.out.checks++;
      this.itemProse(item, step, true);
      for (const child of item.children) this.block(child, { step, depth: 0 }, false);
    }
    this.closeSub('all');
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
      else this.label = { text, line, branch, opensStep: this.blocksSinceHeading === 1 };
      return;
    }
    const consumed = this.prose(text, line, ctx, links, true, raw);
    if (!consumed && /:\s*$/.test(text.trim()) && text.length < 200) this.label = { text: stripInline(raw), line };
  }

  /** Evidence, sign-off lines, choices, expectations, thresholds, danger marks. Returns true when the text was one of them. */
  private prose(text: string, line: number, ctx: Ctx, links: string[], allowGate: boolean, raw?: string): boolean {
    this.waitFromProse(text, line, ctx);
    const ev = evidenceText(text);
    if (ev) return !!this.owner(ctx, line).evidence.push({ id: `ev-${++this.n.ev}`, line, text: ev, kind: evidenceKind(ev) });
    // raw: the inline text drops runs of underscores (they read as emphasis markers)
    const [head, ...rest] = (raw ?? text).split('\n');
    if (head !== undefined && rest.length > 0 && this.signoffList({ text: head, line }, rest, ctx)) return true;
    const approved = approvedByForm(firstLine(raw ?? text));
    if (approved) this.addForm(this.owner(ctx, line), { id: '', line, ...approved, fourEyes: false });
    if (approved) return true;
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

  // ---- code blocks ----------------------------------------------------------------------

  private fence(b: FenceBlock, outer: Ctx, label: Label | undefined): void {
    let ctx = outer;
    if (!b.closed) {
      this.diags.push({ line: b.line, severity: 'error', message: 'code block is never closed: add the closing ``` (everything after it was read as code)' });
    }
    const { lang, attrs: attrText } = splitInfo(b.info);
    const fenceAttrs = attrText !== undefined ? parseAttrs(attrText, b.line, this.diags) : undefined;
    const attrs = mergeAttrs(this.pendingAttrs, fenceAttrs);
    this.pendingAttrs = undefined;
    const role = fenceRole(lang, b.content);
    if (label?.branch) {
      ctx = this.openConditional({ ...label, branch: label.branch }, ctx, 'Run the commands below', []);
      if (ctx.step) this.grow(ctx.step, b.endLine);
    }
    switch (role.role) {
      case 'metric': {
        const m = metricBlock(b.content, b.line, this.diags);
        if (m) {
          const gate = this.addGate(this.owner(ctx, b.line), m.line, m.title, m.thresholds, m.mode === 'abort-if');
          gate.source = m.source;
        }
        return;
      }
      case 'traffic': {
        const t = trafficBlock(b.content, b.line, this.diags);
        if (t) (this.owner(ctx, b.line).traffic ??= []).push({ ...t, id: `traffic-${++this.n.traffic}` });
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
      case 'content': {
        if (attrs?.ignore) break;
        const script = scriptFence(b.content, label?.text);
        if (script?.library) {
          this.script(b, ctx, lang, script.fileName);
          return;
        }
        if (role.role === 'command') {
          if (this.waitFromSleep(b, ctx, label)) return;
          this.command(b, ctx, role.lang, role.runnable, attrs, !!script);
          this.waitsInBlock(b, ctx);
          return;
        }
        break;
      }
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
          this.addResult(step, l.text, b.line + 1 + l.offset);
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
}
