// Who the session is signed in to Azure as: recorded in the log when a step first signs in
// (or on session.start with --tenant), folded into the state by the reducer, and shown in
// the TUI header with the display name and tenant.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureAuth } from '../../src/azure/auth.js';
import { AzureSource } from '../../src/azure/azure-source.js';
import { withAzurePrincipal } from '../../src/identity.js';
import { Header } from '../../src/ui/components/header.js';
import { ALICE, sessionFor } from '../kit/session.js';
import { answer } from '../kit/autopilot.js';
import { FakeCredential, USER_CLAIMS } from './emulator/fake-credential.js';
import { startEmulator, type Emulator } from './emulator/server.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => emu.close());

const RUNBOOK = '# Canary of the web app\n\n## Deploy\n\n1. Shift traffic\n\n   ```bash\n   echo shift\n   ```\n';

describe('the Azure principal of a session', () => {
  it('is recorded once when a step first signs in, and the header shows it from the state', async () => {
    const auth = new AzureAuth({ credential: new FakeCredential() });
    const s = await sessionFor(RUNBOOK, { metrics: { azure: { auth } } });
    expect(s.engine.snapshot().state.azure).toBeUndefined();
    await auth.signIn();
    // a second sign-in (a new AzureAuth call after the first) is not a second note
    await auth.signIn();
    const notes = s.events().filter((e) => e.type === 'note' && e.data['azurePrincipal']);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.data).toMatchObject({
      text: `signed in to Azure as Alice Smith <alice@contoso.com> (tenant ${USER_CLAIMS.tid})`,
      azurePrincipal: USER_CLAIMS.upn,
      azureDisplayName: 'Alice Smith',
      azureObjectId: USER_CLAIMS.oid,
      azureTenantId: USER_CLAIMS.tid,
    });
    const state = s.engine.snapshot().state;
    expect(state.azure).toEqual({ name: USER_CLAIMS.upn, displayName: 'Alice Smith', tenantId: USER_CLAIMS.tid });
    process.env.CI = 'false';
    const header = render(<Header title="Canary" state={state} done={0} failed={0} total={1} compact={false} width={140} />);
    expect(header.lastFrame()).toContain(`Azure: Alice Smith <alice@contoso.com> (tenant ${USER_CLAIMS.tid})`);
    header.unmount();
    const compact = render(<Header title="Canary" state={state} done={0} failed={0} total={1} compact width={70} />);
    expect(compact.lastFrame()).toContain(`az ${USER_CLAIMS.upn}`);
    expect(compact.lastFrame()).toContain('0/1');
    compact.unmount();
    await s.engine.suspend();
  });

  it('a session started signed in (--tenant) names the principal on session.start, and a resume as the same principal adds no note', async () => {
    const auth = new AzureAuth({ credential: new FakeCredential() });
    const principal = await auth.signIn();
    const identity = withAzurePrincipal(ALICE, principal);
    const s = await sessionFor(RUNBOOK, { identity, metrics: { azure: { auth } } });
    expect(s.events()[0]?.data).toMatchObject({ azurePrincipal: USER_CLAIMS.upn, azureDisplayName: 'Alice Smith', azureTenantId: USER_CLAIMS.tid });
    await s.engine.suspend();
    const again = await s.resume({ identity });
    expect(again.engine.snapshot().state.azure?.name).toBe(USER_CLAIMS.upn);
    expect(again.events().filter((e) => e.type === 'note' && e.data['azurePrincipal'])).toHaveLength(0);
    await again.engine.suspend();
  });

  it('an Azure call that failed with nothing to show is a note naming the failure and who made it', async () => {
    const auth = new AzureAuth({ credential: new FakeCredential() });
    const source = new AzureSource({ auth, endpoints: { logs: emu.url }, agent: emu.agent, retry: { attempts: 1 } });
    const text = ['# Gate', '', '### Step 1: Watch errors', '', '```metric', 'kind: azure', 'workspace: ws-9', 'query: AppRequests | summarize ErrorRate = 1.0', 'metric: ErrorRate', 'require: error rate < 1%', '```', ''].join('\n');
    const s = await sessionFor(text, { metrics: { azure: { auth }, sources: { azure: source } } });
    emu.fault({ match: /\/query$/, status: 403, body: { error: { code: 'InsufficientAccessError', message: 'no read on ws-9' } } });
    const done = s.engine.advance(s.engine.runbook.steps[0]?.id ?? '');
    await answer(s.engine, 'unverified', { confirmed: false });
    await done;
    emu.clearFaults();
    const note = s.events().find((e) => e.type === 'note' && String(e.data['text']).startsWith('Azure call for the gate'));
    expect(note?.data).toMatchObject({ azurePrincipal: USER_CLAIMS.upn, azureTenantId: USER_CLAIMS.tid });
    expect(String(note?.data['text'])).toContain('no access to the Log Analytics query for ErrorRate (403');
    await s.engine.suspend();
  });
});
