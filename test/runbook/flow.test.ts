// The flow model the engine walks: conditional blocks, paired if/else, alternatives,
// contingency sections, decisions' targets/defaults/stops, script libraries, decision
// matrices, variable sources and checklist items owning their blocks. Fixtures are ours.
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Runbook, Step } from '../../src/runbook/model.js';

const parse = (md: string): Runbook => parseRunbook(md, 'flow.md');
const byTitle = (rb: Runbook, title: string): Step => {
  const s = rb.steps.find((x) => x.title === title);
  if (!s) throw new Error(`no step "${title}" in ${rb.steps.map((x) => x.title).join(' | ')}`);
  return s;
};
const fence = (code: string) => '```bash\n' + code + '\n```\n';

describe('conditional blocks', () => {
  const rb = parse(
    [
      '# Migrate',
      '## Database',
      '### Step 2: Check the schema version',
      fence('alembic current'),
      '**If the version table does not exist:**',
      fence('alembic stamp head'),
      '### Step 3: Upgrade',
      fence('alembic upgrade head'),
    ].join('\n'),
  );

  it('puts the block under its own guarded step, after the unguarded one, and asks in the step before it', () => {
    const check = byTitle(rb, 'Step 2: Check the schema version');
    const stamp = byTitle(rb, 'If the version table does not exist');
    expect(check.commands.map((c) => c.code)).toEqual(['alembic current']);
    expect(check.guard).toBeUndefined();
    expect(stamp.commands.map((c) => c.code)).toEqual(['alembic stamp head']);
    const decision = check.decisions[0];
    expect(stamp.guard).toMatchObject({ condition: 'the version table does not exist', decisionId: decision?.id, answer: 'Yes' });
    expect(stamp.trail).toEqual(['Database', 'Step 2: Check the schema version']);
    expect(stamp.path).toBe('main');
  });

  it('the answer entering the destructive block is never the default, and leads to it', () => {
    const q = byTitle(rb, 'Step 2: Check the schema version').decisions[0]?.questions[0];
    const stamp = byTitle(rb, 'If the version table does not exist');
    expect(stamp.commands[0]?.effect).toBe('destructive');
    expect(q?.answers.find((a) => a.label === 'Yes')).toMatchObject({ targetStepId: stamp.id, effect: 'destructive' });
    expect(q?.safeDefault).toBe('No');
  });

  it('"Only if", "(first deployment only)" and a step heading "(if needed)" are guards too', () => {
    const only = parse(['# T', '### Step 1: Prepare', fence('echo hi'), '**Only if this is a new region:**', fence('az group create -n rg -l eastus')].join('\n'));
    expect(byTitle(only, 'Only if this is a new region').guard?.condition).toBe('this is a new region');
    const first = parse(['# T', '### Step 1: Prepare', fence('echo hi'), '**(first deployment only)**', fence('alembic stamp head')].join('\n'));
    expect(first.steps.find((s) => s.commands[0]?.code === 'alembic stamp head')?.guard?.condition).toBe('first deployment');
    const titled = parse(['# T', '### Step 4: Roll back the schema (if needed)', fence('alembic downgrade -1')].join('\n'));
    const step = titled.steps[0];
    expect(step?.guard).toMatchObject({ condition: 'needed', answer: 'Yes', decisionId: step?.decisions[0]?.id });
    expect(step?.decisions[0]?.questions[0]?.safeDefault).toBe('No');
  });
});

describe('paired if/else', () => {
  const rb = parse(
    [
      '# Ship',
      '### Step 3: Watch the canary',
      fence('az monitor metrics list --resource r'),
      '**If the canary fails:**',
      fence('az containerapp ingress traffic set -n app -g rg --revision-weight "$OLD=100" "$NEW=0"'),
      '### Step 4: Widen the rollout',
      '**If the canary passes:**',
      fence('az containerapp ingress traffic set -n app -g rg --revision-weight "$NEW=50" "$OLD=50"'),
    ].join('\n'),
  );

  it('is one decision: the fail block on "Yes", the whole next step on "No"', () => {
    const watch = byTitle(rb, 'Step 3: Watch the canary');
    const fails = byTitle(rb, 'If the canary fails');
    const widen = byTitle(rb, 'Step 4: Widen the rollout');
    expect(rb.steps.flatMap((s) => s.decisions)).toHaveLength(1);
    const decision = watch.decisions[0];
    expect(fails.guard).toMatchObject({ decisionId: decision?.id, answer: 'Yes' });
    expect(widen.guard).toMatchObject({ decisionId: decision?.id, answer: 'No', condition: 'the canary passes' });
    const q = decision?.questions[0];
    expect(q?.answers.map((a) => [a.label, a.targetStepId])).toEqual([
      ['Yes', fails.id],
      ['No', widen.id],
    ]);
    expect(q?.sameOutcome).toBeUndefined();
    // each answer says which block it runs (both read "Run the commands below" before)
    expect(q?.answers.map((a) => (a.outcome.kind === 'question' ? '' : a.outcome.text))).toEqual(['run “If the canary fails”', 'run “Step 4: Widen the rollout”']);
    // the rollback is destructive, widening is a change: the default never rolls back
    expect(q?.safeDefault).toBe('No');
  });
});

describe('alternatives', () => {
  it('"**Option A / B / C**" inside a step are one choice, the step itself drops out', () => {
    const rb = parse(
      ['# T', '### Step 1: Connect', '**Option A: Jump box**', fence('ssh ops@jump'), '**Option B: VPN**', fence('echo "connect the VPN"'), '### Step 2: Go', fence('echo go')].join('\n'),
    );
    expect(rb.steps.map((s) => s.title)).toEqual(['Option A: Jump box', 'Option B: VPN', 'Step 2: Go']);
    const [a, b] = rb.steps;
    expect(a?.path).toBe('alternative');
    expect(a?.alternative?.choiceId).toBe(b?.alternative?.choiceId);
    expect(a?.alternative?.options).toEqual(['Option A: Jump box', 'Option B: VPN']);
    expect(a?.trail).toEqual(['Step 1: Connect']);
    expect(rb.steps[2]?.path).toBe('main');
  });

  it('sibling "Option 1 / Option 2" and deployment-type sections, and a "choose one of" list', () => {
    const rb = parse(
      [
        '# T',
        '## Deploy',
        '### Option 1: Bicep',
        fence('az deployment group create -g rg -f main.bicep'),
        '### Option 2: Script',
        fence('./deploy.sh prod'),
        '## Release',
        '#### 3.1 Staging: blue-green',
        fence('echo staging'),
        '#### 3.2 Production: canary',
        fence('echo prod'),
        '## Connect',
        'Choose one of the following:',
        '',
        '1. Portal',
        '   ```bash',
        '   echo portal',
        '   ```',
        '2. CLI',
        '   ```bash',
        '   az login',
        '   ```',
      ].join('\n'),
    );
    const alt = rb.steps.filter((s) => s.path === 'alternative').map((s) => [s.alternative?.option, s.alternative?.choiceId]);
    expect(alt.map((x) => x[0])).toEqual(['Option 1: Bicep', 'Option 2: Script', '3.1 Staging: blue-green', '3.2 Production: canary', 'Portal', 'CLI']);
    expect(new Set(alt.map((x) => x[1])).size).toBe(3);
  });
});

describe('contingency sections', () => {
  const rb = parse(
    [
      '# Release',
      '## Deploy',
      '### Step 1: Ship',
      fence('./deploy.sh prod'),
      '### Step 2: Decide',
      '**Rollback triggers:**',
      '- Error rate > 5%',
      '- Data loss',
      '',
      '#### Troubleshooting',
      fence('az containerapp logs show -n app -g rg'),
      '## Rollback Procedure',
      '### Step 1: Identify the trigger',
      '**Common rollback triggers:**',
      '- Error rate > 10%',
      '',
      '### Step 2: Stop deployments',
      fence('az deployment group cancel -g rg -n main'),
      '### Step 3: Shift traffic back',
      fence('az containerapp ingress traffic set -n app -g rg --revision-weight "$OLD=100"'),
      '## Appendix',
      fence('az containerapp revision list -n app -g rg'),
    ].join('\n'),
  );

  it('Rollback, Troubleshooting and Appendix steps are off the main path, under their section', () => {
    const paths = rb.steps.map((s) => `${s.path}: ${s.title}`);
    expect(paths).toEqual([
      'main: Step 1: Ship',
      'main: Step 2: Decide',
      'branch: Troubleshooting',
      'branch: Step 1: Identify the trigger',
      'branch: Step 2: Stop deployments',
      'branch: Step 3: Shift traffic back',
      'branch: Appendix',
    ]);
    expect(byTitle(rb, 'Step 2: Stop deployments').contingency).toMatchObject({ title: 'Rollback Procedure', reason: 'title' });
  });

  it('reached: "Yes" goes to the rollback\'s FIRST step; not reached: "No" carries on and is the default', () => {
    const q = byTitle(rb, 'Step 2: Decide').decisions[0]?.questions[0];
    const first = byTitle(rb, 'Step 1: Identify the trigger');
    expect(q?.answers.find((a) => a.label === 'Yes')?.targetStepId).toBe(first.id);
    expect(q?.answers.find((a) => a.label === 'No')?.targetStepId).toBeUndefined();
    expect(q?.safeDefault).toBe('No');
  });

  it('a decision inside the rollback it names goes on to the next step of it, not a later one', () => {
    const q = byTitle(rb, 'Step 1: Identify the trigger').decisions[0]?.questions[0];
    expect(q?.answers.find((a) => a.label === 'Yes')?.targetStepId).toBe(byTitle(rb, 'Step 2: Stop deployments').id);
  });
});

describe('decisions', () => {
  it('an answer that says stop is marked stop; with nothing safer, there is no default', () => {
    const rb = parse(['# T', '### Step 1: Test', fence('curl -f https://x/health'), '**If any test fails:** DO NOT proceed with the rollout. Escalate.'].join('\n'));
    const q = rb.steps[0]?.decisions[0]?.questions[0];
    expect(q?.answers.map((a) => [a.label, a.stop ?? false])).toEqual([
      ['Yes', true],
      ['No', false],
    ]);
    expect(q?.safeDefault).toBeUndefined();
  });

  it('both answers leading to the same place are marked, so nothing is asked', () => {
    const tree = ['```', 'Alert', '├─> Error rate > 5%? ──Yes──> Page on-call', '│        No ──> Page on-call', '```'].join('\n');
    const rb = parse(['# T', '## Watch', tree].join('\n'));
    expect(rb.steps[0]?.decisions[0]?.questions[0]?.sameOutcome).toBe(true);
  });

  it('a table of condition -> action is a decision matrix, one question per row', () => {
    const rb = parse(
      [
        '# T',
        '## Respond',
        '| Condition | Action |',
        '|-----------|--------|',
        '| Error rate above 5% | Roll back now |',
        '| Latency above 2s | Scale out |',
        '',
        '## Roll back now',
        fence('az containerapp revision deactivate -n app -g rg --revision new'),
      ].join('\n'),
    );
    const matrix = rb.steps.flatMap((s) => s.decisions).find((d) => d.kind === 'matrix');
    expect(matrix?.questions.map((q) => q.question)).toEqual(['Error rate above 5%?', 'Latency above 2s?']);
    expect(matrix?.questions[0]?.answers[0]).toMatchObject({ label: 'Yes', outcome: { kind: 'action', text: 'Roll back now' } });
    // the section the matrix names is off the main path
    expect(byTitle(rb, 'Roll back now').path).toBe('branch');
  });
});

describe('script libraries', () => {
  const rb = parse(
    [
      '# Tools',
      '## Health check script',
      'Save this as `check-health.sh`:',
      '',
      '```bash',
      '#!/usr/bin/env bash',
      '# Usage: check-health.sh <environment> [version]',
      'ENVIRONMENT=${1:-staging}',
      'VERSION=${2:-latest}',
      'echo "usage: check-health.sh <environment> [version]"',
      'curl -f "https://api-$ENVIRONMENT.example.com/health?v=$VERSION"',
      '```',
      '',
      '## Use it',
      fence('./check-health.sh prod 1.4.2'),
      '## Run a one-off',
      'Run this script:',
      '',
      '```bash',
      '#!/bin/sh',
      'echo "deploying ${1:-latest}"',
      '```',
    ].join('\n'),
  );

  it('a shebang block to save is a script with its positional arguments, not a command', () => {
    const lib = byTitle(rb, 'Health check script');
    expect(lib.commands).toEqual([]);
    expect(lib.scripts?.[0]).toMatchObject({
      fileName: 'check-health.sh',
      args: [
        { index: 1, name: 'ENVIRONMENT', default: 'staging' },
        { index: 2, name: 'VERSION', default: 'latest' },
      ],
    });
    expect(lib.scripts?.[0]?.runBy).toEqual([byTitle(rb, 'Use it').commands[0]?.id]);
  });

  it('a script the runbook runs is a command that declares its arguments; usage words are not parameters', () => {
    const run = byTitle(rb, 'Run a one-off');
    expect(run.commands[0]?.args).toEqual([{ index: 1, default: 'latest' }]);
    expect(rb.params.map((p) => p.name)).not.toContain('environment');
    expect(rb.params.map((p) => p.name)).not.toContain('version');
  });
});

describe('parameters and checklist items', () => {
  it('a value a later configuration block exports is not asked up front; the reader names the step that sets it', () => {
    const rb = parse(['# T', '## Deploy', fence('az group show -n "$RESOURCE_GROUP"'), '## Appendix: Environment', fence('export RESOURCE_GROUP="rg-prod"\nexport REGION=eastus')].join('\n'));
    expect(rb.params.map((p) => p.name)).not.toContain('RESOURCE_GROUP');
    const appendix = byTitle(rb, 'Appendix: Environment');
    expect(byTitle(rb, 'Deploy').commands[0]?.reads).toEqual([{ name: 'RESOURCE_GROUP', stepId: appendix.id, commandId: appendix.commands[0]?.id }]);
  });

  it('an earlier step that sets a variable is recorded as its source', () => {
    const rb = parse(['# T', '### Step 1: Find', fence('export NEW_REVISION=$(az containerapp revision list -n a -g r --query "[0].name" -o tsv)'), '### Step 2: Shift', fence('az containerapp ingress traffic set -n a -g r --revision-weight "$NEW_REVISION=100"')].join('\n'));
    expect(rb.params.map((p) => p.name)).not.toContain('NEW_REVISION');
    expect(byTitle(rb, 'Step 2: Shift').commands[0]?.reads?.[0]).toMatchObject({ name: 'NEW_REVISION', stepId: byTitle(rb, 'Step 1: Find').id });
  });

  it('a checklist item owns the unindented block after it, up to the next item or heading', () => {
    const rb = parse(['# T', '## Checks', '- [ ] Registry reachable', '', fence('az acr check-health -n reg --yes'), '- [ ] Cache up', '', fence('redis-cli ping'), '## Next', fence('echo next')].join('\n'));
    expect(rb.steps.map((s) => [s.title, s.commands.map((c) => c.code)])).toEqual([
      ['Registry reachable', ['az acr check-health -n reg --yes']],
      ['Cache up', ['redis-cli ping']],
      ['Next', ['echo next']],
    ]);
  });
});

describe('an outcome that is a section and one more action', () => {
  it('"IMMEDIATE ROLLBACK + Restore Data" goes to the rollback steps; the text keeps the rest', () => {
    const rb = parse(
      [
        '# Ship',
        '## Deploy',
        '### Step 1: Watch',
        '```',
        'Canary verdict',
        '    │',
        '    └─> Data corrupted? ──Yes──> IMMEDIATE ROLLBACK + Restore Data',
        '             │',
        '             No',
        '             ▼',
        '        Promote',
        '```',
        '### Step 2: Promote',
        fence('echo promote'),
        '## Rollback Steps',
        fence('echo rollback'),
      ].join('\n'),
    );
    const yes = rb.steps.flatMap((s) => s.decisions)[0]?.questions[0]?.answers.find((a) => a.label === 'Yes');
    expect(yes?.outcome).toMatchObject({ kind: 'action', text: 'IMMEDIATE ROLLBACK + Restore Data', target: { title: 'Rollback Steps' } });
  });
});
