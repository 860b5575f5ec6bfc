// A whole rehearsal of the demo runbook in a real terminal, driven by keys the way an
// operator would (decisions that jump ahead included), checked in the audit log, which
// must verify and hold no secret. (rehearsal-walk and quit-resume cover the shared
// runbook and resume.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { HAS_TMUX, sleep, useTmux, type TmuxSession } from '../helpers/tmux.js';
import { afterKey, finishSession, onlySessionId, selectedRow, sessionLog, towardOpenStep, type AuditLine } from './drive.js';

const DEMO = join(ROOT, 'runbooks', 'demo.md');
const DEMO_ENV = { RELEASE_VERSION: '1.2.3', env: 'staging', REGION: 'westeurope', DEMO_TOKEN: 'tok-e2e-8c1f0a' };

function auditPath(home: string): string {
  return join(home, 'sessions', onlySessionId(home), 'audit.jsonl');
}

/** Waits (briefly) until `text` has left the screen: a submitted field, a closed form. */
async function gone(t: TmuxSession, text: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (t.capture().includes(text) && Date.now() < deadline) await sleep(20);
}

/**
 * Walks to the end with the keys the status bar offers: Enter on each open step and
 * each prompt (first answer, empty note), a second person's name on sign-offs, `a` to
 * approve, Up/Down to reach a step still open when the cursor rests on a finished one (after
 * a decision jumped ahead), and Enter once "⏎ finish" is offered. Each key is sent once and
 * must change the screen. Returns the exit code.
 */
async function walkToEnd(t: TmuxSession, maxKeys: number): Promise<number> {
  let screen = await t.waitFor(/\d+\/\d+ steps/, { timeoutMs: 15_000 });
  let signers = 0;
  let direction: 'Up' | 'Down' = 'Down';
  for (let i = 0; i < maxKeys; i++) {
    const code = t.exitCode();
    if (code !== undefined) return code;
    const prompt = screen.includes('╭');
    const selected = /▸(\S)/.exec(screen)?.[1];
    const allDone = /\b(\d+)\/\1 steps/.test(screen);
    if (/Name › /.test(screen)) {
      // Ctrl-U clears the suggested name; each role gets its own signer (four eyes)
      t.keys('C-u');
      t.type(`signer-${++signers}`);
      t.keys('Enter');
      await gone(t, 'Name › ');
    } else if (/ a I approve /.test(screen)) {
      t.keys('a');
    } else if (/Type (\S+) to rehearse it/.test(screen)) {
      // a destructive command asks for its word in a rehearsal too (nothing runs)
      t.type(/Type (\S+) to rehearse it/.exec(screen)?.[1] ?? '');
      t.keys('Enter');
    } else if (!prompt && allDone) {
      return finishSession(t);
    } else if (!prompt && selected !== undefined && selected !== '○' && selected !== '▶') {
      t.keys(towardOpenStep(screen, direction));
      // at the end of the list an arrow changes nothing: the next turn goes the other way
      const next = await afterKey(t, screen, { mayNotChange: true, timeoutMs: 3000 });
      if (selectedRow(next) === selectedRow(screen)) direction = direction === 'Down' ? 'Up' : 'Down';
      screen = next;
      continue;
    } else {
      t.keys('Enter');
    }
    screen = await afterKey(t, screen);
  }
  throw new Error(`no exit after ${maxKeys} keys; the screen is:\n${screen}`);
}

function expectCompleteRehearsal(home: string, runbookFile: string): AuditLine[] {
  const events = sessionLog(home, onlySessionId(home));
  const start = events.find((e) => e.type === 'session.start');
  expect(start?.data.mode).toBe('rehearsal');
  expect(events.at(-1)?.type).toBe('session.end');
  expect(events.at(-1)?.data.outcome).toBe('completed');
  const runbook = parseRunbook(readFileSync(runbookFile), runbookFile);
  const ended = new Set(events.filter((e) => e.type === 'step.end').map((e) => e.data.stepId));
  // every step of the main path ended; a contingency section no decision entered is not walked
  expect(runbook.steps.filter((s) => s.path === 'main' && !ended.has(s.id)).map((s) => `${s.id} ${s.title}`)).toEqual([]);
  // nothing was executed: every command is recorded as "would run"
  const cmds = events.filter((e) => e.type === 'cmd.start');
  expect(cmds.length).toBeGreaterThan(0);
  expect(cmds.filter((e) => e.data.execution !== 'would-run')).toEqual([]);
  expect(events.some((e) => e.type === 'cmd.exit' || e.type === 'output')).toBe(false);
  return events;
}

describe.skipIf(!HAS_TMUX)('rehearsal in a real terminal (tmux)', () => {
  const tmux = useTmux();

  it('walks the demo runbook end to end; the log is complete, verifies and holds no secret', { timeout: 120_000 }, async () => {
    const t = tmux.startCli(['rehearse', DEMO], { env: DEMO_ENV });
    const first = await t.waitFor(/\d+\/\d+ steps/, { timeoutMs: 15_000 });
    expect(first).toMatch(/DRY RUN|REHEARSAL/);
    expect(await walkToEnd(t, 400)).toBe(0);

    const events = expectCompleteRehearsal(t.home, DEMO);
    expect(events.some((e) => e.type === 'decision')).toBe(true);
    const roles = parseRunbook(readFileSync(DEMO), DEMO).steps.flatMap((s) => s.signoffs.flatMap((f) => f.roles));
    const signoffs = events.filter((e) => e.type === 'signoff');
    expect(signoffs.map((e) => e.data.role)).toEqual(roles);
    expect(signoffs.every((e) => typeof e.data.name === 'string' && e.data.name !== '')).toBe(true);
    expect(readFileSync(auditPath(t.home), 'utf8')).not.toContain(DEMO_ENV.DEMO_TOKEN);

    const verify = await runCli(['verify', auditPath(t.home)], { env: { FLIGHTDECK_HOME: t.home } });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
