// User settings (conf): theme, the default actor name, four-eyes sign-offs. Stored under
// $FLIGHTDECK_HOME when it is set, so tests and portable installs stay self-contained.
//
// Reading is on every walkthrough's start path, and conf (with ajv compiling its schema)
// costs tens of milliseconds to load there; so a well-formed settings file is read here
// with node:fs, and conf is loaded only to save settings or to report a file it would reject.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Conf from 'conf';
import { flightdeckHome } from './paths.js';

export interface Settings {
  theme: 'dark' | 'light' | 'mono';
  /** Default actor name; empty means the OS user. */
  actor: string;
  /** Require a second person on every sign-off. */
  fourEyes: boolean;
}

export const DEFAULT_SETTINGS: Settings = { theme: 'dark', actor: '', fourEyes: false };

const PROJECT = 'flightdeck';
const CONFIG_NAME = 'settings';
const THEMES: readonly string[] = ['dark', 'light', 'mono'] satisfies readonly Settings['theme'][];

/** The folder conf keeps the settings in: $FLIGHTDECK_HOME, else env-paths' config dir for "flightdeck-nodejs". */
function settingsDir(env: NodeJS.ProcessEnv): string {
  if (env.FLIGHTDECK_HOME) return flightdeckHome(env);
  const name = `${PROJECT}-nodejs`;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Preferences', name);
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), name, 'Config');
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), name);
  }
}

/** The settings file (the same path conf reads and writes). */
export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(settingsDir(env), `${CONFIG_NAME}.json`);
}

/** Opens the settings store (conf is loaded lazily: it is not needed for the first frame). */
export async function openSettings(env: NodeJS.ProcessEnv = process.env): Promise<Conf<Settings>> {
  const { default: ConfClass } = await import('conf');
  return new ConfClass<Settings>({
    projectName: PROJECT,
    ...(env.FLIGHTDECK_HOME ? { cwd: flightdeckHome(env) } : {}),
    configName: CONFIG_NAME,
    defaults: DEFAULT_SETTINGS,
    schema: {
      theme: { type: 'string', enum: ['dark', 'light', 'mono'] },
      actor: { type: 'string' },
      fourEyes: { type: 'boolean' },
    },
  });
}

/** The file's settings when it holds exactly what conf's schema accepts; undefined otherwise. */
function validStored(text: string): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  if ('theme' in o && !(typeof o.theme === 'string' && THEMES.includes(o.theme))) return undefined;
  if ('actor' in o && typeof o.actor !== 'string') return undefined;
  if ('fourEyes' in o && typeof o.fourEyes !== 'boolean') return undefined;
  return o;
}

export async function loadSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  let text: string | undefined;
  try {
    text = readFileSync(settingsPath(env), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
  }
  const stored = text === undefined ? undefined : validStored(text);
  if (stored) return { ...DEFAULT_SETTINGS, ...stored };
  // Unreadable or not what the schema allows: conf reports it exactly as it always has.
  const store = await openSettings(env);
  return { ...DEFAULT_SETTINGS, ...store.store };
}
