// The single-byte code pages that UTF-8 text gets decoded with by mistake, as maps from a
// page's character back to its byte. The tables come from iconv-lite and are loaded only
// when a file holds a suspicious pair of characters (see ./prescan.ts): a clean file never
// reads them.

export type PageId =
  | 'windows-1252'
  | 'windows-1254'
  | 'windows-1250'
  | 'windows-1251'
  | 'windows-1253'
  | 'windows-1257'
  | 'mac-roman'
  | 'latin-1'
  | 'cp437';

export interface CodePage {
  id: PageId;
  name: string;
  /** Code point -> byte, for the upper half (0x80-0xFF) only: ASCII is never damaged. */
  toByte: ReadonlyMap<number, number>;
}

/** In order of preference when several pages explain the same text equally well. */
const PAGES: readonly { id: PageId; name: string; iconv: string; extra?: readonly [number, number][] }[] = [
  { id: 'windows-1252', name: 'Windows-1252', iconv: 'windows1252' },
  { id: 'windows-1254', name: 'Windows-1254', iconv: 'windows1254' },
  { id: 'windows-1250', name: 'Windows-1250', iconv: 'windows1250' },
  { id: 'windows-1251', name: 'Windows-1251', iconv: 'windows1251' },
  { id: 'windows-1253', name: 'Windows-1253', iconv: 'windows1253', extra: [[0xaa, 0xaa]] }, // as WHATWG reads it
  { id: 'windows-1257', name: 'Windows-1257', iconv: 'windows1257' },
  // iconv-lite leaves 0xF0 undefined; Apple, WHATWG and Python read it as the Apple logo
  // (private use), which is what every damaged emoji starts with. Apple reads 0xBD as the
  // Greek omega (iconv-lite and WHATWG: the ohm sign) and 0xDB as the euro (older Macs
  // and iconv-lite: the currency sign).
  { id: 'mac-roman', name: 'Mac Roman', iconv: 'macintosh', extra: [[0xf8ff, 0xf0], [0x3a9, 0xbd], [0x20ac, 0xdb]] },
  { id: 'latin-1', name: 'Latin-1', iconv: 'iso88591' },
  { id: 'cp437', name: 'CP437', iconv: 'cp437' },
];

type SbcsData = Record<string, { chars: string } | string | undefined>;

let loaded: CodePage[] | undefined;

/** The pages, built on first use. */
export function codePages(): readonly CodePage[] {
  loaded ??= build(loadIconvTables());
  return loaded;
}

/** Whether the tables were loaded (a clean file must not load them). */
export function codePagesLoaded(): boolean {
  return loaded !== undefined;
}

function loadIconvTables(): SbcsData {
  // A plain require (not a static import) so that the bundle evaluates iconv-lite's data
  // module here, on the first suspicious file, and not at every start; vitest and tsx
  // provide require in ES modules too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (above)
  return require('iconv-lite/encodings/sbcs-data-generated.js') as SbcsData;
}

function build(data: SbcsData): CodePage[] {
  return PAGES.map(({ id, name, iconv, extra = [] }) => {
    const entry = data[iconv];
    if (typeof entry !== 'object') throw new Error(`iconv-lite has no table for ${iconv}`);
    // iconv-lite gives the upper half (128 characters) of a single-byte page
    const chars = entry.chars.length === 256 ? entry.chars.slice(128) : entry.chars;
    const toByte = new Map<number, number>();
    for (let i = 0; i < 128; i++) {
      const byte = 0x80 + i;
      const ch = chars.charCodeAt(i);
      // A byte the page leaves undefined: Windows and the WHATWG decoders turn 0x80-0x9F
      // into the C1 control of the same number, so damaged text carries those; anything
      // else became U+FFFD and its byte is lost.
      if (ch === 0xfffd) {
        if (byte < 0xa0) toByte.set(byte, byte);
      } else if (!toByte.has(ch)) toByte.set(ch, byte);
    }
    for (const [cp, byte] of extra) toByte.set(cp, byte);
    return { id, name, toByte };
  });
}
