// Signing in: the real DefaultAzureCredential (its Azure CLI credential runs a fake `az` on
// PATH: no Azure, no network), the principal read from the token's claims, and every way a
// login fails turned into one line saying what to do, within the time limit.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureAuth, SIGN_IN_TIMEOUT_MS, signInError, signInProblem } from '../../src/azure/auth.js';
import { principalFromToken } from '../../src/azure/principal.js';
import { UserError } from '../../src/errors.js';
import { failingCredential, FakeCredential, fakeJwt, hangingCredential, USER_CLAIMS } from './emulator/fake-credential.js';

const saved = { ...process.env };
let bin: string;

/** A fake `az` that answers get-access-token with this shell body. */
function fakeAz(body: string): void {
  const file = join(bin, 'az');
  writeFileSync(file, `#!/bin/sh\necho "$@" >> "${join(bin, 'calls')}"\n${body}\n`);
  chmodSync(file, 0o755);
}

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'fd-az-'));
  process.env.PATH = `${bin}${delimiter}${saved.PATH ?? ''}`;
  // only the Azure CLI credential of the chain: the others would look for a managed identity on the network
  process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
  for (const k of ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET']) delete process.env[k];
});
afterEach(() => {
  process.env = { ...saved };
});

describe('the principal from the token', () => {
  it('names the user by UPN with display name, object id and tenant', () => {
    expect(principalFromToken(fakeJwt(USER_CLAIMS))).toMatchObject({ name: 'alice@contoso.com', displayName: 'Alice Smith', objectId: USER_CLAIMS.oid, tenantId: USER_CLAIMS.tid, kind: 'user' });
  });

  it('names a service principal by its app id', () => {
    expect(principalFromToken(fakeJwt({ appid: 'app-123', oid: 'sp-oid', tid: 't1', idtyp: 'app' }))).toMatchObject({ name: 'app-123', objectId: 'sp-oid', kind: 'app' });
  });

  it('is undefined for something that is not a JWT', () => {
    expect(principalFromToken('opaque-token')).toBeUndefined();
  });
});

describe('DefaultAzureCredential through the Azure CLI', () => {
  it('signs in with --tenant passed to az and reads who from the token', async () => {
    const token = fakeJwt(USER_CLAIMS);
    fakeAz(`echo '{"accessToken":"${token}","expires_on":${Math.floor(Date.now() / 1000) + 3600},"tenant":"${USER_CLAIMS.tid}"}'`);
    const auth = new AzureAuth({ tenantId: USER_CLAIMS.tid });
    const p = await auth.signIn();
    expect(p).toMatchObject({ name: 'alice@contoso.com', objectId: USER_CLAIMS.oid, tenantId: USER_CLAIMS.tid });
    expect(auth.principal()).toEqual(p);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(bin, 'calls'), 'utf8')).toMatch(/account get-access-token .*--tenant 72f988bf/);
  });

  it('not signed in: one line saying to az login with the tenant, or the environment variables, or --simulate', async () => {
    fakeAz(`echo "ERROR: Please run 'az login' to setup account." >&2; exit 1`);
    const err = await new AzureAuth({ tenantId: 'contoso.onmicrosoft.com' }).signIn().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const line = (err as UserError).toLine();
    expect(line).toMatch(/^flightdeck: Azure: not signed in \(.*\); run `az login --tenant contoso.onmicrosoft.com` \(or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET\), or rehearse with --simulate$/);
    expect(line).not.toContain('\n');
  });

  it('a hung az fails within the time limit, and a later sign-in is tried afresh', async () => {
    fakeAz('sleep 30');
    const auth = new AzureAuth({ timeoutMs: 400 });
    const err = await auth.signIn().catch((e: unknown) => e);
    expect((err as UserError).message).toMatch(/^Azure: no answer \(/);
    fakeAz(`echo '{"accessToken":"${fakeJwt(USER_CLAIMS)}","expires_on":${Math.floor(Date.now() / 1000) + 3600}}'`);
    await expect(auth.signIn()).resolves.toMatchObject({ name: 'alice@contoso.com' });
    expect(SIGN_IN_TIMEOUT_MS).toBe(5_000);
  });
});

describe('sign-in failures, sorted by what to do', () => {
  it('a token from another tenant is refused, naming both', async () => {
    const err = await new AzureAuth({ credential: new FakeCredential(), tenantId: '00000000-0000-0000-0000-0000000000ff' }).signIn().catch((e: unknown) => e);
    expect((err as UserError).toLine()).toMatch(/signed in to tenant 72f988bf-.* as alice@contoso.com, not to tenant 0{8}-.*ff; run `az login --tenant 0{8}/);
  });

  it('expired, offline, wrong tenant and not signed in each say so', () => {
    expect(signInProblem(new Error('AADSTS700082: The refresh token has expired due to inactivity.'))).toBe('expired');
    expect(signInProblem(Object.assign(new Error('getaddrinfo ENOTFOUND login.microsoftonline.com'), { code: 'ENOTFOUND' }))).toBe('offline');
    expect(signInProblem(new Error("AADSTS90002: Tenant 'nope' not found."))).toBe('wrong-tenant');
    const chain = Object.assign(new Error('ChainedTokenCredential authentication failed.'), {
      name: 'AggregateAuthenticationError',
      errors: [
        Object.assign(new Error('EnvironmentCredential is unavailable.'), { name: 'CredentialUnavailableError' }),
        Object.assign(new Error('ManagedIdentityCredential: Network unreachable.'), { name: 'CredentialUnavailableError' }),
        Object.assign(new Error("Please run 'az login' from a command prompt to authenticate before using this credential."), { name: 'CredentialUnavailableError' }),
      ],
    });
    expect(signInProblem(chain)).toBe('not-signed-in');
    expect(signInError(chain, undefined).message).toBe("Azure: not signed in (Please run 'az login' from a command prompt to authenticate before using this credential.)");
  });

  it('a credential that throws or hangs gives the line, never the SDK chain', async () => {
    const thrown = await new AzureAuth({ credential: failingCredential(new Error('AADSTS50173: The provided grant has expired')) }).signIn().catch((e: unknown) => e);
    expect((thrown as UserError).toLine()).toMatch(/Azure: the login has expired \(AADSTS50173.*\); run `az login`/);
    const hung = await new AzureAuth({ credential: hangingCredential, timeoutMs: 50 }).signIn().catch((e: unknown) => e);
    expect((hung as UserError).message).toBe('Azure: no answer (no token within 50ms)');
  });
});
