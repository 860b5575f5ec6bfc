// User settings (conf): theme, the default actor name, four-eyes sign-offs. Stored under
// $FLIGHTDECK_HOME when it is set, so tests and portable installs stay self-contained.
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

/** Opens the settings store (conf is loaded lazily: it is not needed for the first frame). */
export async function openSettings(env: NodeJS.ProcessEnv = process.env): Promise<Conf<Settings>> {
  const { default: ConfClass } = await import('conf');
  return new ConfClass<Settings>({
    projectName: 'flightdeck',
    ...(env.FLIGHTDECK_HOME ? { cwd: flightdeckHome(env) } : {}),
    configName: 'settings',
    defaults: DEFAULT_SETTINGS,
    schema: {
      theme: { type: 'string', enum: ['dark', 'light', 'mono'] },
      actor: { type: 'string' },
      fourEyes: { type: 'boolean' },
    },
  });
}

export async function loadSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const store = await openSettings(env);
  return { ...DEFAULT_SETTINGS, ...store.store };
}
