import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { osUser, resolveIdentity } from '../../src/identity.js';
import { loadSettings, openSettings } from '../../src/settings.js';
import { tempEnv } from './helpers.js';

describe('identity and settings', () => {
  it('takes --actor over the settings over the OS user', () => {
    expect(resolveIdentity('carol', 'dave')).toEqual({ name: 'carol', source: 'flag' });
    expect(resolveIdentity(undefined, 'dave')).toEqual({ name: 'dave', source: 'settings' });
    expect(resolveIdentity('  ', '')).toEqual({ name: osUser(), source: 'os' });
  });

  it('keeps settings under FLIGHTDECK_HOME and reads the default actor back', async () => {
    const env = tempEnv();
    const store = await openSettings(env);
    store.set('actor', 'erin');
    store.set('fourEyes', true);
    expect(existsSync(join(env.FLIGHTDECK_HOME as string, 'settings.json'))).toBe(true);
    const s = await loadSettings(env);
    expect(s).toMatchObject({ actor: 'erin', fourEyes: true, theme: 'dark' });
    expect(resolveIdentity(undefined, s.actor).name).toBe('erin');
  });
});
