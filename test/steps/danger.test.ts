import { describe, expect, it } from 'vitest';
import { confirms, dangerConfirmation } from '../../src/steps/danger.js';

const cmd = (code: string, danger: string[], name?: string) => ({
  code,
  line: 10,
  name,
  danger: danger.map((reason, k) => ({ line: 11 + k, reason })),
});

describe('danger confirmation word', () => {
  it('needs nothing for a harmless command', () => {
    expect(dangerConfirmation(cmd('az group list', []))).toBeUndefined();
  });

  it('asks for the resource named on the dangerous line', () => {
    expect(dangerConfirmation(cmd('az group delete --name rg-prod-weu --yes', ['deletes resources']))).toEqual({ word: 'rg-prod-weu', reasons: ['deletes resources'] });
    expect(dangerConfirmation(cmd('echo first\nkubectl delete deployment payments-api -n prod', ['deletes resources']))?.word).toBe('payments-api');
  });

  it('does not use a parameter reference as the word', () => {
    expect(dangerConfirmation(cmd('az group delete -n "$RG" --yes', ['deletes resources'], 'teardown'))?.word).toBe('teardown');
    expect(dangerConfirmation(cmd('az containerapp ingress traffic set --revision-weight latest=100', ['traffic to 100%']))?.word).toBe('CONFIRM');
  });

  it('matches exactly what is typed, ignoring surrounding spaces', () => {
    expect(confirms(' rg-prod-weu ', 'rg-prod-weu')).toBe(true);
    expect(confirms('RG-PROD-WEU', 'rg-prod-weu')).toBe(false);
    expect(confirms('', 'CONFIRM')).toBe(false);
  });
});
