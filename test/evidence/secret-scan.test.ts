import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../src/evidence/secret-scan.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('secret scan', () => {
  it('finds each known shape and says where and what kind, never any of the value', () => {
    const text = [
      'ok line',
      `Authorization: Bearer abcdefghijklmnop0123456789`,
      `jwt ${JWT}`,
      'https://acct.blob.core.windows.net/c?sv=2022&sig=AbCdEfGhIjKlMnOpQrStUv%3D',
      'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const hits = scanForSecrets(Buffer.from(text));
    expect(hits).toEqual([
      { line: 2, column: 23, what: 'a bearer token' },
      { line: 3, column: 5, what: 'a JSON web token' },
      { line: 4, column: 50, what: 'a SAS signature' },
      { line: 5, column: 57, what: 'a secret after its name' },
      { line: 6, column: 1, what: 'a private key block' },
    ]);
  });

  it('lets masked values and placeholders through, the bullets of a masked parameter too', () => {
    const text = [
      'Authorization: Bearer [REDACTED sha256:0123456789ab]',
      'AccountKey=[REDACTED sha256:0123456789ab];',
      'Password=<your-password>',
      'api_key=${API_KEY}',
      'client_secret=xxxxxxxx',
      'url https://user:••••••@db.internal:5432/app',
      '{"cmd":"psql postgres://app:••••••@db/app --password ••••••"}',
    ].join('\n');
    expect(scanForSecrets(Buffer.from(text))).toEqual([]);
  });

  it('-p is a password only for the tools whose -p is one, in their own command: port mappings pass, in plain text and in the log\'s JSON', () => {
    const clean = [
      'az acr login --name apexacr && docker run -p 8000:8000 apex:1.0.0',
      'docker login -u deploy --password-stdin reg; docker run -p 127.0.0.1:8080:80 app',
      'docker run -e DB=mysql --name mysql -p3306:3306 mysql:8',
      'mysql -u root -p app',
      JSON.stringify({ type: 'cmd.start', data: { command: 'az acr login --name apexacr\ndocker run -p 8000:8000 \\\n  -e AZURE_SQL_SERVER="..." \\\n  apex:1.0.0' } }),
      JSON.stringify({ type: 'cmd.start', data: { command: 'mysql --version\ndocker run -p5432:5432 postgres' } }),
    ].join('\n');
    expect(scanForSecrets(Buffer.from(clean))).toEqual([]);
    const secrets = [
      'mysql -h db -uroot -pS3cr3tValue9 app',
      'mysqldump -uroot -pS3cr3tValue9 app > dump.sql',
      'docker exec -it db mysql -uroot -pS3cr3tValue9',
      'mysql --password S3cr3tValue9 app',
      'mysql --password=S3cr3tValue9 app',
      'docker login -u deploy -p S3cr3tValue9 registry.example.io',
      JSON.stringify({ type: 'cmd.start', data: { command: 'cd /srv\nmysql -uroot \\\n  -pS3cr3tValue9 app' } }),
    ];
    for (const line of secrets) expect(scanForSecrets(Buffer.from(line)).map((h) => h.what), line).toHaveLength(1);
  });

  it('takes `docker run -p 8000:8000` for a port, also when a login comes earlier in the same JSON line (apex checklist export)', () => {
    const line = JSON.stringify({ script: 'az acr login --name apexacr\ndocker run -p 8000:8000 apex:1.0.0\ndocker login r.io -u d -p S3cretPassw0rd' });
    expect(scanForSecrets(Buffer.from(line)).map((h) => h.what)).toEqual(['a password option']);
    expect(scanForSecrets(Buffer.from(JSON.stringify({ script: 'az acr login --name apexacr\ndocker run -p 8000:8000 apex:1.0.0' })))).toEqual([]);
  });

  it('scans a large file in windows, including a secret across a window edge', () => {
    const filler = 'x'.repeat(99) + '\n';
    const lines = 45_000; // ~4.5 MB: past the first 4 MiB window
    const edge = 4 * 1024 * 1024 - 20; // the JWT starts about 20 bytes before the window ends
    let body = filler.repeat(lines);
    body = `${body.slice(0, edge)} ${JWT} ${body.slice(edge)}`;
    body += `last ${JWT}\n`;
    const hits = scanForSecrets(Buffer.from(body, 'latin1'));
    expect(hits.map((h) => h.line)).toEqual([Math.floor(edge / 100) + 1, lines + 1]);
  });
});
