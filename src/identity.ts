// Who is operating: --actor, else the settings' default actor, else the OS user.
// Recorded on every audit event.
import { userInfo } from 'node:os';
import type { ActorSource } from './session/event-data.js';

export interface Identity {
  name: string;
  source: ActorSource;
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
