// Bytes -> text. Binary files are refused; invalid UTF-8 is decoded with replacement
// characters and reported as an error diagnostic at the line where it first occurs.
import { isUtf8 } from 'node:buffer';
import { UserError } from '../errors.js';
import type { Diagnostic } from './model.js';

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeRunbook(bytes: Uint8Array, file: string): { text: string; diagnostics: Diagnostic[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError(`${file} is UTF-16 text`, 'save it as UTF-8 and run again');
  }
  const probe = bytes.subarray(0, 65536);
  if (probe.includes(0)) {
    throw new UserError(`${file} looks like a binary file, not a markdown runbook`, 'pass the .md file of the runbook');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  // isUtf8 is native; the byte walk (slow before the JIT warms up) only finds where it fails.
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
  const text = new TextDecoder('utf-8').decode(body);
  if (bad < 0) return { text, diagnostics: [] };
  let line = 1;
  for (let i = 0; i < bad; i++) if (body[i] === 0x0a) line++;
  return {
    text,
    diagnostics: [
      {
        line,
        severity: 'error',
        message: `invalid UTF-8 at byte ${bad + start} (the file is not UTF-8; save it as UTF-8)`,
      },
    ],
  };
}
