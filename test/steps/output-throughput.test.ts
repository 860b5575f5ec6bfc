// Behaviour of the fast paths a command printing millions of lines goes through: nothing
// lost, nothing unsanitised, the bounded copies hold what they say. No timing here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/runbook/model.js';
import { BoundedText } from '../../src/steps/bounded-text.js';
import { RingBuffer } from '../../src/steps/ring-buffer.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { bench, block, type Bench } from './runner-helpers.js';
import { screenFeed } from '../kit/screen.js';

const seq = (from: number, to: number): string => {
  const out: string[] = [];
  for (let k = from; k <= to; k++) out.push(`${k}\n`);
  return out.join('');
};

describe('ring buffer fed chunks with more lines than it holds', () => {
  it('keeps the last lines and the count, then a progress bar still overwrites', () => {
    const ring = new RingBuffer({ capacity: 5 });
    ring.push('partial-');
    ring.push(seq(1, 10_000));
    expect(ring.lines()).toEqual(['9996', '9997', '9998', '9999', '10000']);
    expect(ring.totalLines).toBe(10_000);
    ring.push(`${seq(10_001, 10_012)}50%`);
    expect(ring.lines()).toEqual(['10009', '10010', '10011', '10012', '50%']);
    ring.push('\r80%');
    expect(ring.lines()).toEqual(['10009', '10010', '10011', '10012', '80%']);
    expect(ring.totalLines).toBe(10_013);
  });
});

describe('bounded text kept for checks', () => {
  it('keeps the head and exactly the last tailLimit characters over many pieces', () => {
    const t = new BoundedText(8, 20);
    let all = '';
    for (let k = 0; k < 500; k++) {
      const piece = `<${k}>`.repeat((k % 7) + 1);
      t.push(piece);
      all += piece;
    }
    expect(t.truncated).toBe(true);
    expect(t.text()).toBe(`${all.slice(0, 8)}\n…\n${all.slice(-20)}`);
    const small = new BoundedText(8, 20);
    small.push('0123456789');
    small.push('abc');
    expect(small.truncated).toBe(false);
    expect(small.text()).toBe('0123456789abc');
  });
});

describe('a command printing a million lines', () => {
  let b: Bench;
  beforeEach(() => {
    b = bench();
  });
  afterEach(async () => {
    await b.cleanup();
  });

  it('spools every byte, shows the last lines, keeps head and tail for checks', async () => {
    const lines = 1_000_000;
    const expected = seq(1, lines);
    const screen = screenFeed();
    const run = b.runner.start({ command: block(`seq 1 ${lines}`), env: b.env, cwd: b.dir, onText: screen.onText });
    const r = await run.done;
    expect(r.exitCode).toBe(0);
    expect(r.spool.lines).toBe(lines);
    expect(r.spool.bytes).toBe(Buffer.byteLength(expected));
    expect(r.spool.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(readFileSync(r.spool.path, 'latin1') === expected).toBe(true);
    expect(screen.totalLines).toBe(lines);
    expect(screen.lines().slice(-2)).toEqual(['999999', '1000000']);
    expect(r.truncated).toBe(true);
    expect(r.stdout.startsWith('1\n2\n3\n')).toBe(true);
    expect(r.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(r.output.endsWith('999999\n1000000\n')).toBe(true);
  });

  it('keeps no copy for checks when told nothing reads it, and still spools and shows every line', async () => {
    const screen = screenFeed();
    const run = b.runner.start({ command: block('seq 1 200000'), env: b.env, cwd: b.dir, keepText: false, onText: screen.onText });
    const r = await run.done;
    expect(r.spool.lines).toBe(200_000);
    expect(screen.lines().slice(-1)).toEqual(['200000']);
    expect([r.stdout, r.output, r.rawStdout, r.truncated]).toEqual(['', '', '', false]);
  });

  it('hands the engine every line, in order, through the executor', async () => {
    const executor = new ShellExecutor({ mode: 'run', baseEnv: b.env });
    const chunks: string[] = [];
    const result = await executor.run(
      { ...block('seq 1 300000; printf "\\033[32mdone\\033[0m\\n"'), line: 1, runnable: true, expectations: [], danger: [], params: [] } satisfies Command,
      {},
      b.dir,
      (chunk) => chunks.push(chunk),
      new AbortController().signal,
      { spoolPath: `${b.dir}/outputs/exec.log`, secretValues: [] },
    );
    expect(result.exitCode).toBe(0);
    expect(chunks.join('') === `${seq(1, 300_000)}\x1b[32mdone\x1b[0m\n`).toBe(true);
  });
});
