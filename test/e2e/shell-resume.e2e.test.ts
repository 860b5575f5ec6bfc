// A real run in tmux: `export` and `cd` in the first steps, quit, `flightdeck resume`, and
// the next step's shell still has them; the token a step exported is not on disk and the
// resumed screen names it as not restored.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HAS_TMUX, useTmux } from '../helpers/tmux.js';
import { onlySessionId, quitAndConfirm, sessionLog } from './drive.js';

const work = mkdtempSync(join(tmpdir(), 'fd-shell-e2e-'));
afterEach(() => rmSync(work, { recursive: true, force: true }));

// The token is assembled by the block, so its full text is in no file unless the state leaks it.
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2lnbmF0dXJlLXZhbHVl';
const RUNBOOK = `# Shell across resume

## Steps

### Step 1: Prepare a workspace

\`\`\`bash
mkdir -p ${work}/srv/app && cd ${work}/srv/app
export TAG=v2
COUNT=3
\`\`\`

### Step 2: Get a token

\`\`\`bash
A=eyJhbGciOiJIUzI1NiJ9
export TOKEN="$A.eyJzdWIiOiJvcGVyYXRvciJ9.c2lnbmF0dXJlLXZhbHVl"
\`\`\`

### Step 3: Use them

\`\`\`bash
echo "tag=$TAG count=$COUNT in $(pwd) token=\${TOKEN:-unset}"
\`\`\`
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe.skipIf(!HAS_TMUX)('the session shell across quit and resume (tmux)', () => {
  const tmux = useTmux();

  it('export and cd before the quit are seen after `flightdeck resume`; the token is named, not kept', async () => {
    const file = join(work, 'shell.md');
    writeFileSync(file, RUNBOOK);
    const first = tmux.startCli(['run', file], { cwd: work });
    await first.waitFor('1. Step 1: Prepare a workspace');
    first.keys('Enter');
    await first.waitFor('1/3 steps done');
    first.keys('Enter');
    await first.waitFor('2/3 steps done');
    expect(await quitAndConfirm(first)).toBe(0);
    const id = onlySessionId(first.home);
    const sessionDir = join(first.home, 'sessions', id);
    for (const f of filesUnder(sessionDir)) expect(readFileSync(f, 'latin1'), f).not.toContain(TOKEN);

    const again = tmux.startCli(['resume', id], { home: first.home, cwd: tmpdir() });
    const screen = await again.waitFor('shell state restored');
    expect(screen).toContain('not restored (looked secret): TOKEN - re-run step 2 to set it;');
    again.keys('Enter');
    await again.waitFor('3/3 steps done');
    const spool = readdirSync(join(sessionDir, 'outputs')).find((f) => f.startsWith('step-3-'));
    expect(readFileSync(join(sessionDir, 'outputs', spool ?? 'missing'), 'utf8')).toBe(`tag=v2 count=3 in ${work}/srv/app token=unset\n`);
    expect(await quitAndConfirm(again)).toBe(0);
    const restore = sessionLog(first.home, id).find((e) => e.type === 'shell.restore');
    expect(restore?.data).toMatchObject({ status: 'restored', cwd: `${work}/srv/app`, withheld: [{ name: 'TOKEN', stepId: 'step-2' }] });
  });
});
