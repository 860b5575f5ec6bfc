import { describe, expect, it } from 'vitest';
import { isSecretName } from '../../src/text/secret-names.js';
import { isSecretParam, looksSecretValue, mayBeSecretValue, secretValuesOf } from '../../src/text/secret-shape.js';

describe('secret by name', () => {
  it.each(['DB_PASSWORD', 'clientSecret', 'API_TOKEN', 'STORAGE_KEY', 'storage-key', 'SAS', 'SQL_CONNECTION', 'DSN', 'AZURE_CREDENTIALS', 'github_pat', 'Pwd'])('%s is secret', (n) => {
    expect(isSecretName(n)).toBe(true);
  });
  it.each(['ENVIRONMENT', 'REGION', 'DATABASE_URL', 'RESOURCE_GROUP', 'APP_NAME', 'PATH_PREFIX', 'bypass_mode'])('%s is not', (n) => {
    expect(isSecretName(n)).toBe(false);
  });
});

describe('secret by value', () => {
  it.each([
    'postgres://admin:Hunter2Pass@db.internal:5432/app',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl',
    'Server=tcp:db;User ID=app;Password=Sq1secretPw;',
    'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;',
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----',
    'Xk9mQ2vLp7RtY4wZs8NbC3dFq1',
    'ghp_a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5a1B2c3',
  ])('%s looks secret', (v) => expect(looksSecretValue(v)).toBe(true));

  it.each([
    'westeurope',
    'rg-Prod-WestEurope-01',
    'ReleaseCandidate2024Final',
    '0f4e9c1a-7b2d-4e8f-9a3c-5d6e7f8a9b0c',
    '3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
    '/subscriptions/0f4e9c1a-7b2d-4e8f-9a3c-5d6e7f8a9b0c/resourceGroups/rg-Prod/providers/Microsoft.Web/sites/App2024',
    'https://app-prod.azurewebsites.net/health',
    'registry.azurecr.io/team/app:1.4.2-rc3',
    'postgres://db.internal:5432/app',
    'alice@example.com',
  ])('%s does not', (v) => expect(looksSecretValue(v)).toBe(false));

  it('while typing, a URL is masked from its password on', () => {
    expect(mayBeSecretValue('postgres://admin')).toBe(false);
    expect(mayBeSecretValue('postgres://admin:H')).toBe(true);
    expect(mayBeSecretValue('eyJhb')).toBe(true);
  });

  it('a parameter whose value looks secret is secret, and its value is redacted, whatever its name', () => {
    const params = [
      { name: 'DATABASE_URL', secret: false },
      { name: 'REGION', secret: false },
    ];
    expect(isSecretParam(params, 'DATABASE_URL', 'postgres://admin:Hunter2Pass@db/app')).toBe(true);
    expect(isSecretParam(params, 'REGION', 'westeurope')).toBe(false);
    expect(isSecretParam(params, 'CAPTURED_TOKEN', 'short')).toBe(true);
    const values = new Map([
      ['DATABASE_URL', 'postgres://admin:Hunter2Pass@db/app'],
      ['REGION', 'westeurope'],
    ]);
    expect(secretValuesOf(params, values)).toEqual(['postgres://admin:Hunter2Pass@db/app']);
  });
});
