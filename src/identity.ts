// Who is operating: --actor, else the settings' default actor, else the OS user.
// Recorded on every audit event.
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ActorSource } from './session/event-data.js';

export interface Identity {
  name: string;
  source: ActorSource;
  /** The Azure principal the Azure CLI is signed in as, when it is (recorded with sign-offs). */
  azurePrincipal?: string;
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

/**
 * The principal of the Azure CLI's default subscription, read from its profile file
 * (no process, no network); undefined when not signed in or the file is unreadable.
 */
export function azurePrincipal(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.AZURE_CONFIG_DIR || join(homedir(), '.azure');
  let text: string;
  try {
    // the CLI writes this file with a UTF-8 byte order mark
    text = readFileSync(join(dir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
  try {
    const profile = JSON.parse(text) as { subscriptions?: { isDefault?: boolean; user?: { name?: unknown } }[] };
    const subs = Array.isArray(profile.subscriptions) ? profile.subscriptions : [];
    const chosen = subs.find((s) => s.isDefault) ?? subs[0];
    const name = chosen?.user?.name;
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The operator's identity for a session: who is acting, and the Azure principal if signed in. */
export function sessionIdentity(flag: string | undefined, settingsActor: string | undefined, env: NodeJS.ProcessEnv = process.env): Identity {
  const azure = azurePrincipal(env);
  return { ...resolveIdentity(flag, settingsActor), ...(azure ? { azurePrincipal: azure } : {}) };
}
