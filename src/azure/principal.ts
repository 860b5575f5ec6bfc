// Who Azure says the operator is: read from the claims of the access token the credential
// returned (the token is proof; the Azure CLI's profile file is only a cache of what was
// once true). The token itself is never kept or recorded, only these claims.

export interface AzurePrincipal {
  /** The UPN or sign-in name (users), else the display name, else the application id. */
  name: string;
  /** The `name` claim when it differs from `name` (a person's display name). */
  displayName?: string;
  /** The object id (`oid`) of the user or service principal in the tenant. */
  objectId?: string;
  /** The tenant (`tid`) the token was issued by. */
  tenantId?: string;
  kind: 'user' | 'app';
  /** When the token expires (ISO). */
  expiresAt?: string;
}

type Claims = Record<string, unknown>;

/** The payload of a JWT, unverified (the service verifies it; this only reads who it names). */
export function tokenClaims(token: string): Claims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Claims) : undefined;
  } catch {
    return undefined;
  }
}

function text(claims: Claims, key: string): string | undefined {
  const v = claims[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The principal a token names; undefined when it is not a JWT with a subject we can name. */
export function principalFromToken(token: string, expiresOnTimestamp?: number): AzurePrincipal | undefined {
  const claims = tokenClaims(token);
  if (!claims) return undefined;
  const signIn = text(claims, 'upn') ?? text(claims, 'preferred_username') ?? text(claims, 'unique_name') ?? text(claims, 'email');
  const display = text(claims, 'name') ?? text(claims, 'app_displayname');
  const appId = text(claims, 'appid') ?? text(claims, 'azp');
  const name = signIn ?? display ?? appId;
  if (!name) return undefined;
  const isApp = text(claims, 'idtyp') === 'app' || (!signIn && appId !== undefined);
  const objectId = text(claims, 'oid');
  const tenantId = text(claims, 'tid');
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] * 1000 : expiresOnTimestamp;
  return {
    name,
    ...(display && display !== name ? { displayName: display } : {}),
    ...(objectId ? { objectId } : {}),
    ...(tenantId ? { tenantId } : {}),
    kind: isApp ? 'app' : 'user',
    ...(exp !== undefined && Number.isFinite(exp) ? { expiresAt: new Date(exp).toISOString() } : {}),
  };
}

/** Additive fields for audit events (session.start, signoff, every Azure call). */
export interface PrincipalFields {
  azurePrincipal: string;
  /** A person's display name, when the token gives one besides the sign-in name. */
  azureDisplayName?: string;
  azureObjectId?: string;
  azureTenantId?: string;
}

export function principalFields(p: AzurePrincipal): PrincipalFields {
  return {
    azurePrincipal: p.name,
    ...(p.displayName ? { azureDisplayName: p.displayName } : {}),
    ...(p.objectId ? { azureObjectId: p.objectId } : {}),
    ...(p.tenantId ? { azureTenantId: p.tenantId } : {}),
  };
}

/** "Alice Smith <alice@contoso.com>", or the name alone. */
export function describePrincipal(p: Pick<AzurePrincipal, 'name' | 'displayName'>): string {
  return p.displayName ? `${p.displayName} <${p.name}>` : p.name;
}

/** "Alice Smith <alice@contoso.com> (tenant 72f988bf-…)": who Azure calls are made as. */
export function describeSignedIn(p: Pick<AzurePrincipal, 'name' | 'displayName' | 'tenantId'>): string {
  return `${describePrincipal(p)}${p.tenantId ? ` (tenant ${p.tenantId})` : ''}`;
}

/** Who the session is signed in to Azure as, as the state keeps it (from any event naming the principal). */
export interface SignedInAs {
  name: string;
  displayName?: string;
  tenantId?: string;
}

/** The principal an event's data names (session.start, a sign-in note, a sign-off, an Azure call), if any. */
export function principalInEvent(data: Record<string, unknown>): SignedInAs | undefined {
  const name = data['azurePrincipal'];
  if (typeof name !== 'string' || name === '') return undefined;
  const displayName = data['azureDisplayName'];
  const tenantId = data['azureTenantId'];
  return {
    name,
    ...(typeof displayName === 'string' && displayName !== '' ? { displayName } : {}),
    ...(typeof tenantId === 'string' && tenantId !== '' ? { tenantId } : {}),
  };
}

/** The note a session records when it first signs in to Azure after it started. */
export function signInNote(p: AzurePrincipal): { text: string } & PrincipalFields {
  return { text: `signed in to Azure as ${describeSignedIn(p)}`, ...principalFields(p) };
}
