// The runbook parser: text -> markdown blocks -> steps and everything they own -> a
// finished Runbook. Pure: no I/O, no exceptions for bad content (those are diagnostics).
import { createHash } from 'node:crypto';
import { decodeRunbook } from './decode.js';
import { linkDecision, findSection } from './decisions.js';
import { readFrontMatter } from './frontmatter.js';
import { MAX_NESTING, parseMarkdown } from './markdown.js';
import type { Diagnostic, Param, Runbook, Section, Step } from './model.js';
import { repairMojibake } from './mojibake.js';
import { addParam, isSecretName } from './params.js';
import { StepBuilder, type Built } from './steps.js';

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
  if (repaired.diagnostic) diagnostics.push(repaired.diagnostic);

  const runbook: Runbook = { file, sha256, title: '', source: text, sections: [], steps: [], params: [], diagnostics, checks: 0 };
  if (text.trim() === '') {
    diagnostics.push({ line: 1, severity: 'error', message: 'the runbook is empty: write some steps in it' });
    runbook.title = baseName(file);
    return runbook;
  }

  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const fm = readFrontMatter(normalized, diagnostics);
  const tree = parseMarkdown(fm.body);
  if (tree.nestingCutAt !== undefined) {
    diagnostics.push({
      line: tree.nestingCutAt,
      severity: 'warning',
      message: `markdown nested deeper than ${MAX_NESTING} levels: the rest of that block was not parsed`,
    });
  }
  const fallbackTitle = fm.title ?? baseName(file);
  const built = new StepBuilder(fallbackTitle, diagnostics).walk(tree.blocks);
  runbook.title = fm.title ?? built.firstH1 ?? baseName(file);
  runbook.sections = built.sections;
  runbook.checks = built.checks;
  runbook.steps = finishSteps(built, normalized.split('\n')).sort((a, b) => a.line - b.line);
  runbook.params = collectParams(built, diagnostics);
  linkOutcomes(runbook, built, diagnostics);
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
function finishSteps(built: Built, lines: string[]): Step[] {
  const steps = built.steps.filter((s) => !built.containers.has(s));
  const total = lines.length;
  const sections = built.sections;
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  const nextSectionLine = (after: number, maxLevel: number): number => {
    for (const s of sections) if (s.line > after && s.level <= maxLevel) return s.line;
    return total + 1;
  };
  const headingStarts = steps.filter((s) => s.kind === 'heading').map((s) => s.line);
  const owner = new Array<Step | undefined>(total + 2);
  const assign = (step: Step, from: number, to: number) => {
    step.endLine = Math.max(step.line, to);
    for (let l = from; l <= to && l <= total; l++) owner[l] = step;
  };
  for (const step of steps) {
    if (step.kind === 'heading') {
      const level = built.levels.get(step) ?? 6;
      const nextStep = headingStarts.find((l) => l > step.line) ?? total + 1;
      const end = Math.min(nextStep, nextSectionLine(step.line, level)) - 1;
      assign(step, step.line, end);
    } else if (step.kind === 'block') {
      const section = sectionById.get(step.sectionId);
      const from = section?.line ?? 1;
      assign(step, from, nextSectionLine(from, 6) - 1);
    }
  }
  for (const step of steps) {
    const range = built.ranges.get(step);
    if (range) assign(step, range[0], range[1]);
  }
  const bodies = new Map<Step, string[]>();
  for (let l = 1; l <= total; l++) {
    const s = owner[l];
    if (!s) continue;
    let b = bodies.get(s);
    if (!b) bodies.set(s, (b = []));
    b.push(lines[l - 1] ?? '');
  }
  for (const step of steps) {
    step.body = (bodies.get(step) ?? []).join('\n').trim();
    sectionById.get(step.sectionId)?.stepIds.push(step.id);
    if (built.markedSteps.has(step)) {
      const marks = step.danger.filter((d) => d.reason.startsWith('marked '));
      for (const c of step.commands) for (const m of marks) if (!c.danger.some((d) => d.reason === m.reason)) c.danger.push(m);
    }
  }
  return steps;
}

/**
 * Runbook parameters: what commands use and neither assign themselves nor get from an
 * earlier block's `export` (or `capture=`). Declarations in annotations win.
 */
function collectParams(built: Built, diagnostics: Diagnostic[]): Param[] {
  const params = new Map<string, Param>();
  const provided = new Set<string>();
  for (const { command, scan } of built.commands) {
    const names: string[] = [];
    for (const use of scan.uses) {
      if (provided.has(use.name)) continue;
      if (!names.includes(use.name)) names.push(use.name);
      addParam(params, use);
    }
    command.params = names;
    for (const e of scan.exported) provided.add(e);
    if (command.capture) provided.add(command.capture);
  }
  for (const d of built.paramDecls) {
    let p = params.get(d.name);
    if (!p) {
      p = { name: d.name, secret: isSecretName(d.name), forms: [`\${${d.name}}`], line: d.line };
      params.set(d.name, p);
    }
    if (d.secret !== undefined) p.secret = d.secret;
    if (d.default !== undefined) p.default = d.default;
    if (d.description !== undefined) p.description = d.description;
  }
  if (params.size > 500) {
    diagnostics.push({ line: 1, severity: 'warning', message: `${params.size} parameters found; only the first 500 are kept` });
    return [...params.values()].slice(0, 500);
  }
  return [...params.values()];
}

function linkOutcomes(runbook: Runbook, built: Built, diagnostics: Diagnostic[]): void {
  const byId = new Map<string, Section>(runbook.sections.map((s) => [s.id, s]));
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
            const target = findSection('', runbook.sections, exclude, links);
            if (target) a.outcome.target = { sectionId: target.id, title: target.title };
          }
        }
      }
      linkDecision(decision, runbook.sections, exclude, diagnostics);
    }
  }
}
