// The `lint --json` summary: a stable contract other tools read (DESIGN.md section 2).
import type { Runbook, Severity } from './model.js';
import { branchesOf, outlineOf, type BranchEntry, type OutlineEntry } from './outline.js';
import { findSecrets } from '../text/secret-find.js';

type LintDiagnostic = { line: number; severity: Severity; message: string };

const secretsFound = new WeakMap<Runbook, LintDiagnostic[]>();

/**
 * Literal secrets in the runbook, found with the rules export scans the pack with: an error,
 * so the problem is found before the run and not at export, after the change is done. Says
 * where and what kind, never a character of the value.
 */
function secretDiagnostics(runbook: Runbook): LintDiagnostic[] {
  let found = secretsFound.get(runbook);
  if (!found) {
    found = findSecrets(runbook.source).map((h) => ({
      line: h.line,
      severity: 'error' as const,
      message: `a literal secret (${h.what}) at column ${h.column}: take it out of the runbook and pass it as a parameter (--set or the environment), and rotate it if the runbook was shared`,
    }));
    secretsFound.set(runbook, found);
  }
  return found;
}

export interface LintSummary {
  file: string;
  sha256: string;
  title: string;
  sections: number;
  steps: number;
  checks: number;
  commands: number;
  expectations: number;
  evidence: number;
  signoffs: number;
  signoffRoles: string[];
  decisions: number;
  gates: number;
  dangerous: number;
  params: { name: string; secret: boolean }[];
  diagnostics: LintDiagnostic[];
  /** Steps in walk order with their path, guard and commands' effects. */
  outline: OutlineEntry[];
  /** Decision questions and where each answer leads. */
  branches: BranchEntry[];
}

export function lintSummary(runbook: Runbook): LintSummary {
  let commands = 0;
  let expectations = 0;
  let evidence = 0;
  let signoffs = 0;
  let decisions = 0;
  let gates = 0;
  let dangerous = 0;
  const roles: string[] = [];
  for (const step of runbook.steps) {
    for (const c of step.commands) {
      if (c.runnable) commands++;
      if (c.danger.length > 0) dangerous++;
    }
    expectations += step.expectations.length;
    evidence += step.evidence.length;
    signoffs += step.signoffs.length;
    for (const form of step.signoffs) for (const r of form.roles) if (!roles.includes(r)) roles.push(r);
    decisions += step.decisions.length;
    gates += step.gates.reduce((n, g) => n + g.thresholds.length, 0);
  }
  return {
    file: runbook.file,
    sha256: runbook.sha256,
    title: runbook.title,
    sections: runbook.sections.length,
    steps: runbook.steps.length,
    checks: runbook.checks,
    commands,
    expectations,
    evidence,
    signoffs,
    signoffRoles: roles,
    decisions,
    gates,
    dangerous,
    params: runbook.params.map((p) => ({ name: p.name, secret: p.secret })),
    diagnostics: [...runbook.diagnostics.map((d) => ({ line: d.line, severity: d.severity, message: d.message })), ...secretDiagnostics(runbook)].sort(
      (a, b) => a.line - b.line,
    ),
    outline: outlineOf(runbook),
    branches: branchesOf(runbook),
  };
}

export function hasErrors(runbook: Runbook): boolean {
  return runbook.diagnostics.some((d) => d.severity === 'error') || secretDiagnostics(runbook).length > 0;
}
