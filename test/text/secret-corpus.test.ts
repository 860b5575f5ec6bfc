import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/text/redact.js';
import { StreamRedactor } from '../../src/text/stream-redact.js';
import { CORPUS, leakedPiece } from './secret-corpus.js';

const patterns = new Redactor();

function streamOf(chunks: (string | Buffer)[], flushBetween: boolean, hold: number): string {
  const s = new StreamRedactor(patterns, { hold });
  let out = '';
  for (const c of chunks) {
    out += s.push(c);
    if (flushBetween) out += s.flush();
  }
  return out + s.end();
}

/** The stream's output, the same whether the chunks come as byte strings or as Buffers (as the runner gives them). */
function stream(chunks: string[], flushBetween: boolean, hold = 8): string {
  const out = streamOf(chunks, flushBetween, hold);
  if (chunks.every((c) => [...c].every((ch) => ch.charCodeAt(0) <= 0xff))) {
    expect(streamOf(chunks.map((c) => Buffer.from(c, 'latin1')), flushBetween, hold)).toBe(out);
  }
  return out;
}

describe('the secret corpus', () => {
  it('holds at least 40 shapes', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CORPUS.map((c) => c.secret)).size).toBe(CORPUS.length);
  });

  for (const shape of CORPUS) {
    it(`masks ${shape.name}: printed whole, split at every position, and one byte at a time`, () => {
      const text = `${shape.line}\n`;
      expect(leakedPiece(patterns.redact(text), shape.secret), 'whole').toBeUndefined();
      for (let cut = 1; cut < text.length; cut++) {
        for (const flush of [false, true]) {
          const out = stream([text.slice(0, cut), text.slice(cut)], flush);
          expect(leakedPiece(out, shape.secret), `split at ${cut}, flush=${flush}`).toBeUndefined();
        }
      }
      expect(leakedPiece(stream([...text], true), shape.secret), 'byte by byte').toBeUndefined();
      expect(leakedPiece(stream([text], false, 4096), shape.secret), 'default hold').toBeUndefined();
    });
  }

  it('masks every shape printed one after another in one stream, in chunks of every size up to 64', () => {
    const text = CORPUS.map((c) => c.line).join('\n') + '\n';
    for (let size = 1; size <= 64; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const out = stream(chunks, size % 2 === 0);
      for (const shape of CORPUS) expect(leakedPiece(out, shape.secret), `${shape.name}, chunks of ${size}`).toBeUndefined();
    }
  });
});

describe('ordinary output is left alone', () => {
  const PLAIN = [
    'deployment succeeded: 3 replicas, Bearer of news',
    'status=200 path=/api/v1/items/42 took=12ms user: alice, region=westeurope',
    'token_type: Bearer',
    '"token_type": "Bearer", "expires_in": 3599',
    'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey',
    'echo "$PW" | docker login -u deploy --password-stdin registry.example.io',
    'az keyvault secret show --vault-name kv-prod --name db-password --query value',
    '{"key": "environment", "value": "production"}',
    'KEY_VAULT_NAME=kv-prod-weu',
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/sites/app',
    'revision 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 deployed',
    'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'mkdir -p /var/lib/app && docker run -p 8080:80 app && ssh -p 22 host',
    'https://example.com:8443/health returned 200',
    'export PATH=/usr/local/bin:/usr/bin',
    'Password: ',
    'Password=$DB_PASSWORD; --password "${DB_PASSWORD}" -p "$PW"',
    'echo "token=${TOKEN:-none} saved=${API_KEY:=unset}"',
    'tag=v2 token=unset password=none secret=empty',
    'psql "postgres://app:${DB_PASSWORD}@db/app" and https://user:••••••@db.internal/app',
    'az storage account keys list --account-name prodstore --query "[0].value" -o tsv',
    '"partitionKey": "/id", "ssh_key": "~/.ssh/id_rsa.pub"',
    'AccountName=prodstore;AccountKey=[REDACTED sha256:0123456789ab];',
  ];
  for (const line of PLAIN) {
    it(`does not mask: ${line.slice(0, 60)}`, () => {
      expect(patterns.redact(line)).toBe(line);
      expect(stream([...line], true)).toBe(line);
    });
  }
});
