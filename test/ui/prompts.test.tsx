import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import type { Command, Decision, SignoffForm } from '../../src/runbook/model.js';
import { FakeEngine, sampleRunbook } from './fake-engine.js';
import { KEY, press, type, until, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const runbook = sampleRunbook();
const step = runbook.steps[1]!;
const command: Command = {
  id: 'c-del',
  line: 12,
  lang: 'bash',
  code: 'az group delete --name rg-prod --yes',
  runnable: true,
  expectations: [],
  danger: [{ line: 12, reason: 'deletes resources' }],
  params: [],
};

async function setup(): Promise<FakeEngine> {
  const engine = new FakeEngine(runbook);
  r = await renderApp(engine, { columns: 120, rows: 32 });
  return engine;
}

describe('prompt views', () => {
  it('params: one form, secrets masked and never shown, Enter walks the fields and submits', async () => {
    const engine = await setup();
    const answer = engine.ask({
      kind: 'params',
      params: [
        { name: 'ENVIRONMENT', secret: false, forms: ['${ENVIRONMENT}'], line: 3, default: 'staging' },
        { name: 'DB_PASSWORD', secret: true, forms: ['$DB_PASSWORD'], line: 5 },
      ],
    });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'Parameters this runbook needs (2)');
    await untilShown(r!, 'staging');
    await press(r!.stdin, KEY.enter);
    await type(r!.stdin, 'hunter2-secret');
    await untilGone(r!, 'hunter2');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ ENVIRONMENT: 'staging', DB_PASSWORD: 'hunter2-secret' });
  });

  it('params: values may be left empty; Esc submits the form as it is', async () => {
    const engine = await setup();
    const params = [
      { name: 'REGION', secret: false, forms: ['{region}'], line: 1 },
      { name: 'ZONE', secret: false, forms: ['<ZONE>'], line: 2 },
      { name: 'TOKEN', secret: true, forms: ['$TOKEN'], line: 3 },
    ];
    let answer = engine.ask({ kind: 'params', params });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, '3 left empty: asked again when a step needs one');
    await press(r!.stdin, KEY.enter, KEY.enter, KEY.enter);
    expect(await answer).toEqual({ REGION: '', ZONE: '', TOKEN: '' });

    answer = engine.ask({ kind: 'params', params });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, 'eu\r');
    await press(r!.stdin, KEY.escape);
    expect(await answer).toEqual({ REGION: 'eu', ZONE: '', TOKEN: '' });
  });

  it('danger: a wrong word runs nothing; the right word confirms', async () => {
    const engine = await setup();
    const answer = engine.ask({ kind: 'danger', step, command, reasons: ['deletes resources'], word: 'rg-prod', resolved: command.code, effect: 'destructive' });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    const f = r!.frame();
    expect(f).toContain('Dangerous command');
    expect(f).toContain('deletes resources');
    expect(f).toContain('az group delete');
    await type(r!.stdin, 'yes');
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'is not rg-prod');
    await type(r!.stdin, 'rg-prod');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ confirmed: true });
  });

  it('danger: the values the block reads from the session shell are shown under it', async () => {
    const engine = await setup();
    void engine.ask({
      kind: 'danger',
      step,
      command,
      reasons: ['sends 100% of traffic'],
      word: 'SHIFT',
      resolved: 'revctl traffic --to "$NEW_REVISION" --weight 100',
      effect: 'destructive',
      shellValues: [{ name: 'NEW_REVISION', value: 'rev-42' }],
    });
    await untilShown(r!, "with $NEW_REVISION = rev-42 (from the session's shell)");
  });

  it('danger: Esc declines', async () => {
    const engine = await setup();
    const answer = engine.ask({ kind: 'danger', step, command, reasons: ['deletes resources'], word: 'DELETE', resolved: command.code, effect: 'destructive' });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.escape);
    expect(await answer).toEqual({ confirmed: false });
  });

  it('decision: shows the suggestion and why, answers with the chosen label and a note', async () => {
    const engine = await setup();
    const decision: Decision = {
      id: 'd1',
      line: 40,
      kind: 'tree',
      title: 'Canary health',
      questions: [],
    };
    const node = {
      line: 41,
      question: 'Is the error rate above 1%?',
      answers: [
        { label: 'Yes', outcome: { kind: 'action' as const, text: 'ROLLBACK', target: { sectionId: 'rb', title: 'Rollback Steps' } } },
        { label: 'No', outcome: { kind: 'continue' as const } },
      ],
    };
    decision.questions.push(node);
    const answer = engine.ask({ kind: 'decision', decision, node, suggested: { answer: 'No', why: 'error rate 0.2% < 1%' } });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    const f = r!.frame();
    expect(f).toContain('Is the error rate above 1%?');
    expect(f).toContain('Suggested: No (error rate 0.2% < 1%)');
    expect(f).toContain('goes to Rollback Steps');
    // the suggested answer comes first, so Enter takes it
    expect(f.indexOf('No (suggested)')).toBeLessThan(f.indexOf('Yes → ROLLBACK'));
    await press(r!.stdin, KEY.enter);
    await type(r!.stdin, 'dashboards green');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'No', note: 'dashboards green' });
  });

  it('decision: an answer leading to an action and then a question says the action is a step done first', async () => {
    const engine = await setup();
    const still = { line: 42, question: 'Still Down?', before: 'Investigate', answers: [{ label: 'Yes', outcome: { kind: 'action' as const, text: 'ROLLBACK' } }] };
    const node = {
      line: 42,
      question: 'Critical Dependency Down?',
      answers: [
        { label: 'Yes', outcome: { kind: 'question' as const, node: still } },
        { label: 'No', outcome: { kind: 'continue' as const } },
      ],
    };
    const decision: Decision = { id: 'd3', line: 40, kind: 'branch', title: 'Dependencies', questions: [node] };
    void engine.ask({ kind: 'decision', decision, node });
    await untilShown(r!, 'Yes → Investigate (a step to do first), then: Still Down?');
  });

  it('decision: an answer leading to "Monitor 5 min" and then a question says it is a monitored wait first', async () => {
    const engine = await setup();
    const improving = { line: 44, question: 'Improving?', before: 'Monitor 5 min', answers: [{ label: 'No', outcome: { kind: 'action' as const, text: 'ROLLBACK' } }] };
    const node = {
      line: 44,
      question: 'Error Rate 1-5%?',
      answers: [
        { label: 'Yes', outcome: { kind: 'question' as const, node: improving } },
        { label: 'No', outcome: { kind: 'continue' as const } },
      ],
    };
    const decision: Decision = { id: 'd4', line: 40, kind: 'branch', title: 'Errors', questions: [node] };
    void engine.ask({ kind: 'decision', decision, node });
    await untilShown(r!, 'Yes → Monitor 5 min (a monitored wait first), then: Improving?');
  });

  it('decision raised by a failure: a question the data does not answer highlights nothing, even with a safe default', async () => {
    const engine = await setup();
    const node = {
      line: 41,
      question: 'Settlement Queue Stuck?',
      safeDefault: 'No',
      answers: [
        { label: 'Yes', outcome: { kind: 'action' as const, text: 'Inspect the consumer' } },
        { label: 'No', outcome: { kind: 'continue' as const } },
      ],
    };
    const decision: Decision = { id: 'd5', line: 40, kind: 'tree', title: 'Rollback Decision Tree', questions: [node] };
    let settled = false;
    const answer = engine.ask({ kind: 'decision', decision, node, raised: { reason: 'limit crossed during the wait', data: ['error rate 1.05% > 1% for 1 sample'] } });
    void answer.then(() => (settled = true));
    await untilShown(r!, '(choose an answer)');
    await press(r!.stdin, KEY.enter, KEY.enter);
    expect(settled).toBe(false);
    await press(r!.stdin, KEY.down, KEY.down, KEY.enter);
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'No' });
  });

  it('decision: with no safe answer nothing is highlighted; Enter alone answers nothing', async () => {
    const engine = await setup();
    const node = {
      line: 41,
      question: 'Validation fails?',
      answers: [
        { label: 'Yes', outcome: { kind: 'action' as const, text: 'ROLLBACK' } },
        { label: 'No', outcome: { kind: 'continue' as const } },
      ],
    };
    const decision: Decision = { id: 'd2', line: 40, kind: 'branch', title: 'Validation', questions: [node] };
    let settled = false;
    const answer = engine.ask({ kind: 'decision', decision, node });
    void answer.then(() => (settled = true));
    await untilShown(r!, '(choose an answer)');
    await press(r!.stdin, KEY.enter, KEY.enter);
    expect(settled).toBe(false);
    expect(r!.frame()).toContain('Validation fails?');
    await press(r!.stdin, KEY.down, KEY.down, KEY.enter);
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ answer: 'No' });
  });

  it('signoff: name prefilled, optional comment, explicit a to approve, choice recorded', async () => {
    const engine = await setup();
    const form: SignoffForm = {
      id: 'f1',
      line: 90,
      title: 'Go-live approval',
      roles: ['Release manager', 'SRE'],
      choice: { label: 'Outcome', options: ['Success', 'Partial Success', 'Failed'] },
      fourEyes: true,
    };
    const answer = engine.ask({ kind: 'signoff', step, form, role: 'SRE', suggestedName: 'alice@contoso' });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'Role: SRE');
    await press(r!.stdin, KEY.down, KEY.enter);
    await untilShown(r!, 'alice@contoso');
    await press(r!.stdin, KEY.enter);
    await type(r!.stdin, 'looks good');
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'I approve');
    // Enter is not an approval
    let resolved = false;
    void answer.then(() => (resolved = true));
    await press(r!.stdin, KEY.enter);
    expect(resolved).toBe(false);
    await press(r!.stdin, 'a');
    expect(await answer).toEqual({ name: 'alice@contoso', comment: 'looks good', approved: true, choice: 'Partial Success' });
  });

  it('signoff: shows why a previous answer was refused, and d declines', async () => {
    const engine = await setup();
    const form: SignoffForm = { id: 'f2', line: 1, title: 'Approval', roles: ['Approver'], fourEyes: true };
    const answer = engine.ask({ kind: 'signoff', step, form, error: 'four-eyes: the approver must not be the operator' });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'four-eyes: the approver must not be the operator');
    await untilShown(r!, 'alice');
    await press(r!.stdin, KEY.enter, KEY.enter, 'd');
    expect(await answer).toEqual({ name: 'alice', approved: false });
  });

  it('signoff: a name four-eyes refuses is not prefilled and is refused at the name, with why; after a refusal the choice and comment typed stay', async () => {
    const engine = await setup();
    const form: SignoffForm = { id: 'f3', line: 1, title: 'Go-live', roles: ['Security Team', 'Operator'], fourEyes: true, choice: { label: 'Outcome', options: ['Go', 'No go'] } };
    const why = 'four-eyes: Security Team must be signed by someone other than the operator (alice)';
    const answer = engine.ask({ kind: 'signoff', step, form, role: 'Security Team', refused: [{ name: 'alice', why }], earlier: { choice: 'No go', comment: 'waiting on pen test' } });
    await untilShown(r!, 'Role: Security Team');
    // the choice made before the refusal stands: straight to the name, which is empty
    await untilShown(r!, 'Outcome: No go');
    expect(r!.frame().split('\n').find((l) => l.includes('Name ›'))).not.toContain('alice');
    await type(r!.stdin, 'alice');
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'four-eyes: Security Team must be signed by someone other than the');
    expect(r!.frame()).not.toContain('Comment (optional)');
    for (let i = 0; i < 5; i++) await press(r!.stdin, '\x7f');
    await type(r!.stdin, 'sam');
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'Comment (optional)');
    await press(r!.stdin, KEY.enter);
    await press(r!.stdin, 'a');
    expect(await answer).toEqual({ name: 'sam', comment: 'waiting on pen test', approved: true, choice: 'No go' });
  });

  it('signoff: the signer sees the steps that failed and have not passed since', async () => {
    const engine = await setup();
    const form: SignoffForm = { id: 'f3', line: 1, title: 'Go-live', roles: ['Release Manager'], fourEyes: false };
    void engine.ask({ kind: 'signoff', step, form, role: 'Release Manager', failed: ['Step 2: Health check'] });
    await untilShown(r!, '✘ failed and not passed since: Step 2: Health check');
  });

  it('evidence: a typed note, a file path, or a waiver with a reason', async () => {
    const engine = await setup();
    const requirement = { id: 'e1', line: 20, text: 'screenshot of the dashboard', kind: 'screenshot' as const };
    let answer = engine.ask({ kind: 'evidence', step, requirement });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'screenshot of the dashboard');
    await press(r!.stdin, KEY.enter);
    await type(r!.stdin, '/tmp/dash.png');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ kind: 'screenshot', value: '/tmp/dash.png' });

    answer = engine.ask({ kind: 'evidence', step, requirement });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    // order: screenshot, output, file, note, waive
    await press(r!.stdin, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter);
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'Reason is required');
    await type(r!.stdin, 'Grafana down');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ waived: 'Grafana down' });
  });

  it('evidence: captured output of a chosen command', async () => {
    const engine = await setup();
    const answer = engine.ask({ kind: 'evidence', step, requirement: { id: 'e2', line: 1, text: 'node list', kind: 'output' } });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.enter);
    await untilShown(r!, 'Which output?');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ kind: 'output', value: 's2.c1' });
  });

  it('unverified: y confirms with an optional note, output tail shown', async () => {
    const engine = await setup();
    const answer = engine.ask({
      kind: 'unverified',
      step,
      expectation: { line: 3, text: 'all nodes Ready', source: 'prose', check: { kind: 'manual' } },
      output: 'node-1 Ready\nnode-2 Ready\n',
    });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'all nodes Ready');
    await untilShown(r!, 'node-2 Ready');
    await press(r!.stdin, 'y', KEY.enter);
    expect(await answer).toEqual({ confirmed: true });
  });

  it('unverified: n records that it does not hold, with a note', async () => {
    const engine = await setup();
    const answer = engine.ask({ kind: 'unverified', step, expectation: { line: 3, text: 'latency ok', source: 'prose', check: { kind: 'manual' } } });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, 'n');
    await type(r!.stdin, 'p95 at 3s');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ confirmed: false, note: 'p95 at 3s' });
  });

  it('check-failed: retry, mark passed with a reason, skip with a reason, abort after confirming', async () => {
    const engine = await setup();
    const ask = () => engine.ask({ kind: 'check-failed', step, command, failures: ['expected "200", got "503"'] });
    let answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'expected "200", got "503"');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'retry' });

    answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.down, KEY.enter);
    await type(r!.stdin, 'probe flaky, checked by hand');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'pass', reason: 'probe flaky, checked by hand' });

    answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.down, KEY.down, KEY.enter);
    await type(r!.stdin, 'not needed');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'skip', reason: 'not needed' });

    answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.down, KEY.down, KEY.down, KEY.enter);
    await untilShown(r!, 'Abort the whole session?');
    await press(r!.stdin, 'y');
    expect(await answer).toEqual({ action: 'abort' });
  });

  it('check-failed: an expected JSON document that failed field by field stays one line each; the title and every choice stay on screen', async () => {
    const engine = await setup();
    const expected = '{\n  "items": [...],\n  "total": <number>,\n  "page": 1,\n  "page_size": 10,\n  "has_next": false\n}';
    const failures = ['page', 'page_size', 'has_next', 'has_prev'].map((f) => `${expected} (got ${f} missing)`);
    void engine.ask({ kind: 'check-failed', step, command, failures, output: '{\n  "status": "ok"\n}' });
    await untilShown(r!, '╭');
    await untilShown(r!, 'abort the session');
    const frame = r!.frame();
    expect(frame).toContain(`Check failed in "${step.title}"`);
    expect(frame).toContain('✘ { "items": [...], "total": <number>, "page": 1,');
    expect(frame).not.toMatch(/^.*│\s+"page_size": 10,/m);
  });

  it('check-failed: a failure longer than the dialog is wrapped, so what to do at its end is on screen', async () => {
    const engine = await setup();
    const failure =
      "Azure: not signed in (Please run 'az login' from a command prompt to authenticate before using this credential.); run `az login --tenant contoso.onmicrosoft.com` (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), or rehearse with --simulate";
    void engine.ask({ kind: 'check-failed', step, command, failures: [failure] });
    await untilShown(r!, 'abort the session');
    const frame = r!.frame();
    expect(frame).toContain('✘ Azure: not signed in');
    expect(frame).toContain('or rehearse with --simulate');
    expect(frame).toContain(`Check failed in "${step.title}"`);
  });

  it('interrupted-command: done with a note, rerun, or skip with a reason', async () => {
    const engine = await setup();
    const ask = () => engine.ask({ kind: 'interrupted-command', step, command });
    let answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, 'Interrupted while running "Check cluster health"');
    await untilShown(r!, 'az group delete --name rg-prod');
    await press(r!.stdin, KEY.enter);
    await type(r!.stdin, 'saw it complete in the portal');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'done', note: 'saw it complete in the portal' });

    answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.down, KEY.enter);
    expect(await answer).toEqual({ action: 'rerun' });

    answer = ask();
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, KEY.down, KEY.down, KEY.enter);
    await type(r!.stdin, 'rolled back instead');
    await press(r!.stdin, KEY.enter);
    expect(await answer).toEqual({ action: 'skip', reason: 'rolled back instead' });
  });

  it('runbook-changed: shows the diff, y proceeds and n stops', async () => {
    const engine = await setup();
    const diff = '@@ -1,2 +1,2 @@\n-replicas: 3\n+replicas: 6\n';
    let answer = engine.ask({ kind: 'runbook-changed', oldSha256: 'a'.repeat(64), newSha256: 'b'.repeat(64), diff });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await untilShown(r!, '+replicas: 6');
    await untilShown(r!, '-replicas: 3');
    await press(r!.stdin, 'y');
    expect(await answer).toEqual({ proceed: true });
    answer = engine.ask({ kind: 'runbook-changed', oldSha256: 'a'.repeat(64), newSha256: 'b'.repeat(64), diff });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, 'n');
    expect(await answer).toEqual({ proceed: false });
  });

  it('browse keys do nothing while a prompt is open; Ctrl-C still reaches the quit question', async () => {
    const engine = await setup();
    void engine.ask({ kind: 'runbook-changed', oldSha256: 'a', newSha256: 'b', diff: '' });
    await untilShown(r!, '╭'); // the prompt is up (and its keys attached)
    await press(r!.stdin, 'j', 's');
    await until(() => expect(engine.callsTo('select')).toEqual([]));
    await until(() => expect(engine.callsTo('skip')).toEqual([]));
    await press(r!.stdin, KEY.ctrlC);
    await untilShown(r!, 'Quit now?');
  });
});
