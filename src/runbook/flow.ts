// The runbook as a flow chart: each step's section trail, and whether it is on the main
// path, in a contingency (Rollback, Troubleshooting, Emergency, Appendix, a section a
// decision names) or one of several alternatives (sibling "Option 1 / Option 2" or
// "Development: / Staging: / Production:" sections). Runs once over the finished steps.
import type { ContingencyKind, Guard, Runbook, Section, Step } from './model.js';

/** What a contingency section is about: a rollback, troubleshooting, an emergency, recovery, diagnostics, an appendix. */
const TERM = String.raw`(?:roll ?backs?|troubleshoot\w*|emergenc(?:y|ies)|disaster recovery|recovery|diagnostics?|appendix(?:\s+[a-z\d])?|(?:common|known) issues|incident response|emergency contacts)`;
const CONTINGENCY = new RegExp(String.raw`\b${TERM}\b`, 'i');
/**
 * A title that names a contingency: its head (last words, English puts the head noun last)
 * is the term, or the term and what kind of text it is: "Rollback", "Emergency Rollback",
 * "Rollback Procedures", "Troubleshooting Steps", "4.4 Migration Rollback (if needed)".
 * "Rollback smoke test" or "Test the rollback script" are about something else.
 */
const NAMES_CONTINGENCY = new RegExp(
  String.raw`\b${TERM}(?:\s+(?:and|&)\s+[\w ]{1,30})?(?:\s+(?:procedures?|steps?|options?|actions?|process|instructions|guide|section|scenarios?|checklist|triggers?))?$`,
  'i',
);
/** Preparing for a rollback is part of the main path: "Rollback Plan", "Backup for rollback". */
const NOT_CONTINGENCY = /\b(?:plan|planning|readiness|prepar\w*|backup)\b/i;
const OPTION_SECTION = /^(?:option|approach|method|alternative)\s+(?:[A-Z]|\d{1,2})\b/i;
const DEPLOYMENT_TYPE = /^(?:[\d.]+\s+)?(?:development|dev|staging|stage|test|qa|uat|production|prod)\b[^:]{0,20}:/i;
const NUMBERED_STEP = /^(?:(?:step|phase|stage)\s+\d+|\d+(?:\.\d+)*[.):]?\s)/i;

/** The words of a title that say what it is: without its number ("Step 4:", "4.4") and a trailing "(if needed)" or ": details". */
function headWords(title: string): string {
  return title
    .replace(/^(?:(?:step|phase|stage)\s+\d+[.:)]?|\d+(?:\.\d+)*[.):]?)\s*/i, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s*[:\u2013\u2014-]\s.*$/, '')
    .trim();
}

/** A heading that names a contingency section ("Rollback", "Troubleshooting", "Appendix", "... (if applicable)"). */
export function isContingencyTitle(title: string): boolean {
  if (NOT_CONTINGENCY.test(title)) return false;
  return NAMES_CONTINGENCY.test(headWords(title)) || /\(if applicable\)/i.test(title);
}

/**
 * Whether a section of the tree is a contingency: a heading that names one, or an unnumbered
 * heading about one that holds other sections ("Known Issues and Diagnostics" over its
 * issues). A step's own heading that only mentions a rollback is a step of its procedure.
 */
function isContingencySection(section: Section, tree: SectionTree): boolean {
  // the document's title names the whole runbook ("# Database Recovery"), not a section of it
  if (section.level === 1) return false;
  if (isContingencyTitle(section.title)) return true;
  return CONTINGENCY.test(section.title) && !NOT_CONTINGENCY.test(section.title) && !NUMBERED_STEP.test(section.title) && tree.childrenOf(section.id).length > 0;
}

/** Kinds by the words of a contingency's title, the first that matches: "Emergency Rollback" is a rollback, "Emergency Contacts" a reference. */
const KIND_WORDS: [ContingencyKind, RegExp][] = [
  ['rollback', /\broll ?-?backs?\b/i],
  ['reference', /\b(?:appendix|contacts?|quick reference)\b/i],
  ['troubleshooting', /\b(?:troubleshoot\w*|diagnos\w*|(?:common|known) issues)\b/i],
  ['emergency', /\b(?:emergenc(?:y|ies)|disaster|recovery|incident)\b/i],
];

/** What a contingency section is for, from its title (a section a decision names may say nothing: other). */
export function contingencyKind(title: string): ContingencyKind {
  return KIND_WORDS.find(([, words]) => words.test(title))?.[0] ?? 'other';
}

export class SectionTree {
  readonly byId: Map<string, Section>;
  private readonly children = new Map<string, Section[]>();

  constructor(readonly sections: Section[]) {
    this.byId = new Map(sections.map((s) => [s.id, s]));
    for (const s of sections) {
      const key = s.parentId ?? '';
      let list = this.children.get(key);
      if (!list) this.children.set(key, (list = []));
      list.push(s);
    }
  }

  private readonly chains = new Map<string, readonly Section[]>();

  /** The section and its ancestors, outermost first (worked out once per section: a parse asks for it per step and per outcome). */
  chain(id: string): readonly Section[] {
    const known = this.chains.get(id);
    if (known) return known;
    const out: Section[] = [];
    for (let s = this.byId.get(id), guard = 0; s && guard < 50; s = s.parentId ? this.byId.get(s.parentId) : undefined, guard++) out.unshift(s);
    this.chains.set(id, out);
    return out;
  }

  childrenOf(id: string | undefined): Section[] {
    return this.children.get(id ?? '') ?? [];
  }

  within(id: string, ancestorId: string): boolean {
    for (let s = this.byId.get(id), guard = 0; s && guard < 50; s = s.parentId ? this.byId.get(s.parentId) : undefined, guard++) if (s.id === ancestorId) return true;
    return false;
  }
}

/**
 * "Application Deployment › Step 1: Verify Docker Image": the trail leaves out the title
 * heading, the step's own heading, and a wrapper that is the only child of its parent
 * ("Procedure: Update Container App", which holds the steps).
 */
function trailOf(step: Step, tree: SectionTree): string[] {
  return tree
    .chain(step.sectionId)
    .filter((s) => s.level > 1 && !(s.line === step.line && step.kind === 'heading') && !(s.id === step.sectionId && s.title === step.title))
    .filter((s) => {
      const parent = s.parentId ? tree.byId.get(s.parentId) : undefined;
      return !parent || parent.level === 1 || tree.childrenOf(parent.id).length > 1 || tree.childrenOf(s.id).length === 0;
    })
    .map((s) => s.title);
}

/** Sets trail, path, contingency, section guards and section-level alternatives on every step. */
export function shapeFlow(runbook: Runbook, outcomeSections: Set<string>, sectionGuards: Map<string, Guard>): void {
  const tree = new SectionTree(runbook.sections);
  const choices = sectionChoices(tree);
  for (const step of runbook.steps) {
    step.trail = trailOf(step, tree);
    const chain = tree.chain(step.sectionId);
    const guarded = chain.find((s) => sectionGuards.has(s.id) && s.line !== step.line);
    const sectionGuard = guarded ? sectionGuards.get(guarded.id) : undefined;
    if (sectionGuard && !step.guard) step.guard = sectionGuard;
    const byTitle = chain.find((s) => isContingencySection(s, tree));
    const byOutcome = byTitle ? undefined : chain.find((s) => outcomeSections.has(s.id));
    const root = byTitle ?? byOutcome;
    if (root) {
      step.contingency = { sectionId: root.id, title: root.title, reason: byTitle ? 'title' : 'outcome', kind: contingencyKind(root.title) };
      step.path = 'branch';
    }
    if (!step.alternative) {
      const option = [...chain].reverse().find((s) => choices.has(s.id));
      const alt = option ? choices.get(option.id) : undefined;
      if (alt && option) step.alternative = { ...alt, option: option.title };
    }
    if (step.path !== 'branch' && step.alternative) step.path = 'alternative';
  }
}

/** Sibling sections that are options of one choice: two or more "Option N" or deployment-type titles under one parent. */
function sectionChoices(tree: SectionTree): Map<string, { choiceId: string; line: number; question: string; options: string[] }> {
  const out = new Map<string, { choiceId: string; line: number; question: string; options: string[] }>();
  let n = 0;
  const parents = new Set(tree.sections.map((s) => s.parentId ?? ''));
  for (const parentId of parents) {
    const kids = tree.childrenOf(parentId || undefined);
    for (const pattern of [OPTION_SECTION, DEPLOYMENT_TYPE]) {
      const group = kids.filter((s) => pattern.test(s.title));
      if (group.length < 2) continue;
      const parent = tree.byId.get(parentId);
      const first = group[0];
      if (!first) continue;
      const alt = {
        choiceId: `choice-s${++n}`,
        line: first.line,
        question: `${parent?.title ?? 'Choose'}: choose one`,
        options: group.map((s) => s.title),
      };
      for (const s of group) out.set(s.id, alt);
    }
  }
  return out;
}

/** A section a decision may send the walk to and that is then off the main path: not a numbered step of the main flow. */
export function branchTarget(section: Section): boolean {
  return !NUMBERED_STEP.test(section.title);
}
