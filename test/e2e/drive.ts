// Drives the walkthrough in tmux the way an operator would: answer whatever the screen asks,
// press Enter on the selected step, and read the header's "n/m steps done".
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sleep, type TmuxSession } from '../helpers/tmux.js';

export interface AuditLine {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export function progress(screen: string): { done: number; total: number } | undefined {
  const m = /(\d+)\/(\d+)(?: steps done| · \d+ failed| ⏱)/.exec(screen);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : undefined;
}

/** The selected row of the step list ("▸○ 4. Title…"). */
export function selectedRow(screen: string): string | undefined {
  return screen.split('\n').find((l) => l.startsWith('▸'));
}

/**
 * With the selected step already finished (a decision jumped past some), the direction of
 * an open step: one visible above or below the cursor, else `fallback`.
 */
export function towardOpenStep(screen: string, fallback: 'Up' | 'Down'): 'Up' | 'Down' {
  const lines = screen.split('\n');
  const at = lines.findIndex((l) => l.startsWith('▸'));
  const open = lines.map((l, i) => (/^ [○▶]/.test(l) ? i : -1)).filter((i) => i >= 0);
  if (open.some((i) => i < at)) return 'Up';
  if (open.some((i) => i > at)) return 'Down';
  return fallback;
}

/** No control characters other than newlines in what the terminal shows. */
export function expectCleanScreen(screen: string): void {
  expect(screen).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
}

/** Waits until the screen stops changing (two equal captures `quietMs` apart). */
export async function settled(t: TmuxSession, quietMs = 60, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = t.capture();
  for (;;) {
    await sleep(quietMs);
    const now = t.capture();
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

/** The screen without what changes by itself (elapsed timers, spinners). */
function steady(screen: string): string {
  return screen.replace(/⏱ [\d:]+/g, '').replace(/[⠁-⣿]/g, '').replace(/\d+:\d{2}(?= ·)/g, '');
}

/**
 * Waits until the screen shows the effect of a key: anything but a timer changed since
 * `before`. A key is sent once: one with no effect fails the walk (a lost key), unless
 * `mayNotChange` (an arrow key at the end of the list); then the screen is returned as is.
 */
export async function afterKey(t: TmuxSession, before: string, opts: { timeoutMs?: number; mayNotChange?: boolean } = {}): Promise<string> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const was = steady(before);
  for (;;) {
    await sleep(25);
    const now = t.capture();
    if (steady(now) !== was || t.exitCode() !== undefined) return settled(t, 40);
    if (Date.now() > deadline) {
      if (opts.mayNotChange) return now;
      throw new Error(`a key had no effect on the screen; it was:\n${now}`);
    }
  }
}

/**
 * Answers one prompt if the screen shows one. Returns what it did, or undefined when no
 * prompt is up. Sign-offs approve with the prefilled name, decisions take the first answer.
 */
export function answerPrompt(t: TmuxSession, screen: string): string | undefined {
  if (screen.includes('Parameters this runbook needs')) {
    t.keys('Escape');
    return 'params';
  }
  if (/Sign-off:/.test(screen)) {
    if (screen.includes('I approve')) t.type('a');
    else t.keys('Enter'); // choice, name (prefilled) and comment (empty) all take Enter
    return 'signoff';
  }
  // a destructive command asks for its word in a rehearsal too (nothing runs)
  const word = /Type (\S+) to (?:rehearse|run) it/.exec(screen)?.[1];
  if (word) {
    t.type(word);
    t.keys('Enter');
    return 'danger';
  }
  // pre-flight: a variable another step sets has no value (in a rehearsal, that step was not walked): run anyway
  if (screen.includes('is not set: it is set by step')) {
    if (screen.includes('Reason ›')) {
      t.type('walked without it');
      t.keys('Enter');
    } else {
      const gotos = screen.split('\n').filter((l) => l.includes('go to step')).length;
      for (let i = 0; i <= gotos; i++) t.keys('Down');
      t.keys('Enter');
    }
    return 'preflight';
  }
  if (screen.includes('Decision:')) {
    // the safe answer is first; with none, a placeholder is, and the first real answer is below it
    if (screen.includes('(choose an answer)')) t.keys('Down', 'Enter');
    else t.keys('Enter'); // the first answer, then an empty note
    return 'decision';
  }
  if (/Evidence for "/.test(screen)) {
    if (screen.includes('Which output?')) t.keys('Enter');
    else if (screen.includes('Note ›') || screen.includes('Path ›') || screen.includes('Reason ›')) {
      t.type('seen in rehearsal');
      t.keys('Enter');
    } else t.keys('Enter');
    return 'evidence';
  }
  if (/Confirm|unverified|Unverified/.test(screen) && screen.includes('╭')) {
    t.keys('Enter');
    return 'other';
  }
  return undefined;
}

export function sessionLog(home: string, id: string): AuditLine[] {
  return readFileSync(join(home, 'sessions', id, 'audit.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditLine);
}

export function onlySessionId(home: string): string {
  const ids = readdirSync(join(home, 'sessions'));
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
}

export async function sessionsJson(home: string): Promise<{ id: string; mode: string; status: string }[]> {
  const r = await runCli(['sessions', '--json'], { env: { FLIGHTDECK_HOME: home } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { id: string; mode: string; status: string }[];
}

/**
 * q and y sent back to back, the y before the quit question q opens is drawn: the app's
 * input dispatcher holds it for that question (a key is sent once; nothing here resends).
 * Waits for the exit code.
 */
export async function quitAndConfirm(t: TmuxSession): Promise<number> {
  t.type('q');
  t.type('y');
  return t.waitForExit();
}

/**
 * Enter on the "every step done" screen ends the session. The app offers it ("⏎ finish")
 * only once that screen has been up a moment, so that an Enter meant for the last step
 * cannot end the session: wait for the offer, then press Enter once.
 */
export async function finishSession(t: TmuxSession): Promise<number> {
  await t.waitFor('⏎ finish');
  t.keys('Enter');
  return t.waitForExit();
}
