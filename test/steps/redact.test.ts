import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor, redactText } from '../../src/text/redact.js';
import { StreamRedactor } from '../../src/text/stream-redact.js';

const short = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6OTk5OTk5OTk5OX0.sT3kxQ2n8v1vJ0Q3cQd4bS3fZ9Y0aB1cD2eF3gH4iJk';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL\n-----END RSA PRIVATE KEY-----';

const CASES: { name: string; text: string; secret: string; keeps?: string }[] = [
  { name: 'bearer token', text: 'Authorization: Bearer abcDEF123456ghiJKL.xyz\n', secret: 'abcDEF123456ghiJKL.xyz', keeps: 'Authorization: Bearer ' },
  { name: 'JWT', text: `token=${JWT} done\n`, secret: JWT, keeps: ' done' },
  { name: 'SAS sig', text: 'https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D&se=2030\n', secret: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D', keeps: '&se=2030' },
  { name: 'AccountKey', text: 'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=QUJDREVGR0hJSktMTU5PUA==;EndpointSuffix=core.windows.net\n', secret: 'QUJDREVGR0hJSktMTU5PUA==', keeps: 'AccountName=prod;AccountKey=' },
  { name: 'SQL connection string password', text: 'Server=tcp:db.example.net;User ID=app;Password=S3cr3t!Pass;Encrypt=True\n', secret: 'S3cr3t!Pass', keeps: 'User ID=app;Password=' },
  { name: 'URL credentials', text: 'postgres://deploy:pa55w0rd-xyz@db.internal:5432/app\n', secret: 'pa55w0rd-xyz', keeps: 'postgres://deploy:' },
  { name: 'JSON secret field', text: '{"clientSecret": "Qx7~8Q~abcdefghijkl", "name": "app"}\n', secret: 'Qx7~8Q~abcdefghijkl', keeps: '"name": "app"' },
  { name: 'PEM block', text: `key:\n${PEM}\nafter\n`, secret: PEM, keeps: 'after' },
];

describe('redaction of secret patterns', () => {
  for (const c of CASES) {
    it(`masks a ${c.name}, keeping a hash an auditor can match`, () => {
      const out = redactText(c.text);
      expect(out).not.toContain(c.secret);
      expect(out).toContain(`[REDACTED sha256:${short(c.secret)}]`);
      if (c.keeps) expect(out).toContain(c.keeps);
    });
  }

  it('masks known secret values, multi-byte ones too, and leaves ordinary text alone', () => {
    const r = new Redactor(['hunter2-päss', 'x']);
    expect(r.redact('login with hunter2-päss ok; x marks')).toBe(`login with [REDACTED sha256:${short('hunter2-päss')}] ok; x marks`);
    expect(redactText('deployment succeeded: 3 replicas, Bearer of news')).toBe('deployment succeeded: 3 replicas, Bearer of news');
  });
});

describe('streaming redaction', () => {
  const secret = 'K3y-Val.ue_2024!zz';
  const r = new Redactor([secret]);

  function through(chunks: string[], flushBetween = false): string {
    const s = new StreamRedactor(r, { hold: 8 });
    let out = '';
    for (const c of chunks) {
      out += s.push(c);
      if (flushBetween) out += s.flush();
    }
    return out + s.end();
  }

  const texts = [
    `value is ${secret} end\n`,
    CASES[0]?.text ?? '',
    CASES[1]?.text ?? '',
    CASES[3]?.text ?? '',
    CASES[7]?.text ?? '',
  ];

  it('masks a secret split at every position, with and without idle flushes between chunks', () => {
    for (const text of texts) {
      const whole = r.redactBytes(text);
      for (let cut = 1; cut < text.length; cut++) {
        for (const flush of [false, true]) {
          const out = through([text.slice(0, cut), text.slice(cut)], flush);
          expect(out, `split at ${cut} of ${JSON.stringify(text.slice(0, 30))} flush=${flush}`).toBe(whole);
        }
      }
    }
  });

  it('masks a secret delivered one byte at a time', () => {
    for (const text of texts) expect(through([...text], true)).toBe(r.redactBytes(text));
  });

  it('holds back no more than it must: plain text after a flush is out at once', () => {
    const s = new StreamRedactor(r);
    expect(s.push('Type DEPLOY to confirm: ')).toBe('');
    expect(s.flush()).toBe('Type DEPLOY to confirm: ');
    expect(s.push('Authorization: Bearer ')).toBe('');
    expect(s.flush()).toBe('Authorization: Bearer ');
    // the token that follows after a pause is still recognised by the name already shown
    expect(s.push('abcDEF123456ghiJKL.xyz\n') + s.end()).toBe(`[REDACTED sha256:${short('abcDEF123456ghiJKL.xyz')}]\n`);
  });

  it('keeps memory bounded on an endless token-like line', () => {
    const s = new StreamRedactor(r, { hold: 64, maxPending: 4096 });
    let out = '';
    out += s.push('sig=');
    for (let k = 0; k < 100; k++) out += s.push('A'.repeat(1000));
    expect(s.held).toBeLessThanOrEqual(4096 + 1000);
    out += s.end();
    expect(out).not.toMatch(/A{100}/);
  });
});
