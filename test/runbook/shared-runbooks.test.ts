// The three real runbooks are the acceptance test; they are read in place, never copied.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSummary } from '../../src/runbook/lint.js';
import { loadRunbook } from '../../src/runbook/load.js';
import type { DecisionNode, Outcome, Runbook } from '../../src/runbook/model.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';

const load = (name: string): Promise<Runbook> => loadRunbook(join(SHARED_RUNBOOKS, name));

function answer(node: DecisionNode | undefined, label: string): Outcome | undefined {
  return node?.answers.find((a) => a.label.toLowerCase() === label.toLowerCase())?.outcome;
}

describe.skipIf(skipShared())('shared runbooks', () => {
  it('agent-studio-production.md: checks, commands, expectations, gates and the rollback tree', async () => {
    const rb = await load('agent-studio-production.md');
    const s = lintSummary(rb);
    expect(s.checks).toBe(39);
    expect(s.commands).toBeGreaterThanOrEqual(90);
    expect(s.expectations).toBeGreaterThanOrEqual(35);
    expect(s.gates).toBeGreaterThanOrEqual(2);
    expect(s.decisions).toBeGreaterThanOrEqual(1);
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const rg = rb.steps.find((x) => x.title === 'Resource Group exists');
    expect(rg?.kind).toBe('check');
    expect(rg?.commands[0]?.code).toMatch(/^az group show --name ascension-\{env\}-rg/);
    expect(rg?.commands[0]?.expectations.map((e) => e.check)).toEqual([{ kind: 'text', text: 'Succeeded' }]);
    expect(rg?.commands[0]?.params).toEqual(['env']);

    const canary = rb.steps.find((x) => x.title.startsWith('3.3 Production: Canary'));
    expect(canary?.gates[0]).toMatchObject({ mode: 'abort-if', thresholds: [{ value: 1, unit: '%' }, { value: 2000, unit: 'ms' }] });
    expect(canary?.danger.map((d) => d.reason)).toContain('sends 100% of traffic');
    // assigned inside the block, so not asked for
    expect(canary?.commands[0]?.params).not.toContain('REVISION_SUFFIX');
    expect(rb.params.find((p) => p.name === 'ENVIRONMENT')).toMatchObject({ secret: false });

    const tree = rb.steps.flatMap((x) => x.decisions).find((d) => d.kind === 'tree');
    expect(tree?.title).toBe('Rollback Decision Tree');
    expect(tree?.context).toBe('Error Detected');
    expect(tree?.questions.map((q) => q.question)).toEqual([
      'Error Rate > 5%?',
      'Database Migrations Applied?',
      'Critical Dependency Down?',
      'Data Corruption?',
      'Error Rate 1-5%?',
    ]);
    const q = tree?.questions;
    expect(answer(q?.[0], 'Yes')).toMatchObject({ kind: 'action', text: 'IMMEDIATE ROLLBACK', target: { title: 'Rollback Steps' } });
    expect(answer(q?.[0], 'No')).toEqual({ kind: 'continue' });
    expect(answer(q?.[1], 'Yes')).toMatchObject({ kind: 'action', continues: true, target: { title: 'Step 4: Rollback Database Migrations (if needed)' } });
    const still = answer(q?.[2], 'Yes');
    expect(still?.kind).toBe('question');
    if (still?.kind === 'question') {
      expect(still.node.before).toBe('Investigate');
      expect(still.node.question).toBe('Still Down?');
      expect(answer(still.node, 'No')).toMatchObject({ kind: 'action', text: 'Monitor' });
    }
    const improving = answer(q?.[4], 'Yes');
    if (improving?.kind !== 'question') throw new Error('expected a nested question');
    expect(answer(improving.node, 'No')).toMatchObject({ kind: 'action', text: 'ROLLBACK' });
    expect(answer(q?.[4], 'No')).toMatchObject({ kind: 'action', text: 'Fix Forward if Possible' });
  });

  it('apex-operations-checklist.md: checks, two sign-off forms (Step 10 and Step 22; the Document Control approval names only roles that already sign) with their roles, 25 evidence lines', async () => {
    const rb = await load('apex-operations-checklist.md');
    const s = lintSummary(rb);
    expect(s.checks).toBeGreaterThanOrEqual(170);
    expect(s.signoffs).toBe(2);
    expect(s.signoffRoles).toEqual(['Technical Lead', 'Operations Manager', 'Security Team', 'Deployment Engineer']);
    expect(s.evidence).toBe(25);

    const numbered = rb.steps.filter((x) => /^Step \d+: /.test(x.title) && x.kind === 'heading');
    expect(numbered.map((x) => x.title)).toContain('Step 12: Database Migration');
    const step10 = rb.steps.find((x) => x.title === 'Step 10: Pre-Deployment Sign-Off');
    expect(step10?.signoffs[0]?.choice).toEqual({ label: 'Deployment Authorized', options: ['Yes', 'No'] });
    const step22 = rb.steps.find((x) => x.title === 'Step 22: Post-Deployment Sign-Off');
    expect(step22?.signoffs[0]?.choice?.options).toEqual(['Success', 'Partial Success', 'Failed']);
    const step2 = rb.steps.find((x) => x.title === 'Step 2: Code Quality and Testing');
    expect(step2?.items.map((i) => i.text)).toContain('Black formatting: black src/ tests/ --check --line-length 100');
    expect(step2?.evidence[0]?.text).toMatch(/^CI\/CD pipeline run URL/);
    const step12 = rb.steps.find((x) => x.title === 'Step 12: Database Migration');
    expect(step12?.commands.map((c) => c.code.split('\n')[0])).toEqual([
      'alembic current',
      '# Set environment variables',
      'alembic current  # Should show latest revision',
      'az containerapp exec \\',
    ]);
    expect(rb.params.find((p) => p.name === 'SAS-TOKEN')?.secret).toBe(true);
  });

  it('apex-production-runbook.md: commands, decisions and a secret password parameter', async () => {
    const rb = await load('apex-production-runbook.md');
    const s = lintSummary(rb);
    expect(s.commands).toBeGreaterThanOrEqual(70);
    expect(s.decisions).toBeGreaterThanOrEqual(3);
    expect(s.params).toContainEqual({ name: 'password', secret: true });
    const branches = rb.steps.flatMap((x) => x.decisions).filter((d) => d.kind === 'branch');
    expect(branches.map((d) => d.questions[0]?.question)).toContain('Validation fails?');
    const canary = branches.find((d) => d.questions[0]?.question === 'Canary fails criteria?');
    expect(canary?.questions[0]?.answers.map((a) => a.label)).toEqual(['Yes', 'No']);
    // exported by an earlier block: not a parameter to ask for
    expect(s.params.map((p) => p.name)).not.toContain('NEW_REVISION');
    expect(s.params.map((p) => p.name)).not.toContain('TOKEN');
    // Options A (downgrade) and B (restore) of the rollback's Step 5 are alternatives of one choice
    const options = rb.steps.filter((x) => x.trail.at(-1) === 'Step 5: Rollback Database Migration (If Required)');
    expect(options.map((x) => x.alternative?.option)).toEqual([
      'Option A: Alembic Downgrade (If migration is reversible)',
      'Option B: Database Restore (If migration is NOT reversible)',
    ]);
    expect(options.flatMap((x) => x.danger.map((d) => d.reason))).toEqual(expect.arrayContaining(['rolls back', 'marked WARNING']));
  });
});

describe.skipIf(skipShared())('shared runbooks as flow charts', () => {
  it('apex-production: no Rollback or Troubleshooting step is on the main path; Step 2\'s stamp is guarded', async () => {
    const rb = await load('apex-production-runbook.md');
    const main = rb.steps.filter((s) => s.path === 'main');
    expect(main.filter((s) => /rollback|troubleshoot/i.test([...s.trail, s.title].join(' ')))).toEqual([]);
    expect(rb.steps.find((s) => s.title === 'Step 2: Stop All Deployment Activities')?.path).toBe('branch');
    const stamp = rb.steps.find((s) => s.commands.some((c) => c.code.includes('alembic stamp head')));
    expect(stamp?.trail.at(-1)).toBe('Step 2: Verify Current Database Version');
    expect(stamp?.guard).toMatchObject({ condition: "Alembic table doesn't exist", answer: 'Yes' });
    expect(stamp?.commands[0]?.effect).toBe('destructive');
    const step1 = rb.steps.find((s) => s.title === 'Step 1: Verify Docker Image');
    expect(step1?.trail.join(' › ')).toBe('Application Deployment');
  });

  it('apex-production: "Yes -> Rollback" reaches the rollback\'s first step after the trigger; no destructive default anywhere', async () => {
    const rb = await load('apex-production-runbook.md');
    const trigger = rb.steps.find((s) => s.title === 'Step 1: Identify Rollback Trigger');
    const yes = trigger?.decisions[0]?.questions[0]?.answers.find((a) => a.label === 'Yes');
    expect(rb.steps.find((s) => s.id === yes?.targetStepId)?.title).toBe('Step 2: Stop All Deployment Activities');
    for (const step of rb.steps) {
      for (const d of step.decisions) {
        for (const q of d.questions) {
          const def = q.answers.find((a) => a.label === q.safeDefault);
          expect(def?.effect, `${q.question} defaults to ${q.safeDefault}`).not.toBe('destructive');
        }
      }
    }
    // the 100% shift only runs when the 50% split performed well
    const full = rb.steps.find((s) => s.title === 'Step 5: Shift 100% Traffic');
    expect(full?.guard?.condition).toBe('50% split performs well');
  });
});
