// A realistic finished production session (canary release), used by the export tests
// and to render docs/report-example.png.
import { outputStep, type FixtureStep } from './session-fixture.js';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (min: number): string => new Date(T0 + min * 60_000).toISOString();

export const EXAMPLE_RUNBOOK = `# Checkout API: canary release of v42

## Pre-flight
- [ ] Confirm the subscription
- [ ] Deploy v42 with 0% traffic

## Canary
- [ ] Shift 10% of traffic to v42
- [ ] Watch the canary (Error rate < 1%, P95 latency < 2000ms)
- [ ] Shift 100% of traffic to v42

## Validation
- [ ] Smoke tests
- [ ] **Evidence**: dashboard screenshot

## Sign-off
| Role | Name | Signature | Date |
|------|------|-----------|------|
| Change manager | | | |
| Service owner | | | |
`;

const DEPLOY_OUT = `{
  "name": "checkout-api",
  "properties": {
    "latestRevisionName": "checkout-api--v42",
    "provisioningState": "Succeeded",
    "runningStatus": "Running",
    "configuration": {
      "ingress": {
        "traffic": [
          { "revisionName": "checkout-api--v41", "weight": 100 },
          { "revisionName": "checkout-api--v42", "weight": 0 }
        ]
      }
    }
  }
}
`;

const SMOKE_FAIL = `running 6 smoke tests against https://checkout.contoso.example
  ok   GET /health                 200   41 ms
  ok   GET /api/cart               200  212 ms
  FAIL POST /api/checkout          503 5004 ms (upstream timeout)
  ok   GET /api/orders/recent      200  180 ms
  ok   GET /api/catalog?page=1     200  133 ms
  ok   GET /api/payments/methods   200   96 ms
5 passed, 1 failed
`;

const SMOKE_OK = `running 6 smoke tests against https://checkout.contoso.example
  ok   GET /health                 200   38 ms
  ok   GET /api/cart               200  198 ms
  ok   POST /api/checkout          201  644 ms
  ok   GET /api/orders/recent      200  171 ms
  ok   GET /api/catalog?page=1     200  120 ms
  ok   GET /api/payments/methods   200   91 ms
6 passed, 0 failed
`;

export const EXAMPLE_OUTPUTS: Record<string, string> = {
  'preflight.log': 'Contoso-Production\n',
  'deploy.log': DEPLOY_OUT,
  'canary.log': 'checkout-api--v41  90\ncheckout-api--v42  10\n',
  'full.log': 'checkout-api--v42  100\nHTTP/1.1 200 OK\n',
  'smoke-1.log': SMOKE_FAIL,
  'smoke-2.log': SMOKE_OK,
};

function series(start: number, values: number[]): { t: string; v: number }[] {
  return values.map((v, i) => ({ t: new Date(T0 + start * 60_000 + i * 30_000).toISOString(), v }));
}

function cmd(stepId: string, commandId: string, script: string, file: string, exitCode: number, durationMs: number): FixtureStep[] {
  return [
    { type: 'cmd.start', data: { stepId, commandId, script, resolved: script, cwd: '/srv/deploy', env: ['ENVIRONMENT', 'RESOURCE_GROUP'], execution: 'run' } },
    outputStep(stepId, commandId, file, EXAMPLE_OUTPUTS[file] ?? ''),
    { type: 'cmd.exit', data: { stepId, commandId, execution: 'run', exitCode, durationMs } },
  ];
}

export function exampleBody(): FixtureStep[] {
  return [
    { type: 'param.set', data: { name: 'ENVIRONMENT', secret: false, source: 'set', value: 'production' } },
    { type: 'param.set', data: { name: 'RESOURCE_GROUP', secret: false, source: 'env', value: 'rg-checkout-prod' } },
    { type: 'param.set', data: { name: 'ACR_TOKEN', secret: true, source: 'prompt' } },
    { type: 'step.start', data: { stepId: 'step-1', title: 'Confirm the subscription', line: 4 } },
    ...cmd('step-1', 'sub', 'az account show --query name -o tsv', 'preflight.log', 0, 1830),
    { type: 'check', data: { kind: 'expectation', stepId: 'step-1', commandId: 'sub', expected: 'Contoso-Production', actual: 'Contoso-Production', result: 'pass' } },
    { type: 'step.end', data: { stepId: 'step-1', status: 'passed' } },
    { at: 2, type: 'step.start', data: { stepId: 'step-2', title: 'Deploy v42 with 0% traffic', line: 5 } },
    ...cmd('step-2', 'update', 'az containerapp update -n checkout-api -g "$RESOURCE_GROUP" \\\n  --image contoso.azurecr.io/checkout-api:v42 --revision-suffix v42', 'deploy.log', 0, 47210),
    { type: 'check', data: { kind: 'expectation', stepId: 'step-2', commandId: 'update', expected: 'properties.provisioningState == "Succeeded"', actual: 'Succeeded', result: 'pass' } },
    { type: 'step.end', data: { stepId: 'step-2', status: 'passed' } },
    { at: 9, type: 'step.start', data: { stepId: 'step-3', title: 'Shift 10% of traffic to v42', line: 8 } },
    ...cmd('step-3', 'traffic', 'az containerapp ingress traffic set -n checkout-api -g "$RESOURCE_GROUP" \\\n  --revision-weight checkout-api--v41=90 checkout-api--v42=10', 'canary.log', 0, 6420),
    { type: 'check', data: { kind: 'expectation', stepId: 'step-3', commandId: 'traffic', expected: 'checkout-api--v42  10', actual: 'checkout-api--v42  10', result: 'pass' } },
    { type: 'step.end', data: { stepId: 'step-3', status: 'passed' } },
    { type: 'step.start', data: { stepId: 'step-4', title: 'Watch the canary (Error rate < 1%, P95 latency < 2000ms)', line: 9 } },
    {
      at: 22,
      type: 'metric',
      data: {
        stepId: 'step-4',
        name: 'Error rate',
        unit: '%',
        thresholds: [{ metric: 'Error rate', comparator: '<', value: 1, unit: '%' }],
        result: 'pass',
        samples: series(12, [0.21, 0.25, 0.3, 0.28, 0.44, 0.62, 0.51, 0.39, 0.35, 0.33, 0.31, 0.29, 0.3, 0.27, 0.26, 0.28, 0.25, 0.24, 0.26, 0.23]),
      },
    },
    {
      type: 'metric',
      data: {
        stepId: 'step-4',
        name: 'P95 latency',
        unit: 'ms',
        thresholds: [{ metric: 'P95 latency', comparator: '<', value: 2000, unit: 'ms' }],
        result: 'pass',
        samples: series(12, [820, 860, 910, 1020, 1480, 1710, 1390, 1120, 990, 940, 930, 900, 880, 905, 870, 860, 850, 845, 860, 840]),
      },
    },
    {
      type: 'decision',
      data: {
        stepId: 'step-4',
        decisionId: 'go',
        question: 'Canary healthy: shift all traffic to v42?',
        answer: 'Yes',
        who: 'alice',
        suggested: { answer: 'Yes', why: 'error rate peaked at 0.62% (< 1%), P95 at 1710 ms (< 2000 ms)' },
      },
    },
    { type: 'step.end', data: { stepId: 'step-4', status: 'passed' } },
    { at: 24, type: 'step.start', data: { stepId: 'step-5', title: 'Shift 100% of traffic to v42', line: 10 } },
    ...cmd('step-5', 'traffic', 'az containerapp ingress traffic set -n checkout-api -g "$RESOURCE_GROUP" \\\n  --revision-weight checkout-api--v42=100 && curl -sI https://checkout.contoso.example/health | head -1', 'full.log', 0, 7950),
    { type: 'check', data: { kind: 'expectation', stepId: 'step-5', commandId: 'traffic', expected: 'should return 200', actual: 'HTTP/1.1 200 OK', result: 'unverified', confirmedBy: 'alice' } },
    { type: 'step.end', data: { stepId: 'step-5', status: 'passed' } },
    { at: 26, type: 'step.start', data: { stepId: 'step-6', title: 'Smoke tests', line: 13 } },
    ...cmd('step-6', 'run', './smoke.sh https://checkout.contoso.example', 'smoke-1.log', 1, 9310),
    { type: 'check', data: { kind: 'expectation', stepId: 'step-6', commandId: 'run', expected: '0 failed', actual: '1 failed', result: 'fail' } },
    { at: 29, type: 'deviation', data: { stepId: 'step-6', kind: 'rerun', reason: 'checkout timed out once while the payment pool scaled out; rerun after 2 minutes' } },
    ...cmd('step-6', 'run', './smoke.sh https://checkout.contoso.example', 'smoke-2.log', 0, 4120),
    { type: 'check', data: { kind: 'expectation', stepId: 'step-6', commandId: 'run', expected: '0 failed', actual: '0 failed', result: 'pass' } },
    { type: 'step.end', data: { stepId: 'step-6', status: 'passed' } },
    { at: 33, type: 'step.start', data: { stepId: 'step-7', title: 'Evidence: dashboard screenshot', line: 14 } },
    { type: 'deviation', data: { stepId: 'step-7', kind: 'waive', target: 'dashboard screenshot', reason: 'Grafana SSO down; metrics above are the same series' } },
    { type: 'step.end', data: { stepId: 'step-7', status: 'waived', reason: 'Grafana SSO down; metrics above are the same series' } },
    { type: 'step.start', data: { stepId: 'step-8', title: 'Sign-off', line: 17 } },
    { at: 41, type: 'signoff', data: { stepId: 'step-8', formId: 'so', role: 'Change manager', name: 'bob', identitySource: 'os', approved: true, comment: 'CHG0042 can be closed', signedAt: at(41) }, actor: 'bob' },
    { at: 43, type: 'signoff', data: { stepId: 'step-8', formId: 'so', role: 'Service owner', name: 'carol', identitySource: 'os', approved: true, choice: 'Success', signedAt: at(43) }, actor: 'carol' },
    { type: 'step.end', data: { stepId: 'step-8', status: 'passed' } },
    { type: 'note', data: { text: 'v41 revision kept active for 24 h as rollback target' } },
  ];
}
