// The spool and the byte decoder take byte strings (latin1): what reaches the log file is
// every byte in order, and the text for the screen keeps characters split between chunks.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ByteDecoder } from '../../src/steps/byte-decoder.js';
import { OutputSpool } from '../../src/steps/output-spool.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-spool-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('output spool', () => {
  it('writes every byte in order when pieces outrun the disk, and says when to wait', async () => {
    const spool = new OutputSpool(join(dir, 'out', 'a.log'));
    const pieces: Buffer[] = [];
    let waited = 0;
    for (let k = 0; k < 40; k++) {
      // sizes from a few bytes to 1 MiB, with bytes of every value (binary output)
      const piece = Buffer.alloc(k % 5 === 0 ? 1 << 20 : 1 + k * 997, k);
      piece[piece.length - 1] = 0x0a;
      pieces.push(piece);
      if (!spool.write(piece.toString('latin1'))) {
        waited++;
        await new Promise<void>((resolve) => spool.onDrain(resolve));
      }
    }
    const all = Buffer.concat(pieces);
    const summary = await spool.close();
    expect(waited).toBeGreaterThan(0);
    expect(readFileSync(summary.path).equals(all)).toBe(true);
    expect(summary.bytes).toBe(all.length);
    expect(summary.sha256).toBe(createHash('sha256').update(all).digest('hex'));
    let newlines = 0;
    for (let at = all.indexOf(0x0a); at >= 0; at = all.indexOf(0x0a, at + 1)) newlines++;
    expect(summary.lines).toBe(newlines);
  });

  it('counts an unfinished last line, and an empty output as no lines', async () => {
    const a = new OutputSpool(join(dir, 'b.log'));
    a.write('one\ntwo');
    expect((await a.close()).lines).toBe(2);
    const b = new OutputSpool(join(dir, 'c.log'));
    expect(await b.close()).toMatchObject({ bytes: 0, lines: 0 });
    expect(readFileSync(join(dir, 'c.log'), 'utf8')).toBe('');
  });

  it('rejects on close when the file cannot be written', async () => {
    writeFileSync(join(dir, 'file'), '');
    const spool = new OutputSpool(join(dir, 'file', 'x.log'));
    spool.write('lost\n');
    await expect(spool.close()).rejects.toThrow();
  });
});

describe('byte decoder', () => {
  it('keeps a character whose bytes come in two chunks, and passes ASCII through', () => {
    const bytes = Buffer.from('naïve → ok\n', 'utf8').toString('latin1');
    const d = new ByteDecoder();
    let text = '';
    for (const piece of [bytes.slice(0, 3), bytes.slice(3, 7), bytes.slice(7, 8), bytes.slice(8)]) text += d.write(piece);
    expect(text + d.end()).toBe('naïve → ok\n');
    expect(d.write('plain\n')).toBe('plain\n');
  });
});
