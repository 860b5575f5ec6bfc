// Decisions and the sub-steps they guard. "If X:" branches (a fail/pass pair is one
// decision), list decisions, ☐ choices, decision matrices, and the flow they shape:
//   - a block under "If X:" inside a step becomes a conditional sub-step guarded by the
//     decision's answer (or, when the label opens the step, the whole step is guarded);
//   - "**Option A: ...**" lines and "choose one of" lists become option sub-steps of one
//     choice (Step.alternative);
//   - a step heading that says "(if needed)" / "(first deployment only)" is guarded.
import { BuildState, isEmpty, type Ctx, type Label } from './build-state.js';
import { listQuestion, questionOf, type Branch } from './decisions.js';
import type { ListItem, TableBlock } from './markdown-blocks.js';
import type { Alternative, Decision, DecisionNode, Guard, Step, Threshold } from './model.js';
import { parseChoice, signoffFromTable } from './signoffs.js';
import { cleanTitle, firstLine, stripInline } from './text.js';
import { findThresholds, isAbortWording, thresholdFromCell } from './thresholds.js';

const OPTION = /^(?:option|approach|method|alternative)\s+(?:[A-Z]|\d{1,2})\b\s*[:.)-]?/i;
const CHOOSE_ONE = /\b(?:choose|pick|select|use)\s+(?:one|either)\b|\bone of the following\b/i;
const TITLE_IF = /\((?:only\s+)?(?:if|when)\s+([^)]+)\)|\s[-–—]\s*(?:only\s+)?if\s+([\w][\w\s]*)$/i;
/** "(first deployment only)", "(production only, off-peak)": a condition; "(metadata only)" is not. */
const TITLE_ONLY = /\(((?:first|initial|new|fresh|one-time)\b[^)]*?|(?:production|prod|staging|dev|development)(?:\s+environment)?)\s+only\b[^)]*\)/i;
const ACTION_COL = /^(?:action|actions|response|then|do|next step|outcome|what to do|resolution)$/;
const CONDITION_COL = /condition|trigger|symptom|scenario|^if$|^when$|situation|issue|problem|error|metric|signal/;

/** The sub-step taking top-level content: a guarded block ends at the next paragraph, an option at the next option or heading. */
interface OpenSub {
  step: Step;
  scope: 'block' | 'option';
}

export class DecisionBuilder extends BuildState {
  protected sub: OpenSub | undefined;
  private choice: { alt: Omit<Alternative, 'option'>; parent: Step } | undefined;
  private nChoice = 0;
  /** Steps that offered options: dropped at the end when the options took all their content. */
  private readonly optionParents = new Set<Step>();

  // ---- branches and the steps they guard -------------------------------------------------

  /** Adds the decision (or joins the pair it completes) and returns the answer that enters this branch. */
  protected branchDecision(branch: Branch, line: number, body: string, ctx: Ctx, links: string[]): { decision: Decision; answer: string } {
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
      return { decision: prev.decision, answer: 'No' };
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
    return { decision, answer: 'Yes' };
  }

  /**
   * A label "If X:" followed by something to run: asks first, runs on the matching answer.
   * Returns the context the guarded content goes to.
   */
  protected openConditional(label: Label & { branch: Branch }, ctx: Ctx, body: string, links: string[]): Ctx {
    if (ctx.step || this.sub?.scope === 'option') {
      // Nested in an item or an option: the decision is asked there, the content stays put.
      this.branchDecision(label.branch, label.line, body, ctx, links);
      return ctx;
    }
    const parent = this.owner(ctx, label.line);
    const opensStep = !!label.opensStep && this.headingStep?.step === parent && isEmpty(parent) && parent.guard === undefined;
    const { decision, answer } = this.branchDecision(label.branch, label.line, body, ctx, links);
    const guard: Guard = {
      line: label.line,
      condition: label.branch.condition,
      question: decision.questions[0]?.question ?? questionOf(label.branch.condition),
      decisionId: decision.id,
      answer,
    };
    if (opensStep) {
      parent.guard = guard;
      nameEntered(decision, answer, body, parent.title);
      return ctx;
    }
    const step = this.newStep('conditional', cleanTitle(stripInline(label.text)).replace(/:\s*$/, ''), label.line);
    step.guard = guard;
    nameEntered(decision, answer, body, step.title);
    this.out.ranges.set(step, [label.line, label.line]);
    this.sub = { step, scope: 'block' };
    return { step, depth: 0 };
  }

  /**
   * "If infrastructure changes are required:" right under a step heading and followed by
   * sub-headings: the step asks, and every step in its section is entered on "Yes".
   */
  protected guardSection(label: Label & { branch: Branch }, ctx: Ctx): void {
    const parent = this.owner(ctx, label.line);
    const { decision, answer } = this.branchDecision(label.branch, label.line, 'Follow the steps below', ctx, []);
    const section = this.section;
    if (!label.opensStep || !section || this.headingStep?.step !== parent) return;
    const question = decision.questions[0]?.question ?? questionOf(label.branch.condition);
    this.out.sectionGuards.set(section.id, { line: label.line, condition: label.branch.condition, question, decisionId: decision.id, answer });
  }

  /** A step heading that is conditional by its title: "(If Required)", "(first deployment only)". */
  protected guardFromTitle(step: Step): void {
    const m = TITLE_IF.exec(step.title);
    const only = m ? undefined : TITLE_ONLY.exec(step.title);
    const condition = (m?.[1] ?? m?.[2] ?? only?.[1])?.trim();
    if (!condition) return;
    const base = step.title.replace(m?.[0] ?? only?.[0] ?? '', '').trim();
    const question = /^(?:needed|required|necessary|applicable)$/i.test(condition) ? `${base}: ${condition.toLowerCase()}?` : questionOf(condition);
    const node: DecisionNode = {
      line: step.line,
      question,
      answers: [
        { label: 'Yes', outcome: { kind: 'continue', text: `Do "${base}"` } },
        { label: 'No', outcome: { kind: 'continue', text: 'Not needed' } },
      ],
    };
    const decision = this.addDecision(step, 'branch', step.title, step.line, [node]);
    step.guard = { line: step.line, condition, question, decisionId: decision.id, answer: 'Yes' };
    // its heading's sub-sections ("Option A: Downgrade" under "... (If Required)") are under the same condition
    const section = this.section;
    if (section && section.line === step.line) this.out.sectionGuards.set(section.id, step.guard);
  }

  /** Extends the open sub-step over a block routed to it. */
  protected grow(step: Step, endLine: number): void {
    const range = this.out.ranges.get(step);
    if (range && range[1] < endLine) range[1] = endLine;
  }

  protected closeSub(scope: 'block' | 'all'): void {
    if (!this.sub) return;
    if (scope === 'all' || this.sub.scope === 'block') this.sub = undefined;
    if (scope === 'all') this.choice = undefined;
  }

  // ---- alternatives ----------------------------------------------------------------------

  /** "**Option B: Via Azure Bastion**": one option of the choice the step offers. */
  protected isOptionLine(text: string): boolean {
    return OPTION.test(text.trim()) && text.length < 160;
  }

  protected openOption(title: string, line: number): Step {
    this.closeSub('block');
    const parent = this.sub?.scope === 'option' && this.choice ? this.choice.parent : this.owner({ depth: 0 }, line);
    if (!this.choice || this.choice.parent !== parent) {
      this.choice = { alt: { choiceId: `choice-${++this.nChoice}`, line, question: `${parent.title}: choose one`, options: [] }, parent };
      this.optionParents.add(parent);
    }
    const step = this.newStep('option', cleanTitle(title).replace(/:\s*$/, ''), line);
    this.choice.alt.options.push(step.title);
    step.alternative = { ...this.choice.alt, option: step.title };
    // Every option shares the one options list, filled in as the options are read.
    step.alternative.options = this.choice.alt.options;
    step.path = 'alternative';
    this.out.ranges.set(step, [line, line]);
    this.sub = { step, scope: 'option' };
    return step;
  }

  protected dropEmptyParents(): void {
    for (const p of this.optionParents) if (isEmpty(p)) this.out.containers.add(p);
  }

  protected isChooseOne(label: Label | undefined): boolean {
    return !!label && CHOOSE_ONE.test(label.text);
  }

  // ---- other decisions -----------------------------------------------------------------

  protected listDecisionFrom(label: Label, items: ListItem[], ctx: Ctx): void {
    const node = listQuestion(label.text, items.map((i) => firstLine(i.text)), label.line);
    const current = this.listDecision;
    if (current && current.sectionId === this.section?.id) {
      current.decision.questions.push(node);
    } else {
      const decision = this.addDecision(this.owner(ctx, label.line), 'list', this.section?.title ?? label.text, label.line, [node]);
      this.listDecision = { decision, sectionId: this.section?.id };
    }
  }

  protected choiceDecision(choice: { label: string; options: string[] }, line: number, ctx: Ctx): void {
    const node: DecisionNode = {
      line,
      question: choice.label.endsWith('?') ? choice.label : `${choice.label}?`,
      answers: choice.options.map((o) => ({ label: o, outcome: { kind: 'continue' } })),
    };
    this.addDecision(this.owner(ctx, line), 'choice', choice.label, line, [node]);
  }

  protected table(b: TableBlock, ctx: Ctx, label: Label | undefined): void {
    const title = this.headingStep?.step.title ?? this.section?.title ?? this.docTitle;
    const form = signoffFromTable(b, title);
    if (form) {
      this.addForm(this.owner(ctx, b.line), { id: '', line: form.line, title: form.title, roles: form.roles, fourEyes: form.roles.length > 1 });
      return;
    }
    const header = b.header.map((h) => h.toLowerCase().trim());
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
    this.matrixDecision(b, header, ctx, label);
    b.rows.forEach((row, i) => {
      const choice = parseChoice(row.join(' | '));
      if (choice) this.choiceDecision(choice, b.rowLines[i] ?? b.line, ctx);
    });
  }

  /** A table of condition -> action: one question per row, "Yes" does the row's action. */
  private matrixDecision(b: TableBlock, header: string[], ctx: Ctx, label: Label | undefined): void {
    const actionCol = header.findIndex((h) => ACTION_COL.test(h));
    const conditionCols = header.map((h, i) => (i !== actionCol && CONDITION_COL.test(h) ? i : -1)).filter((i) => i >= 0);
    if (actionCol < 0 || conditionCols.length === 0 || b.rows.length === 0) return;
    const thresholdCol = header.findIndex((h) => /threshold|limit/.test(h));
    const questions: DecisionNode[] = [];
    b.rows.forEach((row, i) => {
      const action = stripInline(row[actionCol] ?? '').trim();
      const parts = [...conditionCols, ...(thresholdCol >= 0 && !conditionCols.includes(thresholdCol) ? [thresholdCol] : [])].map((c) => stripInline(row[c] ?? '').trim());
      const condition = parts.filter(Boolean).join(' ');
      if (!condition || !action) return;
      const node: DecisionNode = {
        line: b.rowLines[i] ?? b.line,
        question: questionOf(condition),
        answers: [
          { label: 'Yes', outcome: { kind: 'action', text: action } },
          { label: 'No', outcome: { kind: 'continue' } },
        ],
      };
      const thresholds = findThresholds(condition);
      if (thresholds.length > 0) node.thresholds = thresholds;
      questions.push(node);
    });
    if (questions.length === 0) return;
    const title = label?.text.replace(/[*_`]/g, '').replace(/:\s*$/, '').trim() || this.section?.title || 'Decision matrix';
    this.addDecision(this.owner(ctx, b.line), 'matrix', title, b.line, questions);
  }
}

/**
 * The answer that enters a guarded block says which one ("Yes → run “If canary fails
 * criteria”", "No → run “Step 4: Increase Traffic to 50%”"): a pair of blocks would
 * otherwise read "Run the commands below" for both answers.
 */
function nameEntered(decision: Decision, answer: string, body: string, title: string): void {
  const a = decision.questions[0]?.answers.find((x) => x.label === answer);
  if (a && (a.outcome.kind === 'action' || a.outcome.kind === 'continue') && a.outcome.text === body) a.outcome = { ...a.outcome, text: `run “${title}”` };
}
