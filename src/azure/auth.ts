// Signing in to Azure: DefaultAzureCredential (environment, workload identity, managed
// identity, Azure CLI with a process timeout...), with --tenant, loaded only when a step
// first needs Azure. One token request, bounded to 5 s, proves the login and names the
// principal; any failure becomes one UserError saying what to do.
import type { AccessToken, TokenCredential } from '@azure/identity';
import { UserError } from '../errors.js';
import { principalFromToken, type AzurePrincipal } from './principal.js';

export const ARM_SCOPE = 'https://management.azure.com/.default';
export const SIGN_IN_TIMEOUT_MS = 5_000;

export interface AzureAuthOptions {
  /** --tenant: the tenant to sign in to (and that the token must come from). */
  tenantId?: string;
  /** Default: DefaultAzureCredential. Tests pass a fake. */
  credential?: TokenCredential;
  /** How long sign-in may take (default 5 s). */
  timeoutMs?: number;
}

/** A session's Azure login: one credential, its principal once a token proved it. */
export class AzureAuth {
  private credentialPromise: Promise<TokenCredential> | undefined;
  private signedIn: Promise<AzurePrincipal> | undefined;
  private known: AzurePrincipal | undefined;
  private readonly listeners = new Set<(p: AzurePrincipal) => void>();
  private readonly failureListeners = new Set<(err: UserError) => void>();

  constructor(readonly opts: AzureAuthOptions = {}) {}

  credential(): Promise<TokenCredential> {
    this.credentialPromise ??= this.opts.credential ? Promise.resolve(this.opts.credential) : defaultCredential(this.opts.tenantId, this.timeoutMs());
    return this.credentialPromise;
  }

  /** Told each time a sign-in succeeds (the session records who it is signed in as); returns the unsubscribe. */
  onSignIn(listener: (p: AzurePrincipal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told each time a sign-in fails, with the one line saying what to do; returns the unsubscribe. */
  onSignInFailed(listener: (err: UserError) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** The principal, when a sign-in has succeeded. */
  principal(): AzurePrincipal | undefined {
    return this.known;
  }

  /**
   * Proves the login (once; a failure is not remembered, so `az login` then retry works).
   * Rejects within the timeout with a UserError naming what to do.
   */
  signIn(signal?: AbortSignal): Promise<AzurePrincipal> {
    if (!this.signedIn) {
      const attempt = this.trySignIn(signal);
      this.signedIn = attempt;
      attempt.then(
        (p) => {
          this.known = p;
          for (const listener of this.listeners) listener(p);
        },
        (err: unknown) => {
          this.signedIn = undefined;
          const failure = err instanceof UserError ? err : signInError(err, this.opts.tenantId);
          for (const listener of this.failureListeners) listener(failure);
        },
      );
    }
    return this.signedIn;
  }

  private timeoutMs(): number {
    return this.opts.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  }

  private async trySignIn(signal: AbortSignal | undefined): Promise<AzurePrincipal> {
    const timeout = this.timeoutMs();
    const tenant = this.opts.tenantId;
    const abort = AbortSignal.any([AbortSignal.timeout(timeout), ...(signal ? [signal] : [])]);
    let token: AccessToken | null;
    try {
      token = await Promise.race([
        this.credential().then((c) => c.getToken(ARM_SCOPE, { abortSignal: abort, ...(tenant ? { tenantId: tenant } : {}) })),
        new Promise<never>((_, reject) => {
          const fail = (): void => reject(new SignInTimeout(timeout));
          if (abort.aborted) fail();
          else abort.addEventListener('abort', fail, { once: true });
        }),
      ]);
    } catch (err) {
      throw signInError(err, tenant);
    }
    if (!token) throw signInError(new Error('the credential returned no token'), tenant);
    const principal = principalFromToken(token.token, token.expiresOnTimestamp) ?? { name: 'unknown principal', kind: 'app' as const };
    if (tenant && principal.tenantId && principal.tenantId.toLowerCase() !== tenant.toLowerCase() && !isDomain(tenant)) {
      throw new SignInError(
        `Azure: signed in to tenant ${principal.tenantId} as ${principal.name}, not to tenant ${tenant}`,
        nextSteps(tenant),
      );
    }
    return principal;
  }
}

/** The login itself failed (not one call): nothing that needs Azure can go on until the operator signs in. */
export class SignInError extends UserError {}

class SignInTimeout extends Error {
  override readonly name = 'SignInTimeout';
  constructor(ms: number) {
    super(`no token within ${ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)} s`}`);
  }
}

async function defaultCredential(tenantId: string | undefined, timeoutMs: number): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  // the Azure CLI (and azd, PowerShell) credentials run a process: bounded like the sign-in
  return new DefaultAzureCredential({ ...(tenantId ? { tenantId } : {}), processTimeoutInMs: timeoutMs });
}

function isDomain(tenant: string): boolean {
  return tenant.includes('.');
}

/** What to do, with the tenant when one was given. */
export function nextSteps(tenant: string | undefined): string {
  const login = tenant ? `az login --tenant ${tenant}` : 'az login';
  return `run \`${login}\` (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), or rehearse with --simulate`;
}

export type SignInProblem = 'not-signed-in' | 'expired' | 'offline' | 'wrong-tenant' | 'timeout' | 'refused';

/** Sorts a credential failure by what the operator has to do about it. */
export function signInProblem(err: unknown): SignInProblem {
  if (err instanceof SignInTimeout) return 'timeout';
  const nested = (err as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.length > 0) {
    // DefaultAzureCredential tried several ways; the most telling failure decides
    const problems = (nested as unknown[]).map((e) => ({ e, p: signInProblem(e) }));
    for (const wanted of ['wrong-tenant', 'expired', 'offline', 'refused'] as const) {
      if (problems.some((x) => x.p === wanted)) return wanted;
    }
    return 'not-signed-in';
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (/AADSTS(90002|50020|700016|500011|50128|900023)|tenant .*(not found|does not exist)|invalid tenant|tenant.*mismatch/i.test(text)) return 'wrong-tenant';
  if (/AADSTS(700082|50173|70043|50078|50076)|interaction_required|refresh token.*expired|token.*has expired|expired.*token|re-?authenticate/i.test(text)) return 'expired';
  // a managed identity endpoint missing on a workstation is "not here", not "offline"
  if (/unavailable|ManagedIdentityCredential|az login|not logged in|no accounts? (were )?found|not installed/i.test(text)) return 'not-signed-in';
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|network|socket hang up|failed to connect|Max retries exceeded|NameResolution/i.test(text)) return 'offline';
  return 'refused';
}

/** The failure worth quoting: of several, the one that decided the problem. */
function telling(err: unknown, problem: SignInProblem): unknown {
  const nested = (err as { errors?: unknown }).errors;
  if (!Array.isArray(nested) || nested.length === 0) return err;
  const azLogin = (nested as unknown[]).find((e) => /az login/i.test(String((e as Error).message)));
  if (problem === 'not-signed-in') return azLogin ?? nested[nested.length - 1];
  return nested.find((e) => signInProblem(e) === problem) ?? nested[nested.length - 1];
}

const PROBLEM_TEXT: Record<SignInProblem, string> = {
  'not-signed-in': 'not signed in',
  expired: 'the login has expired',
  offline: 'the sign-in service cannot be reached (offline?)',
  'wrong-tenant': 'the login is for another tenant',
  timeout: 'no answer',
  refused: 'sign-in refused',
};

/** One line: what went wrong, then what to do. */
export function signInError(err: unknown, tenant: string | undefined): UserError {
  if (err instanceof UserError) return err;
  const problem = signInProblem(err);
  const detail = firstLine(telling(err, problem));
  const what = problem === 'timeout' ? `${PROBLEM_TEXT.timeout} (${detail})` : `${PROBLEM_TEXT[problem]} (${detail})`;
  return new SignInError(`Azure: ${what}`, nextSteps(tenant));
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
  // the first sentence says it; the SDK's advice that follows is replaced by ours
  const sentence = /^.*?[.!](?=\s|$)/.exec(line)?.[0] ?? line;
  return sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence;
}
