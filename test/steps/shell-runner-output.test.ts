// Output through real processes: huge lines, binary, hostile escapes, secrets.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, block, type Bench } from './runner-helpers.js';
import { screenFeed } from '../kit/screen.js';

let b: Bench;
beforeEach(() => {
  b = bench({ secrets: () => ['Sup3r-S3cret-Value'] });
});
afterEach(async () => {
  await b.cleanup();
});

const short = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex').slice(0, 12);

describe('output through the runner', () => {
  it('streams a 50 MB single line with the screen copy cut and the spool complete', async () => {
    let peakLine = 0;
    let updates = 0;
    const screen = screenFeed();
    const r = await b.runner.run(
      block("head -c 52428800 /dev/zero | tr '\\0' x; echo; echo after"),
      b.env,
      b.dir,
      (text) => {
        screen.onText(text);
        updates++;
        for (const l of screen.lines()) peakLine = Math.max(peakLine, l.length);
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.spool.bytes).toBe(52428800 + 1 + 6);
    expect(r.spool.lines).toBe(2);
    // The screen never held more than the cap plus the marker.
    expect(peakLine).toBeLessThan(4096 + 200);
    expect(updates).toBeGreaterThan(1);
    expect(r.truncated).toBe(true);
    expect(r.output.endsWith('after\n')).toBe(true);
  });

  it('spools binary output byte for byte and keeps the screen printable', async () => {
    const r = await b.runner.run(block('printf "\\x00\\x01\\xff\\xfe\\x1b]52;c;eA==\\x07bin\\x9b2J\\n"; head -c 4096 /dev/urandom > rand.bin; cat rand.bin'), b.env, b.dir);
    const spool = readFileSync(r.spool.path);
    const rand = readFileSync(`${b.dir}/rand.bin`);
    const head = Buffer.from([0, 1, 0xff, 0xfe, 0x1b, ...Buffer.from(']52;c;eA==\x07bin'), 0x9b, ...Buffer.from('2J\n')]);
    // Random bytes may by chance look like a secret; then they are masked, so compare only when not.
    if (!spool.includes(Buffer.from('[REDACTED'))) expect(spool.equals(Buffer.concat([head, rand]))).toBe(true);
    expect(r.spool.sha256).toBe(createHash('sha256').update(spool).digest('hex'));
  });

  it('neutralises hostile escapes on screen but keeps colours', async () => {
    const screen = screenFeed();
    const run = b.runner.start({
      command: block(`printf '\\033]52;c;cm0gLXJmIH4=\\007\\033]0;pwned\\007\\033[2J\\033[H\\033[31mred\\033[0m plain\\n'`),
      env: b.env,
      cwd: b.dir,
      onText: screen.onText,
    });
    await run.done;
    expect(screen.lines()).toEqual(['\x1b[31mred\x1b[0m plain']);
  });

  it('masks a known secret and patterns on screen, in the spool and in the check text, even when split across writes', async () => {
    const code = [
      "printf 'password is Sup3r-'; sleep 0.2; printf 'S3cret-Value\\n'",
      "printf 'Authorization: Bea'; sleep 0.2; printf 'rer abcdefghijklmnop\\n' >&1",
      'echo "AccountKey=QUJDREVGR0hJSktMTU5PUA==" >&2',
    ].join('\n');
    const screen = screenFeed();
    const run = b.runner.start({ command: block(code), env: b.env, cwd: b.dir, onText: screen.onText });
    const r = await run.done;
    const spool = readFileSync(r.spool.path, 'utf8');
    for (const text of [spool, r.output, r.stdout, screen.lines().join('\n')]) {
      expect(text).not.toContain('S3cret');
      expect(text).not.toContain('abcdefghijklmnop');
      expect(text).not.toContain('QUJDREVGR0hJSktMTU5PUA');
    }
    expect(spool).toContain(`password is [REDACTED sha256:${short('Sup3r-S3cret-Value')}]`);
    expect(spool).toContain('Authorization: Bearer [REDACTED sha256:');
    // capture= needs the real value: only rawStdout has it.
    expect(r.rawStdout).toContain('Sup3r-S3cret-Value');
  });

  it('shows a prompt after a silent stretch and keeps the step usable', async () => {
    const screen = screenFeed();
    const run = b.runner.start({ command: block('sleep 0.3; printf "still here? "; sleep 0.3; echo yes'), env: b.env, cwd: b.dir, onText: screen.onText });
    await expect.poll(() => screen.lines(), { timeout: 3000 }).toEqual(['still here? ']);
    const r = await run.done;
    expect(r.output).toBe('still here? yes\n');
  });
});
