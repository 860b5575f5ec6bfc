// The secret corpus through the built CLI: a real run prints every shape (whole, and split
// by a pause so the runner's idle flush cuts it) and keeps each in a shell variable; typed
// values come from --set and the environment. Nothing of any secret may reach a file
// under FLIGHTDECK_HOME (spools, audit log, index, shell state), the exported pack,
// stdout or stderr: checked with every 8-character piece of each secret.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempHome, type CliResult } from '../helpers/cli.js';
import { CORPUS, leakedPiece } from './secret-corpus.js';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

/** printf's %b form of text: every byte as \xHH, so the runbook holds no secret text. */
const hex = (text: string): string => [...Buffer.from(text, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Every file's text and the CLI's own output, searched for every piece of every secret. */
function expectNoLeak(secrets: { name: string; secret: string }[], dirs: string[], outputs: CliResult[]): void {
  const texts: [string, string][] = [];
  for (const dir of dirs) for (const f of filesUnder(dir)) texts.push([f, readFileSync(f, 'latin1') + '\n' + readFileSync(f, 'utf8')]);
  for (const [i, r] of outputs.entries()) texts.push([`output ${i}`, r.stdout + r.stderr]);
  for (const { name, secret } of secrets) {
    for (const [where, text] of texts) expect(leakedPiece(text, secret), `${name} in ${where}`).toBeUndefined();
  }
}

const sessionId = (r: CliResult): string => /session (\S+) completed/.exec(r.stdout)?.[1] ?? '';

// shapes that say what they are on their own, kept bare in a variable too
const SELF_EVIDENT = ['AWS access key id', 'GitHub personal token', 'GitHub fine-grained token', 'GitLab token', 'Slack bot token', 'Stripe live key', 'npm token', 'bare 88-character storage key', 'Azure AD client secret alone', 'JWT', 'RSA private key', 'OpenSSH private key'];

describe('secrets never reach a file, the pack or the terminal', () => {
  it('the corpus printed by a real run, whole and split, and kept in shell variables', async () => {
    const lines: string[] = [];
    for (const [i, shape] of CORPUS.entries()) {
      const text = `${shape.line}\n`;
      const at = text.indexOf(shape.secret) + Math.floor(shape.secret.length / 2);
      lines.push(`printf '%b' '${hex(text)}'`);
      lines.push(`printf '%b' '${hex(text.slice(0, at))}'; sleep 0.08; printf '%b' '${hex(text.slice(at))}'`);
      lines.push(`LINE_${i}="$(printf '%b' '${hex(shape.line)}')"`);
      if (SELF_EVIDENT.includes(shape.name)) lines.push(`BARE_${i}="$(printf '%b' '${hex(shape.secret)}')"`);
      lines.push(`echo "again: $LINE_${i}"`);
    }
    expect(lines.filter((l) => l.startsWith('BARE_'))).toHaveLength(SELF_EVIDENT.length);
    const dir = mkdtempSync(join(tmpdir(), 'fd-corpus-'));
    const file = join(dir, 'corpus.md');
    writeFileSync(file, `# Corpus\n\n## Print them\n\n\`\`\`bash\n${lines.join('\n')}\n\`\`\`\n\n## After\n\n\`\`\`bash\necho done\n\`\`\`\n`);
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const lint = await runCli(['lint', file], { env });
    expect(lint.stdout).not.toContain('literal secret');

    const run = await runCli(['run', file, '--non-interactive'], { env, timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = sessionId(run);
    const shellState = readFileSync(join(home, 'sessions', id, 'shell-state.json'), 'utf8');
    for (const name of Object.keys(JSON.parse(shellState).vars as Record<string, string>)) expect(name).not.toMatch(/^(LINE|BARE)_/);

    const pack = join(mkdtempSync(join(tmpdir(), 'fd-corpus-pack-')), 'pack');
    const exp = await runCli(['export', id, '--out', pack], { env });
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    const spools = filesUnder(join(pack, 'outputs')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(spools.match(/\[REDACTED sha256:[0-9a-f]{12}\]/g)?.length ?? 0).toBeGreaterThanOrEqual(CORPUS.length * 3);
    expectNoLeak(CORPUS, [home, pack], [run, exp, lint]);
  }, 180_000);

  it('typed values that look secret, from --set and the environment, under names that do not say so', async () => {
    const typed = {
      DATABASE_URL: 'postgres://admin:Hunter2Pass@db-7f3k.internal:5432/app',
      UPSTREAM: 'https://deployer:Zq8-Tu5-Wm2@api-9c1d.example.net/v1',
      SESSION_BLOB: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0eXBlZC12YWx1ZSJ9.dHlwZWQtc2lnbmF0dXJl',
      RELEASE_NOTE: 'Xk9mQ2vLp7RtY4wZs8NbC3dFq1Jh',
    };
    const dir = mkdtempSync(join(tmpdir(), 'fd-typed-'));
    const file = join(dir, 'typed.md');
    writeFileSync(
      file,
      '# Typed\n\n## Use them\n\n```bash\necho "db $DATABASE_URL"\necho "upstream ${UPSTREAM} blob ${SESSION_BLOB} note $RELEASE_NOTE"\nexport KEEP="$DATABASE_URL"\n```\n',
    );
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home, SESSION_BLOB: typed.SESSION_BLOB, RELEASE_NOTE: typed.RELEASE_NOTE };
    const run = await runCli(['run', file, '--non-interactive', '--set', `DATABASE_URL=${typed.DATABASE_URL}`, '--set', `UPSTREAM=${typed.UPSTREAM}`], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = sessionId(run);
    const audit = readFileSync(join(home, 'sessions', id, 'audit.jsonl'), 'utf8');
    for (const name of Object.keys(typed)) expect(audit).toContain(`"name":"${name}","secret":true`);
    const pack = join(mkdtempSync(join(tmpdir(), 'fd-typed-pack-')), 'pack');
    const exp = await runCli(['export', id, '--out', pack], { env: { FLIGHTDECK_HOME: home } });
    expect(exp.code).toBe(0);
    expectNoLeak(
      Object.entries(typed).map(([name, secret]) => ({ name, secret })),
      [home, pack],
      [run, exp],
    );
  }, 60_000);

  it('a masked URL (https://user:••••••@db) is exported, and the pack shows the mask', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-masked-'));
    const file = join(dir, 'masked.md');
    writeFileSync(file, '# Masked\n\n## Connect\n\n```bash\necho "url https://user:${DB_PASSWORD}@db.internal:5432/app"\n```\n');
    const home = tempHome();
    const env = { FLIGHTDECK_HOME: home };
    const run = await runCli(['run', file, '--non-interactive', '--set', 'DB_PASSWORD=Vq3-Hidden7-Pw'], { env });
    expect(run.code).toBe(0);
    const id = sessionId(run);
    const pack = join(mkdtempSync(join(tmpdir(), 'fd-masked-pack-')), 'pack');
    const exp = await runCli(['export', id, '--out', pack], { env });
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    expect(readFileSync(join(pack, 'audit.jsonl'), 'utf8')).toContain('https://user:••••••@db.internal');
    expectNoLeak([{ name: 'DB_PASSWORD', secret: 'Vq3-Hidden7-Pw' }], [home, pack], [run, exp]);
  }, 60_000);
});
