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

describe('holdBackSecrets: secrets made at run time (issue 10, item 5)', () => {
  const key88 = `${'Zm9vYmFyYmF6cXV4'.repeat(5)}AbCdEfGhIj==`.slice(0, 86) + '==';
  const cases: Record<string, string> = {
    AK: `declare -- AK="${key88}"`,
    HDR: 'declare -- HDR="Bearer Xk9mQ2vLp7RtY4wZs8NbC3dF"',
    SASURL: 'declare -- SASURL="https://a.blob.core.windows.net/c?sp=r&sig=Zm9vYmFyYmF6cXV4MTIz%3D"',
    GH: `declare -- GH="ghp_${'a1B2c3D4e5'.repeat(4)}"`,
    AWSID: 'declare -- AWSID="AKIAZ7QW3RT5YUIO9PLK"',
    // a line of JSON holding escaped JSON, as declare -p quotes it once more
    NESTED: 'declare -- NESTED="\\"body\\": \\"{\\\\\\"client_secret\\\\\\":\\\\\\"esQ0w9E8r7T6y5U4\\\\\\"}\\""',
  };
  const plain: Record<string, string> = {
    REGION: 'declare -- REGION="westeurope"',
    RG: 'declare -- RG="rg-Prod-WestEurope-01"',
    HALF_A: 'declare -- HALF_A="Bearer"',
    SUB: 'declare -- SUB="0f4e9c1a-7b2d-4e8f-9a3c-5d6e7f8a9b0c"',
    SHA: 'declare -- SHA="3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39"',
    ID: 'declare -- ID="/subscriptions/0f4e9c1a-7b2d-4e8f-9a3c-5d6e7f8a9b0c/resourceGroups/rg-Prod/providers/Microsoft.Web/sites/App2024"',
    IMAGE: 'declare -- IMAGE="registry.azurecr.io/team/app:1.4.2-rc3"',
  };

  it('holds back a storage key, an assembled bearer header, a SAS URL, ghp_ and AKIA values, and keeps ordinary ones', () => {
    const { kept, withheld } = holdBackSecrets(snap({ vars: { ...cases, ...plain }, env: { PATH: '/usr/local/bin:/usr/bin', STORE_KEY_B64: key88 } }), [], []);
    expect(withheld.sort()).toEqual([...Object.keys(cases), 'STORE_KEY_B64'].sort());
    expect(Object.keys(kept.vars).sort()).toEqual(Object.keys(plain).sort());
    expect(kept.env).toEqual({ PATH: '/usr/local/bin:/usr/bin' });
    const written = JSON.stringify(kept);
    for (const text of Object.values(cases).slice(2)) expect(written).not.toContain(text.slice(16, 40));
  });
});
