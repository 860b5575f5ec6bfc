// Who is operating: --actor, else the settings' default actor, else the OS user.
// Recorded on every audit event. The Azure principal comes from the claims of a token the
// credential returned (src/azure/principal.ts), never from the Azure CLI's profile file.
import { userInfo } from 'node:os';
import type { AzureAuth } from './azure/auth.js';
import { describePrincipal, principalFields, type AzurePrincipal, type PrincipalFields } from './azure/principal.js';
import type { ActorSource } from './session/event-data.js';

export interface Identity {
  name: string;
  source: ActorSource;
  /** The Azure principal as shown ("Alice Smith <alice@contoso.com>"), when signed in. */
  azurePrincipal?: string;
  /** The principal a token proved: name, object id, tenant (recorded on session.start and sign-offs). */
  azure?: AzurePrincipal;
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // no passwd entry (some containers): fall back to the environment
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

export function resolveIdentity(flag: string | undefined, settingsActor: string | undefined): Identity {
  const fromFlag = flag?.trim();
  if (fromFlag) return { name: fromFlag, source: 'flag' };
  const fromSettings = settingsActor?.trim();
  if (fromSettings) return { name: fromSettings, source: 'settings' };
  return { name: osUser(), source: 'os' };
}

/** The operator's identity for a session (the Azure principal is added once a token proves it: src/azure/auth.ts). */
export function sessionIdentity(flag: string | undefined, settingsActor: string | undefined): Identity {
  return resolveIdentity(flag, settingsActor);
}

/** The identity with the Azure principal a sign-in proved. */
export function withAzurePrincipal(identity: Identity, principal: AzurePrincipal): Identity {
  return { ...identity, azurePrincipal: describePrincipal(principal), azure: principal };
}

/**
 * Additive audit fields naming the operator's Azure principal (session.start, sign-offs):
 * from the identity, else from a login made since (the session's AzureAuth); none when not signed in.
 */
export function azureIdentityFields(identity: Identity, auth?: Pick<AzureAuth, 'principal'>): PrincipalFields | Record<string, never> {
  const p = identity.azure ?? auth?.principal();
  return p ? principalFields(p) : {};
}
