// Test helper: damages text the way tools do, with decoders other than the ones the repair
// reads its tables from where Node has them (WHATWG's, through TextDecoder).
import iconv from 'iconv-lite';

export type Damage = (text: string) => string;

/** The character each byte 0x00-0xFF becomes under a page, from a decoder given one byte. */
function table(decodeByte: (b: number) => string): string[] {
  return Array.from({ length: 256 }, (_, b) => (b < 0x80 ? String.fromCharCode(b) : decodeByte(b)));
}

const whatwg = (label: string) => {
  const decoder = new TextDecoder(label);
  return table((b) => decoder.decode(Uint8Array.of(b)));
};

// Node 20's TextDecoder reads "windows-1252" as Latin-1, so 0x80-0x9F come from the
// Windows-1254 decoder, which agrees with Windows-1252 there except at 0x8E and 0x9E.
const cp1254 = new TextDecoder('windows-1254');
const cp1252 = table((b) => (b === 0x8e ? 'Ž' : b === 0x9e ? 'ž' : b < 0xa0 ? cp1254.decode(Uint8Array.of(b)) : String.fromCharCode(b)));

/** Page name -> the character of every byte. */
export const BYTE_TABLES: Record<string, string[]> = {
  'Windows-1252': cp1252,
  'Windows-1254': whatwg('windows-1254'),
  'Windows-1250': whatwg('windows-1250'),
  'Windows-1251': whatwg('windows-1251'),
  'Windows-1253': whatwg('windows-1253'),
  'Windows-1257': whatwg('windows-1257'),
  'Mac Roman': whatwg('macintosh'),
  'Latin-1': table((b) => String.fromCharCode(b)),
  CP437: table((b) => iconv.decode(Buffer.of(b), 'cp437')),
};

export const PAGE_NAMES = Object.keys(BYTE_TABLES);

/** UTF-8 text read through `page`, as a tool that guessed the wrong encoding shows it. */
export function damageOnce(text: string, page: string): string {
  const chars = BYTE_TABLES[page] as string[];
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) out += chars[b];
  return out;
}

/** Damaged through each page in turn. */
export function damage(text: string, ...pages: string[]): string {
  return pages.reduce(damageOnce, text);
}

/** Whether some damage step lost a byte (the page has no character for it). */
export function isLossy(text: string, ...pages: string[]): boolean {
  return pages.some((_, i) => damage(text, ...pages.slice(0, i + 1)).includes('\uFFFD'));
}

/** Words and symbols a runbook is made of, in the scripts the repair must keep apart. */
export const VOCABULARY = {
  emoji: ['🎯', '📖', '🚀', '✅', '❌', '⚠️', '⚠', '🗄️', '🔍', '🔥', '💾', '🛑', '✔️', '☑️', '⏱️', '1️⃣', '#️⃣', '👨‍💻', '👩‍🔧', '🏳️‍🌈', '👍🏽', '👋🏻', '🇺🇸', '🇹🇷', '🇬🇷', '🇵🇱', '🇺🇦', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️', '⭐', '🟢', '🔴', '⚡', '📋', '🔒', '🧪'],
  arrows: ['→', '←', '↑', '↓', '⇒', '↳', '⟶', '➜', '▶', '▼', '►', '↔'],
  box: ['├──>', '└──', '│', '┌─┐', '═══', '╔═╗', '╚═╝', '──┤', '┼', '├─', '▓▒░', '█'],
  punctuation: ['—', '–', '…', '“quoted”', '‘single’', '«guillemets»', '•', '20°C', '±5%', '≥ 99.9%', '≤ 2s', '×3', '©', '™', '€10', '£5', '§4'],
  turkish: ['bağlantı', 'şifre', 'İstanbul', 'ığdır', 'Çalışma', 'güncelleme', 'doğrulama', 'geri alma', 'sunucu', 'öncelik', 'Üretim', 'kullanıcı', 'değişiklik', 'başarılı', 'hata', 'ŞİFRE', 'Öğretmen'],
  greek: ['Έλεγχος', 'υγείας', 'ανάπτυξη', 'επαναφορά', 'διακομιστής', 'ΑΠΟΤΥΧΙΑ', 'Ρύθμιση', 'Υπηρεσία', 'βάση δεδομένων', 'ελέγχου', 'Ώρα', 'ψηφίο'],
  cyrillic: ['проверка', 'откат', 'развёртывание', 'сервер', 'Ошибка', 'ЁЛКА', 'Хранилище', 'журнал', 'подтверждение', 'ёлка', 'Щит', 'База данных', 'ЗАПУСК', 'Київ', 'дії', 'Подъезд', 'эхо'],
  polish: ['zażółć', 'gęślą', 'jaźń', 'Łódź', 'ŻÓŁW', 'wdrożenie', 'sprawdź', 'przywróć', 'Źródło', 'błąd', 'Ćwiczenie', 'Ślad', 'ręczny'],
  ascii: ['deploy', 'kubectl rollout status', 'Step 3:', 'health check', 'OK', '(prod)', 'v2.1.0', '`az webapp restart`', 'p95 < 2000ms', 'rollback', 'DB', 'if it fails:'],
};

const ALL_TOKENS = Object.values(VOCABULARY).flat();

/** A small seeded generator, so the corpus is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['', '- [ ] ', '### ', '## ', '| ', '> ', '1. ', '**Note**: '];

const GLUED = [...VOCABULARY.emoji, ...VOCABULARY.arrows];

/** `count` lines of 3-9 tokens, mostly spaced; emoji and arrows sometimes glued ("✅Готово", "→next"). */
export function corpus(count: number, seed = 16): string[] {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = pick(PREFIXES);
    const n = 3 + Math.floor(random() * 7);
    for (let k = 0; k < n; k++) {
      const token = pick(ALL_TOKENS);
      const glue = k > 0 && random() < 0.3 && (GLUED.includes(token) || GLUED.some((g) => line.endsWith(g)));
      line += (k === 0 || glue ? '' : ' ') + token;
    }
    lines.push(line);
  }
  return lines;
}
