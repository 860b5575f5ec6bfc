// An Azure call that failed for good, as one line the operator can act on.
import { UserError } from '../errors.js';
import { nextSteps, SignInError } from './auth.js';
import { failureReason, statusOf } from './retry.js';

/** The service's own message (RestError: "Code: message"), first line, bounded. */
export function serviceMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim().slice(0, 200);
}

/**
 * `what` names the call ("the metric query for Requests", "container app web in rg-prod").
 * 401/403/404 say what to check; anything else says the call failed after its retries.
 */
export function azureCallError(err: unknown, what: string, tenant?: string): UserError {
  if (err instanceof UserError) return err;
  const status = statusOf(err);
  switch (status) {
    case 401:
      return new SignInError(`Azure refused the login for ${what} (401: ${serviceMessage(err)})`, nextSteps(tenant));
    case 403:
      return new UserError(`no access to ${what} (403: ${serviceMessage(err)})`, 'ask for a role that can read it (Reader, Monitoring Reader, Log Analytics Reader), or check the subscription');
    case 404:
      return new UserError(`${what} was not found (404: ${serviceMessage(err)})`, 'check the name, resource group and subscription the runbook gives');
    case 400:
      return new UserError(`Azure rejected ${what} (400: ${serviceMessage(err)})`, 'check the metric block (metric name, query, workspace)');
    default:
      return new UserError(`Azure did not answer ${what} (${failureReason(err)}${status === undefined ? '' : `: ${serviceMessage(err)}`})`, 'check the network, or try again later');
  }
}
