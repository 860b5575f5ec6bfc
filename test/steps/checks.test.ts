import { describe, expect, it } from 'vitest';
import { evaluateCheck, type CheckInput } from '../../src/steps/checks.js';
import type { Check } from '../../src/runbook/model.js';

const out = (output: string, extra: Partial<CheckInput> = {}): CheckInput => ({ exitCode: 0, stdout: output, output, ...extra });

describe('expectation checks', () => {
  const cases: { name: string; check: Check; pass: CheckInput; fail: CheckInput; actualPass?: string; actualFail?: string }[] = [
    { name: 'exit code', check: { kind: 'exit-code', code: 0 }, pass: out(''), fail: out('', { exitCode: 2 }), actualFail: 'exit 2' },
    {
      name: 'text',
      check: { kind: 'text', text: 'provisioningState: Succeeded' },
      pass: out('name: api\n\x1b[32mprovisioningState:  succeeded\x1b[0m\n'),
      fail: out('provisioningState: Failed\n'),
      actualFail: 'provisioningState: Failed',
    },
    { name: 'regex', check: { kind: 'regex', pattern: 'HTTP/\\d\\.\\d 200', flags: '' }, pass: out('HTTP/1.1 200 OK\n'), fail: out('HTTP/1.1 503 Service Unavailable\n'), actualPass: 'HTTP/1.1 200' },
    {
      name: 'json field',
      check: { kind: 'json-field', path: 'properties.runningStatus', equals: 'Running' },
      pass: { exitCode: 0, stdout: '{"properties":{"runningStatus":"Running"}}', output: 'WARNING: preview\n{"properties":{"runningStatus":"Running"}}' },
      fail: out('{"properties":{"runningStatus":"Stopped"}}'),
      actualFail: 'Stopped',
    },
    { name: 'json array index', check: { kind: 'json-field', path: '[1].weight', equals: 100 }, pass: out('[{"weight":0},{"weight":100}]'), fail: out('[{"weight":0},{"weight":50}]'), actualFail: '50' },
    {
      name: 'threshold from a bare number',
      check: { kind: 'threshold', threshold: { metric: 'Error rate', comparator: '<', value: 1, unit: '%' } },
      pass: out('0.4\n'),
      fail: out('2.5%\n'),
      actualFail: '2.5%',
    },
    {
      name: 'threshold from a labelled line with unit conversion',
      check: { kind: 'threshold', threshold: { metric: 'P95 latency', comparator: '<', value: 2000, unit: 'ms' } },
      pass: out('requests: 1200\nP95 latency: 1.2s\n'),
      fail: out('requests: 1200\nP95 latency: 2400ms\n'),
      actualPass: '1200ms',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: pass and fail`, () => {
      const p = evaluateCheck(c.check, c.pass);
      expect(p.result).toBe('pass');
      if (c.actualPass) expect(p.actual).toBe(c.actualPass);
      const f = evaluateCheck(c.check, c.fail);
      expect(f.result).toBe('fail');
      if (c.actualFail) expect(f.actual).toBe(c.actualFail);
    });
  }

  it('a killed command fails an exit-code check, saying so', () => {
    expect(evaluateCheck({ kind: 'exit-code', code: 0 }, out('', { exitCode: null, signal: 'SIGKILL' }))).toEqual({ result: 'fail', actual: 'killed by SIGKILL' });
  });

  it('is unverified, never passed, when it cannot decide', () => {
    expect(evaluateCheck({ kind: 'manual' }, out('anything')).result).toBe('unverified');
    expect(evaluateCheck({ kind: 'json-field', path: 'a', equals: 1 }, out('not json')).result).toBe('unverified');
    expect(evaluateCheck({ kind: 'threshold', threshold: { metric: 'Availability', comparator: '>=', value: 99.9 } }, out('all good\n')).result).toBe('unverified');
    expect(evaluateCheck({ kind: 'regex', pattern: '(', flags: '' }, out('x')).result).toBe('unverified');
    expect(evaluateCheck({ kind: 'text', text: 'Succeeded' }, out('lots of output', { truncated: true })).result).toBe('unverified');
  });

  it('a missing JSON field fails and says which', () => {
    expect(evaluateCheck({ kind: 'json-field', path: 'properties.x', equals: 'y' }, out('{"properties":{}}'))).toEqual({ result: 'fail', actual: 'properties.x missing' });
  });
});
