// Headless resume and run over the built CLI: a session that needs a person stops with
// exit 4 (never 0 unless it completed), `resume` takes --set and parameters from
// FLIGHTDECK_PARAM_*, `run` never continues an unfinished session silently, and each
// unattended step shows its commands and the last lines of their output.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCli, tempHome } from '../helpers/cli.js';
import { parseAuditLog } from '../../src/session/audit-read.js';

const SMALL = join(ROOT, 'test', 'headless', 'fixtures', 'small.md');

function sessionDir(home: string): string {
  const [id] = readdirSync(join(home, 'sessions'));
  return join(home, 'sessions', id ?? '');
}

function locks(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('lock'));
}

function book(home: string, name: string, text: string): string {
  const file = join(home, name);
  writeFileSync(file, text);
  return file;
}

/** Resolves once `check` holds, looking again whenever the directory changes or 20 ms pass. */
async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('headless resume stops for a person (exit 4), never 0 unless completed', () => {
  it('a command that was running when flightdeck was killed: exit 4 at [start], lock released, session suspended', async () => {
    const home = tempHome();
    const hold = join(home, 'hold');
    writeFileSync(hold, '');
    const file = book(home, 'long.md', `# Long\n\n## Wait\n\n\`\`\`bash\nwhile [ -e "${hold}" ]; do sleep 0.05; done\n\`\`\`\n`);
    const child = spawn(process.execPath, [BIN, 'run', file, '--non-interactive'], { env: { ...process.env, FLIGHTDECK_HOME: home }, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    await until(() => existsSync(join(home, 'sessions')) && readdirSync(join(home, 'sessions')).length === 1 && existsSync(join(sessionDir(home), 'audit.jsonl')) && readFileSync(join(sessionDir(home), 'audit.jsonl'), 'utf8').includes('"cmd.start"'));
    child.kill('SIGKILL');
    await exited;
    rmSync(hold); // the orphaned block ends
    const dir = sessionDir(home);
    const id = dir.split('/').at(-1) ?? '';
    const r = await runCli(['resume', id, '--non-interactive'], { env: { FLIGHTDECK_HOME: home } });
    expect(r.stdout).toContain('[start] needs a person: command cmd-1 was running when the session ended');
    expect(r.stdout).toContain(`a person continues it in a terminal with: flightdeck resume ${id}`);
    expect(r.code).toBe(4);
    expect(locks(dir)).toEqual([]);
    const events = parseAuditLog(readFileSync(join(dir, 'audit.jsonl'))).events;
    expect(events.at(-1)?.data).toMatchObject({ kind: 'suspend' });
  }, 60_000);

  it('a runbook changed since the session started: exit 4 at [start]', async () => {
    const home = tempHome();
    const file = book(home, 'small.md', readFileSync(SMALL, 'utf8'));
    const env = { FLIGHTDECK_HOME: home };
    const first = await runCli(['run', file, '--non-interactive'], { env });
    expect(first.code).toBe(4);
    writeFileSync(file, readFileSync(SMALL, 'utf8').replace('Tell the on-call channel', 'Tell the on-call channel and the service desk'));
    const r = await runCli(['resume', '--non-interactive'], { env });
    expect(r.stdout).toContain('[start] needs a person: the runbook changed since the session started');
    expect(r.code).toBe(4);
    expect(locks(sessionDir(home))).toEqual([]);
  });
});

describe('headless parameters, reruns and step output', () => {
  const deploy = '# Deploy\n\n## Ship it\n\n```bash\necho "deploying ${TARGET}"\necho "second line"\n```\n';

  it('a missing parameter stop names --set and FLIGHTDECK_PARAM_*; resume --set continues and shows the command and its output', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const file = book(home, 'deploy.md', deploy);
    const r = await runCli(['run', file, '--non-interactive'], { env });
    expect(r.code).toBe(4);
    const id = /resume (\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(r.stdout).toContain(`continue with: flightdeck resume ${id} --non-interactive --set TARGET=... (or set FLIGHTDECK_PARAM_TARGET)`);
    const done = await runCli(['resume', id, '--non-interactive', '--set', 'TARGET=blue'], { env });
    expect(done.stdout).toContain('[1/1] Ship it: passed');
    expect(done.stdout).toContain('    $ echo "deploying blue"');
    expect(done.stdout).toContain('    exit 0');
    expect(done.stdout).toContain('    | deploying blue\n    | second line');
    expect(done.code).toBe(0);
    const quiet = await runCli(['run', file, '--non-interactive', '--quiet', '--set', 'TARGET=green'], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('deploying');
  });

  it('a parameter with a dash comes from FLIGHTDECK_PARAM_STORAGE_KEY', async () => {
    const home = tempHome();
    const file = book(home, 'key.md', '# Key\n\n## Upload\n\n```bash\necho "key <storage-key> set"\n```\n');
    const r = await runCli(['run', file, '--non-interactive'], { env: { FLIGHTDECK_HOME: home, FLIGHTDECK_PARAM_STORAGE_KEY: 'Zq9-secret-value-77' } });
    expect(r.stdout).toContain('[1/1] Upload: passed');
    expect(r.stdout).not.toContain('Zq9-secret-value-77');
    expect(r.code).toBe(0);
  });

  it('run refuses (exit 2) to start over an unfinished session of the runbook and names the resume command', async () => {
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const file = book(home, 'deploy.md', deploy);
    const first = await runCli(['run', file, '--non-interactive'], { env });
    const id = /resume (\S+)/.exec(first.stdout)?.[1] ?? '';
    const again = await runCli(['run', file, '--non-interactive', '--set', 'TARGET=x'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`has an unfinished session ${id}`);
    expect(again.stderr).toContain(`\`flightdeck resume ${id} --non-interactive\``);
    expect(readdirSync(join(home, 'sessions'))).toEqual([id]);
  });

  it('--set with a name the runbook does not have is refused with the names it has', async () => {
    const home = tempHome();
    const file = book(home, 'deploy.md', deploy);
    const r = await runCli(['run', file, '--non-interactive', '--set', 'TARGTE=x'], { env: { FLIGHTDECK_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`flightdeck: --set TARGTE: ${file} has no parameter of that name; its parameters are: TARGET\n`);
    expect(existsSync(join(home, 'sessions'))).toBe(false);
  });
});
