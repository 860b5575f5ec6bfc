// `o` in the TUI: the pager is started by the shell runner's modules with the spool files as
// its arguments; $PAGER chooses it, a pager that fails says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPager } from '../../src/steps/shell-runner-pager.js';
import { tempDir } from '../kit/temp.js';

describe('runPager', () => {
  it('runs $PAGER over every file, in order', () => {
    const dir = tempDir('fd-pager-');
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, 'first run\n');
    writeFileSync(b, 'second run\n');
    const out = join(dir, 'paged');
    expect(runPager([a, b], { ...process.env, PAGER: `cat >${out}` })).toEqual({ ok: true });
    expect(readFileSync(out, 'utf8')).toBe('first run\nsecond run\n');
  });

  it('says when the pager fails, and how to choose another', () => {
    const r = runPager(['/nonexistent/x.log'], { ...process.env, PAGER: 'false' });
    expect(r).toEqual({ ok: false, error: 'the pager exited with 1 (set $PAGER to choose another)' });
  });
});
