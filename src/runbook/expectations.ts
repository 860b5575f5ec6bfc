// Expected outcomes: `# Expected: ...` comments in code, `Expected:` / `**Expected Result**:`
// prose, annotation `expect=` values. Each becomes a check flightdeck can evaluate, or a
// `manual` check the operator confirms (recorded as unverified, never silently passed).
import type { Check, Expectation, ExpectationSource } from './model.js';
import { findThresholds } from './thresholds.js';

const EXPECTED_COMMENT = /^\s*#+\s*(?:\*\*)?expected(?:[ \t]+[\w-]+)?(?:\*\*)?\s*:\s*(.*)$/i;
const SHOULD_COMMENT = /#\s*(should\s+(?:show|return|print|list|be|display)\b.*)$/i;
const COMMENT_LINE = /^\s*#\s?(.*)$/;
const GENERIC_WORDS = new Set([
  'returns', 'return', 'lists', 'list', 'shows', 'show', 'should', 'all', 'no', 'any', 'latest', 'new', 'matching',
  'previous', 'current', 'your', 'a', 'an', 'the', 'private', 'expected', 'notafter', 'release', 'traffic',
]);

/** Turns the text of one expectation into checks (several for "A, B" lists or JSON objects). */
export function checksFromText(raw: string): Check[] {
  const text = raw.trim();
  if (!text) return [{ kind: 'manual' }];
  const thresholds = findThresholds(text);
  if (thresholds.length > 0) return thresholds.map((threshold) => ({ kind: 'threshold', threshold }));
  const json = jsonChecks(text);
  if (json.length > 0) return json;
  const pair = /^"([\w.-]+)"\s*:\s*("[^"]*"|true|false|null|-?\d+(?:\.\d+)?)$/.exec(text);
  if (pair?.[1] && pair[2]) {
    return [{ kind: 'regex', pattern: `"${escapeRegex(pair[1])}"\\s*:\\s*${escapeRegex(pair[2])}`, flags: '' }];
  }
  if (/^HTTP\s+\d{3}\b/i.test(text) || text.includes('\n')) return [{ kind: 'manual' }];
  const quoted = /^(["'])([^"'\n]+)\1$/.exec(text);
  if (quoted?.[2]) return [{ kind: 'text', text: quoted[2] }];
  const parts = text.split(/\s*,\s*/);
  if (parts.length > 1 && parts.every(isToken)) return parts.map((p) => ({ kind: 'text', text: p }));
  if (isToken(text) || isProperName(text)) return [{ kind: 'text', text }];
  return [{ kind: 'manual' }];
}

function isToken(text: string): boolean {
  return /^[\w.\-:/@]+$/.test(text) && !GENERIC_WORDS.has(text.toLowerCase());
}

/** "Key Vault Secrets User": a short run of capitalised words, i.e. an exact value, not a sentence. */
function isProperName(text: string): boolean {
  const ws = text.split(/\s+/);
  if (ws.length > 5) return false;
  const first = ws[0] ?? '';
  if (GENERIC_WORDS.has(first.toLowerCase())) return false;
  return ws.every((w) => /^[A-Z0-9][\w.-]*$/.test(w));
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `{"status":"ready","checks":{...}}` -> one json-field check per concrete leaf value. */
function jsonChecks(text: string): Check[] {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return [];
  const tolerant = text
    .slice(start, end + 1)
    .replace(/\{\s*\.\.\.\s*\}/g, '{}')
    .replace(/\[\s*\.\.\.\s*\]/g, '[]')
    .replace(/,\s*\.\.\.\s*(?=[}\]])/g, '')
    .replace(/<[^<>\n]*>/g, '"..."');
  let value: unknown;
  try {
    value = JSON.parse(tolerant);
  } catch {
    return [];
  }
  const out: Check[] = [];
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') {
      out.push({ kind: 'json-field', path, equals: v });
    } else if (typeof v === 'string') {
      if (!v.includes('...') && v.length > 0) out.push({ kind: 'json-field', path, equals: v });
    } else if (typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    }
  };
  walk(value, '');
  return out;
}

function expectations(text: string, line: number, source: ExpectationSource): Expectation[] {
  return checksFromText(text).map((check) => ({ line, text: text.trim(), source, check }));
}

/**
 * `# Expected: hello from sub`: a plain one-line text the tool cannot read as a token, a
 * threshold or JSON passes when the output contains it; only otherwise is the operator asked.
 */
function commentExpectations(text: string, line: number): Expectation[] {
  const found = expectations(text, line, 'comment');
  const plain = text.trim();
  const single = found.length === 1 && found[0]?.check.kind === 'manual';
  if (!single || plain.includes('\n') || /^HTTP\s+\d{3}\b/i.test(plain)) return found;
  return [{ line, text: plain, source: 'comment', check: { kind: 'text', text: plain, orAsk: true } }];
}

/** `# Expected: X` comments (and a following comment block when X is empty). */
export function expectationsFromCode(code: string, firstLine: number): Expectation[] {
  if (!/expected|should/i.test(code)) return [];
  const lines = code.split('\n');
  const out: Expectation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i] ?? '';
    // Both patterns are comments: most lines of a block have no '#'.
    if (!ln.includes('#')) continue;
    const m = EXPECTED_COMMENT.exec(ln);
    if (m) {
      const at = firstLine + 1 + i;
      let text = (m[1] ?? '').trim();
      if (!text) {
        const block: string[] = [];
        for (let j = i + 1; j < lines.length; j++) {
          const c = COMMENT_LINE.exec(lines[j] ?? '');
          if (!c || (c[1] ?? '').trim() === '') break;
          block.push(c[1] ?? '');
          i = j;
        }
        text = block.join('\n').trim();
      }
      if (text) out.push(...commentExpectations(text.length > 2000 ? text.slice(0, 2000) : text, at));
      continue;
    }
    const s = SHOULD_COMMENT.exec(ln);
    if (s?.[1]) out.push({ line: firstLine + 1 + i, text: s[1].trim(), source: 'comment', check: { kind: 'manual' } });
  }
  return out;
}

const PROSE = /^\s*(?:✅\s*)?expected(?:\s+(?:result|output|response|outcome))?\s*:\s*(.+)$/is;

// `Expected: \`out 3\`` in the markdown source: the code span is the exact text to find.
const PROSE_CODE_SPAN = /expected[^:`]*:\**\s*`([^`\n]+)`\s*\.?\s*$/i;

/**
 * `Expected: ...` / `**Expected Result**: ...` prose (`text` stripped of emphasis; `raw`
 * the paragraph's markdown, when known). A value that is one code span is checked as text.
 */
export function expectationsFromProse(text: string, line: number, raw?: string): Expectation[] {
  if (!/expected|should/i.test(text)) return [];
  const m = PROSE.exec(text);
  if (m?.[1]) {
    const found = expectations(m[1].replace(/\s+/g, ' '), line, 'prose');
    const span = raw === undefined ? undefined : PROSE_CODE_SPAN.exec(raw)?.[1]?.trim();
    if (span && found.every((e) => e.check.kind === 'manual')) return [{ line, text: span, source: 'prose', check: { kind: 'text', text: span } }];
    return found;
  }
  const should = /\bshould (?:return|respond with)\s+(?:(?:HTTP|status)\s+)?(\d{3})\b/i.exec(text);
  if (should) return [{ line, text: text.trim(), source: 'prose', check: { kind: 'manual' } }];
  return [];
}

/** An annotation `expect=` value: /re/flags, exit:N, json:path=value, a threshold, or text. */
export function expectationFromSpec(spec: string, line: number): Expectation {
  const text = spec.trim();
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (re?.[1] !== undefined) return { line, text, source: 'annotation', check: { kind: 'regex', pattern: re[1], flags: re[2] ?? '' } };
  const exit = /^exit[:=]\s*(\d+)$/i.exec(text);
  if (exit?.[1]) return { line, text, source: 'annotation', check: { kind: 'exit-code', code: Number(exit[1]) } };
  const json = /^json:\s*\.?([\w.[\]-]+)\s*={1,2}\s*(.*)$/i.exec(text);
  if (json?.[1]) return { line, text, source: 'annotation', check: { kind: 'json-field', path: json[1], equals: jsonScalar(json[2] ?? '') } };
  const [threshold] = findThresholds(text);
  if (threshold) return { line, text, source: 'annotation', check: { kind: 'threshold', threshold } };
  if (/^manual$/i.test(text)) return { line, text, source: 'annotation', check: { kind: 'manual' } };
  return { line, text, source: 'annotation', check: { kind: 'text', text } };
}

function jsonScalar(v: string): string | number | boolean | null {
  const t = v.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t.replace(/^(["'])(.*)\1$/, '$2');
}

/** Regex for a valid annotation pattern; undefined when it does not compile. */
export function regexError(pattern: string, flags: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
