// markdown-it tokens -> a small block tree with 1-based source lines. The parser's
// detectors read this tree, never raw tokens.
import markdownIt from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';

/**
 * markdown-it's nesting limit. Pathological input (10,000 nested `>` or `[`) stops
 * nesting here instead of recursing; real runbooks stay far below it.
 */
export const MAX_NESTING = 40;

export interface InlineText {
  /** Plain text: emphasis markers dropped, code spans kept as their text. */
  text: string;
  /** The markdown source of the inline run. */
  raw: string;
  /** Link targets in order (`#rollback-steps`, `./x.md`). */
  links: string[];
}

interface Span {
  line: number;
  endLine: number;
}

export interface HeadingBlock extends Span, InlineText {
  type: 'heading';
  level: number;
}
export interface ParagraphBlock extends Span, InlineText {
  type: 'paragraph';
}
export interface FenceBlock extends Span {
  type: 'fence';
  info: string;
  content: string;
  /** false when the closing ``` is missing and the block ran to the end of its container. */
  closed: boolean;
  /** Indented (4-space) code block rather than a fence. */
  indented: boolean;
}
export interface ListItem extends Span, InlineText {
  checkbox?: { checked: boolean };
  /** Everything in the item after its first paragraph. */
  children: Block[];
}
export interface ListBlock extends Span {
  type: 'list';
  ordered: boolean;
  items: ListItem[];
}
export interface TableBlock extends Span {
  type: 'table';
  header: string[];
  rows: string[][];
  rowLines: number[];
}
export interface HtmlBlock extends Span {
  type: 'html';
  content: string;
}
export interface RuleBlock extends Span {
  type: 'hr';
}
export interface QuoteBlock extends Span {
  type: 'blockquote';
  children: Block[];
}

export type Block = HeadingBlock | ParagraphBlock | FenceBlock | ListBlock | TableBlock | HtmlBlock | RuleBlock | QuoteBlock;

export interface MarkdownTree {
  blocks: Block[];
  /** Set when the nesting limit cut the input short: the 1-based line where it happened. */
  nestingCutAt?: number;
}

let instance: MarkdownIt | undefined;
function md(): MarkdownIt {
  instance ??= markdownIt('default', { html: true, linkify: false, typographer: false, maxNesting: MAX_NESTING }).disable(['inline', 'text_join']);
  return instance;
}

const CHECKBOX = /^\[([ xX])\][ \t]+/;

const LINK = /(!?)\[([^\][\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"\n]*")?\s*\)/g;

/**
 * Plain text of an inline run. markdown-it's inline parser is switched off (it is most of
 * the parse time and has pathological inputs); runbook prose only needs emphasis, code
 * spans, links and escapes undone, which these linear replacements do.
 */
export function inlineOf(token: Token | undefined): InlineText {
  if (!token) return { text: '', raw: '', links: [] };
  const raw = token.content;
  const links: string[] = [];
  let text = raw;
  if (text.includes('](')) {
    text = text.replace(LINK, (_m, _bang: string, label: string, href: string) => {
      if (href) links.push(href);
      return label;
    });
  }
  if (/[*_`\\<&]/.test(text)) {
    text = text
      .replace(/`+/g, '')
      .replace(/\*\*|\*|(?<![\w\\])__|__(?!\w)/g, '')
      .replace(/<\/?[A-Za-z][\w-]*(?:\s[^<>\n]*)?>|<!--[^]*?-->/g, '')
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/&(amp|lt|gt|quot|nbsp);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' })[e] ?? '');
  }
  return { text, raw, links };
}

let lineOffset = 0;

function span(token: Token): Span {
  const map = token.map ?? [0, 1];
  return { line: map[0] + 1 + lineOffset, endLine: Math.max(map[0] + 1, map[1]) + lineOffset };
}

interface Container {
  blocks: Block[];
  /** A list item collects its first paragraph as its own text. */
  item?: ListItem & { sawText: boolean };
  list?: ListBlock;
}

/** Parses markdown into blocks. Linear in the input; never recursive on input depth. `firstLine` is the 1-based line `source` starts at. */
export function parseMarkdown(source: string, firstLine = 1): MarkdownTree {
  lineOffset = firstLine - 1;
  const tokens = md().parse(source, {});
  const lines = source.split('\n');
  const root: Container = { blocks: [] };
  const stack: Container[] = [root];
  let maxLevel = 0;
  let deepest: Token | undefined;
  const top = (): Container => stack[stack.length - 1] ?? root;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.level > maxLevel) {
      maxLevel = t.level;
      deepest = t;
    }
    switch (t.type) {
      case 'heading_open': {
        const inline = inlineOf(tokens[i + 1]);
        const s = span(t);
        top().blocks.push({ type: 'heading', level: Number(t.tag.slice(1)), line: s.line, endLine: s.endLine, text: inline.text, raw: inline.raw, links: inline.links });
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const inline = inlineOf(tokens[i + 1]);
        const c = top();
        if (c.item && !c.item.sawText) {
          c.item.sawText = true;
          const m = CHECKBOX.exec(inline.text);
          if (m) {
            c.item.checkbox = { checked: m[1] !== ' ' };
            inline.text = inline.text.slice(m[0].length);
            inline.raw = inline.raw.replace(CHECKBOX, '');
          }
          c.item.text = inline.text;
          c.item.raw = inline.raw;
          c.item.links = inline.links;
        } else {
          const s = span(t);
          c.blocks.push({ type: 'paragraph', line: s.line, endLine: s.endLine, text: inline.text, raw: inline.raw, links: inline.links });
        }
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block': {
        const s = span(t);
        const closed = t.type === 'code_block' || (s.endLine > s.line && isClosingFence(lines[s.endLine - 1 - lineOffset] ?? '', t.markup));
        top().blocks.push({
          type: 'fence',
          info: t.info.trim(),
          content: t.content,
          closed,
          indented: t.type === 'code_block',
          line: s.line,
          endLine: s.endLine,
        });
        break;
      }
      case 'html_block': {
        const s = span(t);
        top().blocks.push({ type: 'html', content: t.content, line: s.line, endLine: s.endLine });
        break;
      }
      case 'hr': {
        const s = span(t);
        top().blocks.push({ type: 'hr', line: s.line, endLine: s.endLine });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const s = span(t);
        const list: ListBlock = { type: 'list', ordered: t.type === 'ordered_list_open', items: [], line: s.line, endLine: s.endLine };
        top().blocks.push(list);
        stack.push({ blocks: [], list });
        break;
      }
      case 'list_item_open': {
        const s = span(t);
        const item = { line: s.line, endLine: s.endLine, text: '', raw: '', links: [] as string[], children: [] as Block[], sawText: false };
        top().list?.items.push(item);
        stack.push({ blocks: item.children, item });
        break;
      }
      case 'list_item_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'blockquote_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'blockquote_open': {
        const s = span(t);
        const quote: QuoteBlock = { type: 'blockquote', children: [], line: s.line, endLine: s.endLine };
        top().blocks.push(quote);
        stack.push({ blocks: quote.children });
        break;
      }
      case 'table_open': {
        const end = tokens.findIndex((x: Token, j: number) => j > i && x.type === 'table_close');
        const stop = end < 0 ? tokens.length : end;
        top().blocks.push(readTable(tokens, i, stop));
        i = stop;
        break;
      }
      default:
        break;
    }
  }
  const tree: MarkdownTree = { blocks: root.blocks };
  if (maxLevel >= MAX_NESTING - 1 && deepest) tree.nestingCutAt = span(deepest).line;
  return tree;
}

/** A closing fence: the fence character repeated at least as often as the opening one, alone on its line. */
function isClosingFence(line: string, markup: string): boolean {
  const trimmed = line.trim();
  const ch = markup.charAt(0) || '`';
  if (trimmed.length < markup.length) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed.charAt(i) !== ch) return false;
  return true;
}

export interface Chunk {
  text: string;
  firstLine: number;
}

/**
 * Splits a large document at top-level `#` headings outside code fences, so each piece
 * is parsed on its own and the whole stays linear in time and flat in memory. A heading
 * line always starts a new block in markdown, so the pieces parse as the whole would.
 */
export function chunksOf(source: string, target = 256 * 1024): Chunk[] {
  if (source.length <= target) return [{ text: source, firstLine: 1 }];
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let fence: string | undefined;
  let pos = 0;
  while (pos < source.length) {
    const nl = source.indexOf('\n', pos);
    const end = nl < 0 ? source.length : nl;
    const text = source.slice(pos, end);
    const m = /^\s*(`{3,}|~{3,})(.*)$/.exec(text);
    if (m?.[1]) {
      if (!fence) fence = m[1];
      else if (m[1].charAt(0) === fence.charAt(0) && m[1].length >= fence.length && !(m[2] ?? '').trim()) fence = undefined;
    } else if (!fence && pos - start >= target && /^#{1,6}(\s|$)/.test(text)) {
      chunks.push({ text: source.slice(start, pos), firstLine: startLine });
      start = pos;
      startLine = line;
    }
    pos = end + 1;
    line++;
  }
  chunks.push({ text: source.slice(start), firstLine: startLine });
  return chunks;
}

function readTable(tokens: Token[], start: number, stop: number): TableBlock {
  const open = tokens[start];
  const table: TableBlock = { type: 'table', header: [], rows: [], rowLines: [], ...(open ? span(open) : { line: 1, endLine: 1 }) };
  let row: string[] | undefined;
  let inHead = false;
  for (let j = start + 1; j < stop; j++) {
    const t = tokens[j];
    if (!t) continue;
    if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') {
      row = [];
      if (!inHead) table.rowLines.push(span(t).line);
    } else if (t.type === 'tr_close' && row) {
      if (inHead) table.header = row;
      else table.rows.push(row);
      row = undefined;
    } else if (t.type === 'inline' && row) row.push(inlineOf(t).text.trim());
  }
  return table;
}
