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
