// The parser builds markdown-it's line tables itself (faster on a cold start); they must
// stay what markdown-it's own StateBlock computes, or every block would land on the wrong
// line. This catches a markdown-it upgrade that changes them.
import markdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/metrics/simulated-source.js';
import { lineTables } from '../../src/runbook/markdown.js';

type Tables = Parameters<typeof lineTables>[0];

describe("markdown-it's line tables", () => {
  it('match StateBlock on 3,000 inputs of spaces, tabs, newlines and text', () => {
    const md = markdownIt();
    const next = mulberry32(20261123); // seeded: a failure can be replayed
    const alphabet = [' ', ' ', '\t', '\n', '\n', 'a', '-', '`', '>', '\u00a0'];
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 40);
      let src = '';
      for (let i = 0; i < length; i++) src += alphabet[Math.floor(next() * alphabet.length)];
      const theirs = new md.block.State(src, md, {}, []);
      const ours: Tables = { bMarks: [], eMarks: [], tShift: [], sCount: [], bsCount: [], lineMax: 0 };
      lineTables(ours, src);
      const pick = (s: Tables) => ({ bMarks: s.bMarks, eMarks: s.eMarks, tShift: s.tShift, sCount: s.sCount, bsCount: s.bsCount, lineMax: s.lineMax });
      expect(pick(ours), JSON.stringify(src)).toEqual(pick(theirs));
    }
  });
});
