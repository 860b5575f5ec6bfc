// A TokenCredential that hands out an unsigned JWT naming a principal (the emulator does not
// check signatures; flightdeck only reads the claims), or fails the way a real one would.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

export const USER_CLAIMS = {
  upn: 'alice@contoso.com',
  name: 'Alice Smith',
  oid: '11111111-2222-3333-4444-555555555555',
  tid: '72f988bf-0000-0000-0000-000000000001',
};

export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.sig`;
}

export class FakeCredential implements TokenCredential {
  readonly scopes: string[] = [];
  readonly tenants: (string | undefined)[] = [];
  constructor(private readonly claims: Record<string, unknown> = USER_CLAIMS) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    this.tenants.push(options?.tenantId);
    return { token: fakeJwt(this.claims), expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** A credential that fails with this error (as DefaultAzureCredential's chain would). */
export function failingCredential(err: Error): TokenCredential {
  return {
    getToken: async () => {
      throw err;
    },
  };
}

/** A credential that never answers (a hung `az` process). */
export const hangingCredential: TokenCredential = { getToken: () => new Promise<never>(() => undefined) };
