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
  instance ??= markdownIt('default', { html: true, linkify: false, typographer: false, maxNesting: MAX_NESTING });
  return instance;
}

const CHECKBOX = /^\[([ xX])\][ \t]+/;

export function inlineOf(token: Token | undefined): InlineText {
  if (!token) return { text: '', raw: '', links: [] };
  let text = '';
  const links: string[] = [];
  for (const child of token.children ?? []) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        text += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += '\n';
        break;
      case 'link_open': {
        const href = child.attrGet('href');
        if (href) links.push(String(href));
        break;
      }
      case 'image':
        text += child.content;
        break;
      default:
        break;
    }
  }
  return { text, raw: token.content, links };
}

function span(token: Token): Span {
  const map = token.map ?? [0, 1];
  return { line: map[0] + 1, endLine: Math.max(map[0] + 1, map[1]) };
}

interface Container {
  blocks: Block[];
  /** A list item collects its first paragraph as its own text. */
  item?: ListItem & { sawText: boolean };
  list?: ListBlock;
}

/** Parses markdown into blocks. Linear in the input; never recursive on input depth. */
export function parseMarkdown(source: string): MarkdownTree {
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
        top().blocks.push({ type: 'heading', level: Number(t.tag.slice(1)), ...span(t), ...inline });
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
          c.blocks.push({ type: 'paragraph', ...span(t), ...inline });
        }
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block': {
        const s = span(t);
        const last = lines[s.endLine - 1] ?? '';
        const fenceChar = t.markup.charAt(0) || '`';
        const closed =
          t.type === 'code_block' ||
          (s.endLine > s.line && new RegExp(`^\\s*\\${fenceChar}{${t.markup.length},}\\s*$`).test(last));
        top().blocks.push({
          type: 'fence',
          info: t.info.trim(),
          content: t.content,
          closed,
          indented: t.type === 'code_block',
          ...s,
        });
        break;
      }
      case 'html_block':
        top().blocks.push({ type: 'html', content: t.content, ...span(t) });
        break;
      case 'hr':
        top().blocks.push({ type: 'hr', ...span(t) });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const list: ListBlock = { type: 'list', ordered: t.type === 'ordered_list_open', items: [], ...span(t) };
        top().blocks.push(list);
        stack.push({ blocks: [], list });
        break;
      }
      case 'list_item_open': {
        const item = { ...span(t), text: '', raw: '', links: [], children: [], sawText: false };
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
        const quote: QuoteBlock = { type: 'blockquote', children: [], ...span(t) };
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
