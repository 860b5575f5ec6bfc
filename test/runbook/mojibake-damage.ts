// Test helper: damages text the way tools do, with decoders other than the ones the repair
// reads its tables from where Node has them (WHATWG's, through TextDecoder).
import iconv from 'iconv-lite';

export type Damage = (text: string) => string;

// Node 20's TextDecoder reads "windows-1252" as Latin-1, so 0x80-0x9F come from the
// Windows-1254 decoder, which agrees with Windows-1252 there except at 0x8E and 0x9E.
const cp1254 = new TextDecoder('windows-1254');
const asCp1252: Damage = (s) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (b === 0x8e ? 'Ž' : b === 0x9e ? 'ž' : b >= 0x80 && b < 0xa0 ? cp1254.decode(Uint8Array.of(b)) : String.fromCharCode(b)))
    .join('');

const whatwg = (label: string): Damage => {
  const decoder = new TextDecoder(label);
  return (s) => decoder.decode(Buffer.from(s, 'utf8'));
};

export const PAGES: Record<string, Damage> = {
  'Windows-1252': asCp1252,
  'Windows-1254': whatwg('windows-1254'),
  'Windows-1250': whatwg('windows-1250'),
  'Windows-1251': whatwg('windows-1251'),
  'Windows-1253': whatwg('windows-1253'),
  'Windows-1257': whatwg('windows-1257'),
  'Mac Roman': whatwg('macintosh'),
  'Latin-1': (s) => Buffer.from(s, 'utf8').toString('latin1'),
  CP437: (s) => iconv.decode(Buffer.from(s, 'utf8'), 'cp437'),
};

export const PAGE_NAMES = Object.keys(PAGES);

export function damage(text: string, ...pages: string[]): string {
  return pages.reduce((t, p) => (PAGES[p] as Damage)(t), text);
}
