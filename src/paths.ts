import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of all flightdeck state: $FLIGHTDECK_HOME, else the XDG state dir. */
export function flightdeckHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLIGHTDECK_HOME) return env.FLIGHTDECK_HOME;
  const xdg = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(xdg, 'flightdeck');
}

export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(flightdeckHome(env), 'sessions');
}

export function sessionDir(id: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(sessionsDir(env), id);
}
