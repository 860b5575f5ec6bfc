// A command's output quoted by the headless printer, and an error message quoting what the
// operator typed, reach the terminal through the TUI's sanitiser: no title, no clipboard
// write, bidi controls as visible placeholders.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempHome } from '../helpers/cli.js';

// anything a terminal acts on: C0 controls but newline, DEL, C1, bidi controls and separators
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

describe('escapes in headless mode and error paths', () => {
  it('run --non-interactive: the FAILED line quoting the output holds no escape, and shows bidi controls as placeholders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-esc-'));
    const file = join(dir, 'esc.md');
    // octal escapes: the runbook itself holds no control character
    writeFileSync(
      file,
      "# Escapes\n\n## Deploy\n\n```bash\nprintf '\\033]0;pwned-title\\007\\033]52;c;cHduZWQ=\\007state \\342\\200\\256dne\\342\\201\\251 \\342\\201\\247x \\033[2J\\033[31mred\\033[0m\\n'\n# Expected: Succeeded\n```\n",
    );
    const r = await runCli(['run', file, '--non-interactive'], { env: { FLIGHTDECK_HOME: tempHome() } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED: check failed: Succeeded \(got state <U\+202E>dne<U\+2069> <U\+2067>x red\)/);
    // the step report echoes the script as written (octal escapes: inert text); what the command printed holds none of it
    const printed = r.stdout
      .split('\n')
      .filter((line) => !/^ {4}[$>] /.test(line))
      .join('\n');
    expect(printed).toContain('| state <U+202E>dne<U+2069> <U+2067>x red');
    expect(printed).not.toContain('pwned-title');
    expect(printed).not.toContain('cHduZWQ=');
    expect(r.stdout + r.stderr).not.toMatch(RAW);
  });

  it('an error message quoting a file name holds no escape', async () => {
    const r = await runCli(['run', '/nonexistent/\x1b]0;pwned\x07\u202Erunbook.md', '--non-interactive'], { env: { FLIGHTDECK_HOME: tempHome() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<U+202E>runbook.md');
    expect(r.stderr).not.toMatch(RAW);
  });
});
