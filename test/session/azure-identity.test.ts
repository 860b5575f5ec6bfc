import { describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { sessionAzure } from '../../src/session/session-login.js';
import { azureIdentityFields, sessionIdentity, withAzurePrincipal } from '../../src/identity.js';
import { FakeCredential, USER_CLAIMS } from '../azure/emulator/fake-credential.js';
import { answer, auditLines, newEngine, tempEnv } from './helpers.js';

const alice = { name: 'alice@contoso.com', displayName: 'Alice Smith', objectId: USER_CLAIMS.oid, tenantId: USER_CLAIMS.tid, kind: 'user' as const };

describe('Azure principal of the operator', () => {
  it('is not read from any file: a fresh identity has none until a token proves one', () => {
    expect(sessionIdentity('alice', undefined)).toEqual({ name: 'alice', source: 'flag' });
    const id = withAzurePrincipal(sessionIdentity('alice', undefined), alice);
    expect(id.azurePrincipal).toBe('Alice Smith <alice@contoso.com>');
    expect(azureIdentityFields(id)).toEqual({ azurePrincipal: 'alice@contoso.com', azureDisplayName: 'Alice Smith', azureObjectId: USER_CLAIMS.oid, azureTenantId: USER_CLAIMS.tid });
  });

  it('--tenant in a real run signs in before the session starts; otherwise nothing is asked', async () => {
    const credential = new FakeCredential();
    const now = await sessionAzure(sessionIdentity('bob', undefined), { tenant: USER_CLAIMS.tid, signInNow: true, credential });
    expect(now.identity).toMatchObject({ name: 'bob', azure: { name: 'alice@contoso.com', tenantId: USER_CLAIMS.tid } });
    expect(credential.tenants).toEqual([USER_CLAIMS.tid]);
    const noTenant = await sessionAzure(sessionIdentity('bob', undefined), { signInNow: true, credential });
    const rehearsal = await sessionAzure(sessionIdentity('bob', undefined), { tenant: USER_CLAIMS.tid, signInNow: false, credential });
    expect([noTenant.identity.azure, rehearsal.identity.azure, credential.tenants.length]).toEqual([undefined, undefined, 1]);
    // a login made later by a gate is what a sign-off records
    const auth = new AzureAuth({ credential, tenantId: USER_CLAIMS.tid });
    await auth.signIn();
    expect(azureIdentityFields(sessionIdentity('bob', undefined), auth)).toMatchObject({ azurePrincipal: 'alice@contoso.com' });
  });

  it('is recorded on session.start, shown on the sign-off prompt, and recorded only when the operator signs', async () => {
    const env = tempEnv();
    const engine = await newEngine(env, { identity: withAzurePrincipal({ name: 'alice', source: 'flag' }, alice) });
    const step = engine.runbook.steps[0];
    if (!step) throw new Error('fixture');
    step.signoffs.push({ id: 'f1', line: 3, title: 'Approval', roles: ['Release Manager', 'SRE'], fourEyes: false });
    const done = engine.advance(step.id);
    const prompt = await answer(engine, 'signoff', { name: 'alice', approved: true });
    expect(prompt.kind === 'signoff' && prompt.azurePrincipal).toBe('Alice Smith <alice@contoso.com>');
    await answer(engine, 'signoff', { name: 'bob', approved: true });
    await done;
    const lines = auditLines(engine, env);
    expect(lines[0]?.data).toMatchObject({ azurePrincipal: 'alice@contoso.com', azureObjectId: USER_CLAIMS.oid, azureTenantId: USER_CLAIMS.tid });
    const signoffs = lines.filter((e) => e.type === 'signoff');
    expect(signoffs.map((e) => [e.data.name, e.data.azurePrincipal, e.data.azureObjectId])).toEqual([
      ['alice', 'alice@contoso.com', USER_CLAIMS.oid],
      ['bob', undefined, undefined],
    ]);
    await engine.suspend();
  });
});
