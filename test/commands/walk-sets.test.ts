import { describe, expect, it } from 'vitest';
import { parseSets } from '../../src/commands/walk.js';
import { UserError } from '../../src/errors.js';

describe('--set NAME=value', () => {
  it('accepts the names runbooks use, including <lower-case-placeholder> spellings', () => {
    expect(parseSets(['ENVIRONMENT=prod', 'your-domain=example.org', 'resource.group=rg-1', 'X='])).toEqual({
      ENVIRONMENT: 'prod',
      'your-domain': 'example.org',
      'resource.group': 'rg-1',
      X: '',
    });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseSets(['TOKEN=a=b=c'])).toEqual({ TOKEN: 'a=b=c' });
  });

  it('refuses a pair that is not NAME=value with a next step', () => {
    for (const bad of ['novalue', '=x', '1ABC=x', 'a b=c']) {
      expect(() => parseSets([bad])).toThrow(UserError);
    }
    try {
      parseSets(['novalue']);
    } catch (err) {
      expect((err as UserError).toLine()).toMatch(/--set novalue is not NAME=value; write it as --set NAME=value/);
    }
  });
});
