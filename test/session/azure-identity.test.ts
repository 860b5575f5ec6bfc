import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azurePrincipal, sessionIdentity } from '../../src/identity.js';
import { answer, auditLines, newEngine, tempEnv } from './helpers.js';

function azureDir(profile: unknown, bom = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'fd-azure-'));
  const text = typeof profile === 'string' ? profile : JSON.stringify(profile);
  writeFileSync(join(dir, 'azureProfile.json'), (bom ? '\uFEFF' : '') + text);
  return dir;
}

const signedIn = {
  subscriptions: [
    { id: 's1', isDefault: false, user: { name: 'other@contoso.com', type: 'user' } },
    { id: 's2', isDefault: true, user: { name: 'alice@contoso.com', type: 'user' } },
  ],
};

describe('Azure principal of the operator', () => {
  it("reads the Azure CLI's default subscription principal from its profile, BOM and all", () => {
    expect(azurePrincipal({ AZURE_CONFIG_DIR: azureDir(signedIn) })).toBe('alice@contoso.com');
    const id = sessionIdentity('alice', undefined, { AZURE_CONFIG_DIR: azureDir(signedIn) });
    expect(id).toEqual({ name: 'alice', source: 'flag', azurePrincipal: 'alice@contoso.com' });
  });

  it('is absent when not signed in, or the profile is missing or damaged', () => {
    expect(azurePrincipal({ AZURE_CONFIG_DIR: azureDir({ subscriptions: [] }) })).toBeUndefined();
    expect(azurePrincipal({ AZURE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'fd-azure-')) })).toBeUndefined();
    expect(azurePrincipal({ AZURE_CONFIG_DIR: azureDir('{not json', false) })).toBeUndefined();
    expect(sessionIdentity('bob', undefined, { AZURE_CONFIG_DIR: azureDir({}) })).toEqual({ name: 'bob', source: 'flag' });
  });

  it("is shown on the operator's sign-off prompt and recorded only when the operator signs", async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { identity: { name: 'alice', source: 'flag', azurePrincipal: 'alice@contoso.com' } });
    const step = engine.runbook.steps[0];
    if (!step) throw new Error('fixture');
    step.signoffs.push({ id: 'f1', line: 3, title: 'Approval', roles: ['Release Manager', 'SRE'], fourEyes: false });
    const done = engine.advance(step.id);
    const prompt = await answer(engine, 'signoff', { name: 'alice', approved: true });
    expect(prompt.kind === 'signoff' && prompt.azurePrincipal).toBe('alice@contoso.com');
    await answer(engine, 'signoff', { name: 'bob', approved: true });
    await done;
    const signoffs = auditLines(engine, env).filter((e) => e.type === 'signoff');
    expect(signoffs.map((e) => [e.data.name, e.data.azurePrincipal])).toEqual([
      ['alice', 'alice@contoso.com'],
      ['bob', undefined],
    ]);
    await engine.suspend();
  });
});
