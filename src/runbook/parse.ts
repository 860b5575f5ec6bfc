// The runbook parser: text -> markdown blocks -> steps and everything they own -> a
// finished Runbook. Pure: no I/O, no exceptions for bad content (those are diagnostics).
import { createHash } from 'node:crypto';
import { decodeRunbook } from './decode.js';
import { findSection, linkDecision, SectionIndex } from './decisions.js';
import { readFrontMatter } from './frontmatter.js';
import { LineIndex } from './lines.js';
import { MAX_NESTING, streamMarkdown } from './markdown.js';
import type { DecisionNode, Diagnostic, Runbook, Section, Step } from './model.js';
import { repairMojibake } from './mojibake.js';
import { collectParams } from './collect-params.js';
import { linkScripts } from './scripts.js';
import { StepBuilder, type Built } from './steps.js';
import { attachLogQueries } from './log-queries.js';
import { flowDecisions } from './decision-flow.js';
import { linkLeadsTo } from './leads-to.js';
import { branchTarget, shapeFlow } from './flow.js';
import { linkWaits } from './waits.js';
import { settleDocumentApproval } from './signoffs.js';

export function parseRunbook(source: string | Buffer, file: string): Runbook {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const diagnostics: Diagnostic[] = [];
  let text: string;
  if (typeof source === 'string') text = source.replace(/^\uFEFF/, '');
  else {
    const decoded = decodeRunbook(source, file);
    text = decoded.text;
    diagnostics.push(...decoded.diagnostics);
  }
  const repaired = repairMojibake(text);
  text = repaired.text;
  diagnostics.push(...repaired.diagnostics);

  const runbook: Runbook = { file, sha256, title: '', source: text, sections: [], steps: [], params: [], diagnostics, checks: 0 };
  if (text.trim() === '') {
    diagnostics.push({ line: 1, severity: 'error', message: 'the runbook is empty: write some steps in it' });
    runbook.title = baseName(file);
    return runbook;
  }

  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const fm = readFrontMatter(normalized, diagnostics);
  const fallbackTitle = fm.title ?? baseName(file);
  const builder = new StepBuilder(fallbackTitle, diagnostics);
  const lines = new LineIndex(normalized);
  const tree = streamMarkdown(fm.body, lines, (blocks) => builder.feed(blocks));
  if (tree.nestingCutAt !== undefined) {
    diagnostics.push({
      line: tree.nestingCutAt,
      severity: 'warning',
      message: `markdown nested deeper than ${MAX_NESTING} levels: the rest of that block was not parsed`,
    });
  }
  const built = builder.finish();
  runbook.title = fm.title ?? built.firstH1 ?? baseName(file);
  runbook.sections = built.sections;
  runbook.checks = built.checks;
  runbook.steps = finishSteps(built, lines).sort((a, b) => a.line - b.line);
  settleDocumentApproval(runbook.steps, diagnostics);
  runbook.params = collectParams(built, runbook.steps, diagnostics);
  attachLogQueries(runbook.steps, diagnostics);
  linkScripts(runbook);
  linkOutcomes(runbook, built, diagnostics);
  shapeFlow(runbook, outcomeSections(runbook), built.sectionGuards);
  flowDecisions(runbook);
  linkLeadsTo(runbook);
  linkWaits(runbook);
  if (runbook.steps.length === 0) {
    diagnostics.push({ line: 1, severity: 'warning', message: 'no steps found: add "- [ ]" items, "### Step N:" headings or shell blocks' });
  }
  diagnostics.sort((a, b) => a.line - b.line);
  return runbook;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Drops container steps, fills in end lines, bodies, section step lists and prose danger. */
function finishSteps(built: Built, lines: LineIndex): Step[] {
  const steps = built.steps.filter((s) => !built.containers.has(s));
  const total = lines.count;
  const sections = built.sections;
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  // next[i][level]: the line of the first section after sections[i] with level <= level.
  // Built right to left so every lookup is O(1) and the whole pass stays linear.
  const next: number[][] = new Array<number[]>(sections.length);
  let after = [total + 1, total + 1, total + 1, total + 1, total + 1, total + 1, total + 1];
  for (let i = sections.length - 1; i >= 0; i--) {
    next[i] = after;
    const s = sections[i];
    if (s) after = after.map((line, lvl) => (s.level <= lvl ? s.line : line));
  }
  const sectionIndex = new Map(sections.map((s, i) => [s.id, i]));
  const nextSectionLine = (step: Step, maxLevel: number): number => {
    const i = sectionIndex.get(step.sectionId);
    if (i === undefined) return sections.find((s) => s.line > step.line && s.level <= maxLevel)?.line ?? total + 1;
    return next[i]?.[Math.min(6, maxLevel)] ?? total + 1;
  };
  const headingStarts = steps.filter((s) => s.kind === 'heading').map((s) => s.line).sort((a, b) => a - b);
  const nextHeadingStep = (line: number): number => {
    let lo = 0;
    let hi = headingStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((headingStarts[mid] ?? 0) <= line) lo = mid + 1;
      else hi = mid;
    }
    return headingStarts[lo] ?? total + 1;
  };
  const owner = new Array<Step | undefined>(total + 2);
  const assign = (step: Step, from: number, to: number) => {
    step.endLine = Math.max(step.line, to);
    for (let l = from; l <= to && l <= total; l++) owner[l] = step;
  };
  for (const step of steps) {
    if (step.kind === 'heading') {
      const level = built.levels.get(step) ?? 6;
      const end = Math.min(nextHeadingStep(step.line), nextSectionLine(step, level)) - 1;
      assign(step, step.line, end);
    } else if (step.kind === 'block') {
      const section = sectionById.get(step.sectionId);
      assign(step, section?.line ?? 1, nextSectionLine(step, 6) - 1);
    }
  }
  for (const step of steps) {
    const range = built.ranges.get(step);
    if (range) assign(step, range[0], range[1]);
  }
  // Runs of consecutive lines with one owner: a body is its step's runs joined (most
  // steps have one run, which stays a slice of the source).
  for (let l = 1; l <= total; ) {
    const s = owner[l];
    let end = l;
    while (end + 1 <= total && owner[end + 1] === s) end++;
    if (s) s.body = s.body === '' ? lines.lines(l, end) : `${s.body}\n${lines.lines(l, end)}`;
    l = end + 1;
  }
  for (const step of steps) {
    step.body = step.body.trim();
    sectionById.get(step.sectionId)?.stepIds.push(step.id);
    if (built.markedSteps.has(step)) {
      const marks = step.danger.filter((d) => d.reason.startsWith('marked '));
      for (const c of step.commands) {
        for (const m of marks) if (!c.danger.some((d) => d.reason === m.reason)) c.danger.push(m);
        if (c.danger.length > 0) c.effect = 'destructive';
      }
    }
  }
  return steps;
}

/** Sections a decision's outcome names: off the main path unless they are numbered steps of it. */
function outcomeSections(runbook: Runbook): Set<string> {
  const out = new Set<string>();
  const byId = new Map(runbook.sections.map((s) => [s.id, s]));
  const visit = (node: DecisionNode, depth: number): void => {
    for (const a of node.answers) {
      const o = a.outcome;
      if (o.kind === 'question' && depth < 20) visit(o.node, depth + 1);
      const section = o.kind === 'action' && o.target ? byId.get(o.target.sectionId) : undefined;
      if (section && branchTarget(section)) out.add(section.id);
    }
  };
  for (const step of runbook.steps) for (const d of step.decisions) for (const q of d.questions) visit(q, 0);
  return out;
}

function linkOutcomes(runbook: Runbook, built: Built, diagnostics: Diagnostic[]): void {
  const byId = new Map<string, Section>(runbook.sections.map((s) => [s.id, s]));
  const index = new SectionIndex(runbook.sections);
  for (const step of runbook.steps) {
    for (const decision of step.decisions) {
      const exclude = new Set<string>();
      let s = byId.get(built.decisionSections.get(decision) ?? '');
      for (let guard = 0; s && guard < 50; guard++) {
        exclude.add(s.id);
        s = s.parentId ? byId.get(s.parentId) : undefined;
      }
      for (const q of decision.questions) {
        for (const a of q.answers) {
          const links = built.pendingLinks.get(a.outcome);
          if (links && a.outcome.kind === 'action' && !a.outcome.target) {
            const target = findSection('', index, exclude, decision.line, links);
            if (target) a.outcome.target = { sectionId: target.id, title: target.title };
          }
        }
      }
      linkDecision(decision, index, exclude, diagnostics);
    }
  }
}
