// Warm-up runs that write the V8 code caches of dist/*.cjs (bin/flightdeck.js writes a
// cache after the command when FLIGHTDECK_WRITE_CODE_CACHE=1). A cache holds the functions
// a run compiled, so each warm-up runs what the start of its command runs, on
// runbooks/demo.md, with a throwaway FLIGHTDECK_HOME as its working directory: never the checkout.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIMEOUT_MS = 30_000;

function warmEnv(home) {
  // CI=false: Ink in CI mode draws no frames until it exits
  return { ...process.env, FLIGHTDECK_WRITE_CODE_CACHE: '1', FLIGHTDECK_HOME: home, CI: 'false', TERM: 'xterm-256color' };
}

/** `lint <file> --json`: the whole of dist/lint.cjs's work. */
export function warmLint(root) {
  spawnSync(process.execPath, [join(root, 'bin/flightdeck.js'), 'lint', join(root, 'runbooks/demo.md'), '--json'], {
    cwd: tmpdir(),
    env: { ...process.env, FLIGHTDECK_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * `rehearse` up to its first frame in a real terminal (util-linux `script` gives it one),
 * then ^C and y to quit (^C asks to quit from any screen, the parameters form included).
 * The app says when its first frame is on the terminal by creating the file named by
 * FLIGHTDECK_FIRST_FRAME_FILE (src/ui/run-tui.tsx), so nothing here reads the screen.
 * Both keys go at once: the app's one input dispatcher holds the y until the quit
 * question that ^C opens takes it. Resolves false when that could not run; the caller
 * falls back.
 */
function rehearseInTerminal(root, home) {
  // -isig: a ^C that arrives before Ink takes the terminal raw is a key for it, not SIGINT
  const command = `stty cols 100 rows 30 -isig; exec '${process.execPath}' '${join(root, 'bin/flightdeck.js')}' rehearse '${join(root, 'runbooks/demo.md')}'`;
  const marker = join(home, 'first-frame');
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: home,
        env: { ...warmEnv(home), FLIGHTDECK_FIRST_FRAME_FILE: marker },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    let sent = false;
    const poll = setInterval(() => {
      if (sent || !existsSync(marker)) return;
      sent = true;
      child.stdin.write('\x03y');
    }, 10);
    child.on('error', () => undefined);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      child.stdin.destroy();
      resolve(code === 0 && sent);
    });
  });
}

/**
 * The TUI's cache: from a rehearsal's first frame when a terminal can be had, else from a
 * headless rehearsal (the parser and the session engine, not Ink).
 */
export async function warmCli(root) {
  const home = mkdtempSync(join(tmpdir(), 'fd-warm-up-'));
  try {
    if (process.platform === 'linux' && (await rehearseInTerminal(root, home))) return 'tui';
    spawnSync(process.execPath, [join(root, 'bin/flightdeck.js'), 'rehearse', join(root, 'runbooks/demo.md'), '--non-interactive'], {
      cwd: home,
      env: warmEnv(home),
      stdio: 'ignore',
    });
    return 'headless';
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
