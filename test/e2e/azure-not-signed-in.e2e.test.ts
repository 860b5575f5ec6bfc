// A real run on a machine whose Azure CLI is not logged in (an `az` on PATH that says so, as
// the real one does): the block that changes a container app is not run, and the one line
// saying what to do is on the screen, on stderr headless, and in the log.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { tempDir } from '../kit/temp.js';
import { onlySessionId, sessionLog } from './drive.js';

const RUNBOOK = ['# Shop rollout', '', '## Ship', '', '### Move a tenth to v2', '', '```bash', 'az containerapp ingress traffic set --name shop --resource-group rg-shop --revision-weight shop--v1=90 shop--v2=10', '```', ''].join('\n');

/** The runbook, and an environment whose `az` is not logged in and that has no other Azure login. */
function notSignedIn(): { file: string; env: Record<string, string> } {
  const dir = tempDir('fd-nologin-');
  const bin = join(dir, 'bin');
  writeFileSync(join(dir, 'shop.md'), RUNBOOK);
  // the real CLI's answer when nobody is logged in
  const az = "#!/bin/sh\necho \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n";
  mkdirSync(bin);
  writeFileSync(join(bin, 'az'), az, { mode: 0o755 });
  return {
    file: join(dir, 'shop.md'),
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000000', AZURE_CLIENT_ID: '', AZURE_TENANT_ID: '', AZURE_CLIENT_SECRET: '', AZURE_FEDERATED_TOKEN_FILE: '', IDENTITY_ENDPOINT: '', MSI_ENDPOINT: '' },
  };
}

const WHAT_TO_DO = 'run `az login` (or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET), or rehearse with --simulate';

/** The text of the screen without the dialog's frame and the wrapping, to find a line the dialog wrapped. */
function unframed(screen: string): string {
  return screen.replace(/[│╭╮╰╯─]/g, '').replace(/\s+/g, '');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a run without an Azure login', () => {
  it('headless: the step fails at once with the one line on stderr; the block did not run', async () => {
    const { file, env } = notSignedIn();
    const home = tempHome();
    const res = await runCli(['run', file, '--non-interactive'], { env: { ...env, FLIGHTDECK_HOME: home } });
    expect(res.code).toBe(1);
    // the SDK's own sentence for a CLI that is not logged in, then what to do
    // (on a loaded machine the credential chain may run out of its 5 s first: "no answer", same advice)
    const line = /^flightdeck: Azure: (?:not signed in \(Please run 'az login'|no answer \()[^)]*\); (.*)$/m.exec(res.stderr);
    expect(line?.[1]).toBe(WHAT_TO_DO);
    const log = sessionLog(home, onlySessionId(home));
    expect(log.some((e) => e.type === 'cmd.start')).toBe(false);
    expect(log.some((e) => e.type === 'note' && String(e.data.text).endsWith(WHAT_TO_DO))).toBe(true);
  });

  describe.skipIf(!HAS_TMUX)('in the terminal (tmux)', () => {
    const tmux = useTmux();

    it('the check-failed dialog shows the whole line, what to do included', async () => {
      const { file, env } = notSignedIn();
      const t = tmux.startCli(['run', file], { cols: 120, rows: 30, env });
      await t.waitFor('⏎ run/done');
      t.keys('Enter');
      const screen = await t.waitFor('Check failed in');
      await t.waitFor('abort the session');
      // under load the dialog may still be drawing its rows: wait for the whole line, not one capture
      const whole = new RegExp(`✘Azure:(notsignedin\\(Pleaserun'azlogin'|noanswer\\().*\\);${escape(unframed(WHAT_TO_DO))}`);
      const deadline = Date.now() + 10_000;
      while (!whole.test(unframed(t.capture())) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(unframed(t.capture())).toMatch(whole);
      expect(screen).toContain('retry the command');
    });
  });
});
