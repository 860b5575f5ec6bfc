// The `lint --json` summary: a stable contract other tools read (DESIGN.md section 2).
import type { Runbook, Severity } from './model.js';
import { branchesOf, outlineOf, type BranchEntry, type OutlineEntry } from './outline.js';

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
  diagnostics: { line: number; severity: Severity; message: string }[];
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
    diagnostics: runbook.diagnostics.map((d) => ({ line: d.line, severity: d.severity, message: d.message })),
    outline: outlineOf(runbook),
    branches: branchesOf(runbook),
  };
}

export function hasErrors(runbook: Runbook): boolean {
  return runbook.diagnostics.some((d) => d.severity === 'error');
}
