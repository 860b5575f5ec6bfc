import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, loadSettings, openSettings, settingsPath } from '../../src/settings.js';
import { tempEnv } from './helpers.js';

describe('settings read without conf', () => {
  const savedXdg = process.env.XDG_CONFIG_HOME;
  afterEach(() => {
    if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedXdg;
  });

  it('reads back every value saved through conf, from the file conf wrote', async () => {
    const env = tempEnv();
    const store = await openSettings(env);
    store.set('actor', 'frank');
    store.set('fourEyes', true);
    store.set('theme', 'mono');
    expect(store.path).toBe(settingsPath(env));
    expect(await loadSettings(env)).toEqual({ theme: 'mono', actor: 'frank', fourEyes: true });
  });

  it('finds conf’s file outside FLIGHTDECK_HOME too (the XDG config dir)', async () => {
    process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'fd-xdg-'));
    const env = { ...process.env, FLIGHTDECK_HOME: '' };
    const store = await openSettings(env);
    store.set('actor', 'gina');
    expect(store.path).toBe(settingsPath(env));
    expect((await loadSettings(env)).actor).toBe('gina');
  });

  it('gives the defaults when nothing was saved, without creating a file', async () => {
    const env = tempEnv();
    expect(await loadSettings(env)).toEqual(DEFAULT_SETTINGS);
    expect(existsSync(settingsPath(env))).toBe(false);
  });

  it('fills keys the file lacks with the defaults', async () => {
    const env = tempEnv();
    writeFileSync(settingsPath(env), JSON.stringify({ fourEyes: true }));
    expect(await loadSettings(env)).toEqual({ ...DEFAULT_SETTINGS, fourEyes: true });
  });

  it('rejects a file conf’s schema rejects, with conf’s message', async () => {
    const env = tempEnv();
    writeFileSync(settingsPath(env), JSON.stringify({ theme: 'purple', actor: 'x' }));
    await expect(loadSettings(env)).rejects.toThrow(/Config schema violation/);
  });

  it('rejects a file that is not JSON, as conf does', async () => {
    const env = tempEnv();
    writeFileSync(settingsPath(env), '{"actor": ');
    await expect(loadSettings(env)).rejects.toThrow(SyntaxError);
  });
});
