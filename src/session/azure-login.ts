// The session's Azure login as the log sees it: who the session is signed in to Azure as is
// recorded once it is known (session.start with --tenant; else a note when a step first signs
// in, or when a resumed session is signed in as someone the log has not named), so the
// header and the evidence name the principal from the log alone. A failed sign-in becomes a
// notice for the operator (each use of Azure also records its own failure in the log).
import { principalFields, signInNote, type AzurePrincipal } from '../azure/principal.js';
import type { EngineContext } from './engine-context.js';

/** Starts recording sign-ins; returns the unsubscribe (call it before the log closes). */
export function recordAzureSignIns(e: Pick<EngineContext, 'record' | 'state' | 'options' | 'addNotice'>, closing: AbortSignal): () => void {
  const note = (p: AzurePrincipal): void => {
    if (closing.aborted) return;
    const known = e.state().azure;
    const fields = principalFields(p);
    if (known?.name === fields.azurePrincipal && known.tenantId === fields.azureTenantId) return;
    e.record('note', { kind: 'note', ...signInNote(p) });
  };
  const proved = e.options.identity.azure;
  if (proved) note(proved);
  const auth = e.options.metrics?.azure?.auth;
  if (!auth) return () => undefined;
  const signedIn = auth.onSignIn(note);
  // a failed sign-in is said at once, wherever Azure was needed: the TUI's message line, stderr headless
  const failed = auth.onSignInFailed((err) => {
    if (!closing.aborted) e.addNotice(err.next ? `${err.message}; ${err.next}` : err.message);
  });
  return () => {
    signedIn();
    failed();
  };
}
