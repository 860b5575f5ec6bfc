// The Azure login of a session. Nothing is loaded or asked until a step needs Azure, except
// with --tenant in a real run: the operator named the tenant, so the login is proved before
// the session starts (within 5 s) and session.start records who is signed in.
import type { TokenCredential } from '@azure/identity';
import { withAzurePrincipal, type Identity } from '../identity.js';
import { AzureAuth } from '../azure/auth.js';

export interface SessionAzure {
  identity: Identity;
  /** For MetricOptions.azure: the login shared by metric gates and container apps. */
  azure: { auth: AzureAuth; tenantId?: string };
}

export async function sessionAzure(identity: Identity, opts: { tenant?: string; signInNow: boolean; credential?: TokenCredential }): Promise<SessionAzure> {
  const tenantId = opts.tenant?.trim() || undefined;
  const auth = new AzureAuth({ ...(tenantId ? { tenantId } : {}), ...(opts.credential ? { credential: opts.credential } : {}) });
  const azure = { auth, ...(tenantId ? { tenantId } : {}) };
  if (!tenantId || !opts.signInNow) return { identity, azure };
  return { identity: withAzurePrincipal(identity, await auth.signIn()), azure };
}
