// The code page tables: loaded only for a suspicious file, matching independent decoders,
// and covered by the cheap pre-scan's character classes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codePages, codePagesLoaded } from '../../src/runbook/encoding/code-pages.js';
import { CONT_CLASS, LEAD_CLASS } from '../../src/runbook/encoding/prescan.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { BYTE_TABLES } from './mojibake-damage.js';
import { SHARED_RUNBOOKS, skipShared } from '../helpers/shared.js';
import { CLEAN_PROSE } from './mojibake-prose.js';

describe('code page tables', () => {
  // first in this file: its modules are fresh, so nothing has loaded the tables yet
  it('are not loaded to parse clean prose with emoji, arrows and box drawing', () => {
    expect(parseRunbook(CLEAN_PROSE.runbook as string, 'art.md').source).toBe(CLEAN_PROSE.runbook);
    expect(codePagesLoaded()).toBe(false);
  });

  it.skipIf(skipShared())('nor to parse the shared runbooks, which have no mojibake', () => {
    for (const name of readdirSync(SHARED_RUNBOOKS).filter((f) => f.endsWith('.md'))) {
      const rb = parseRunbook(readFileSync(join(SHARED_RUNBOOKS, name)), name);
      expect(rb.diagnostics.filter((d) => /mojibake/.test(d.message))).toEqual([]);
    }
    expect(codePagesLoaded()).toBe(false);
  });

  it('read every byte as the WHATWG decoders (iconv-lite for CP437) do', () => {
    const pages = new Map(codePages().map((p) => [p.name, p]));
    expect([...pages.keys()].sort()).toEqual(Object.keys(BYTE_TABLES).sort());
    for (const [name, chars] of Object.entries(BYTE_TABLES)) {
      for (let b = 0x80; b <= 0xff; b++) {
        const ch = chars[b] as string;
        if (ch === '\uFFFD') continue; // the page has no character for this byte
        expect(pages.get(name)?.toByte.get(ch.codePointAt(0) as number), `${name} 0x${b.toString(16)} ${ch}`).toBe(b);
      }
    }
  });

  it('are covered by the pre-scan classes (a pair it missed could never be repaired)', () => {
    for (const page of codePages()) {
      for (const [cp, byte] of page.toByte) {
        const ch = String.fromCodePoint(cp);
        if (byte <= 0xbf) expect(CONT_CLASS.test(ch), `${page.name} ${ch}`).toBe(true);
        if (byte >= 0xc2 && byte <= 0xf4) expect(LEAD_CLASS.test(ch), `${page.name} ${ch}`).toBe(true);
      }
    }
  });
});
