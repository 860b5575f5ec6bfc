// What of the session's shell may be written to disk for a resume: nothing that looks secret.
import { describe, expect, it } from 'vitest';
import { holdBackSecrets, type ShellSnapshot } from '../../src/steps/shell-state.js';

const snap = (over: Partial<ShellSnapshot>): ShellSnapshot => ({ cwd: '/srv/app', env: {}, unset: [], vars: {}, functions: {}, ...over });

describe('holdBackSecrets', () => {
  it('holds back values shaped like secrets, keeping only their names', () => {
    const env = {
      TAG: 'v2',
      AUTH: 'Bearer abcdefghijklmnop1234',
      JWT_ISH: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      BLOB_URL: 'https://acct.blob.core.windows.net/c?sv=2022&sig=AbCdEf0123456789%3D',
      STORAGE: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5dmFsdWU=;EndpointSuffix=core.windows.net',
      DB_URL: 'postgres://admin:s3cretpass@db.example.com:5432/app',
      CERT: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----',
    };
    const { kept, withheld } = holdBackSecrets(snap({ env }), [], []);
    expect(kept.env).toEqual({ TAG: 'v2' });
    expect(withheld.sort()).toEqual(['AUTH', 'BLOB_URL', 'CERT', 'DB_URL', 'JWT_ISH', 'STORAGE']);
  });

  it('holds back a variable holding a secret parameter value, even quoted by declare -p, and a secret-named one', () => {
    const secret = 'pa"ss$word-42';
    const vars = {
      COPY: `declare -- COPY="x-pa\\"ss\\$word-42"`,
      DB_PASSWORD: 'declare -- DB_PASSWORD="hunter2"',
      REGION: 'declare -- REGION="westeurope"',
    };
    const { kept, withheld } = holdBackSecrets(snap({ vars }), [secret], []);
    expect(Object.keys(kept.vars)).toEqual(['REGION']);
    expect(withheld.sort()).toEqual(['COPY', 'DB_PASSWORD']);
  });

  it('drops secret parameters silently (they come back as parameters) and holds back functions with a secret inside', () => {
    const { kept, withheld } = holdBackSecrets(
      snap({
        env: { API_TOKEN: 'tok-value-1234' },
        functions: { call: 'call () \n{ \n    curl -H "Authorization: Bearer abcdefghijklmnop1234"\n}', greet: 'greet () \n{ \n    echo hi\n}' },
      }),
      ['tok-value-1234'],
      ['API_TOKEN'],
    );
    expect(kept.env).toEqual({});
    expect(Object.keys(kept.functions)).toEqual(['greet']);
    expect(withheld).toEqual(['call()']);
  });
});
