// markdown-it tokens -> a small block tree with 1-based source lines. The parser's
// detectors read this tree, never raw tokens.
import markdownIt from 'markdown-it';
import type { MarkdownIt, StateBlock, Token } from 'markdown-it';
import { LineIndex } from './lines.js';
import type { InlineText, Span, ListItem, ListBlock, TableBlock, QuoteBlock, Block, MarkdownTree } from './markdown-blocks.js';

/**
 * markdown-it's nesting limit. Pathological input (10,000 nested `>` or `[`) stops
 * nesting here instead of recursing; real runbooks stay far below it.
 */
export const MAX_NESTING = 40;

/** Tokens handed on at a time: enough to amortise the call, few enough to stay small. */
const FLUSH_TOKENS = 4096;

/** The receiver of each parse's finished tokens, keyed by the parse's env object. */
const receivers = new WeakMap<object, (tokens: Token[]) => void>();

/**
 * Hands finished top-level blocks on while markdown-it is still parsing, so a large
 * document never holds all its tokens at once. The rule runs first at every block start
 * and never matches; at level 0 every token so far belongs to a closed block, so the
 * cut is exactly where markdown-it itself ends a top-level block (no guessing at fences).
 */
function flushRule(state: StateBlock, _start: number, _end: number, silent: boolean): boolean {
  if (!silent && state.level === 0 && state.tokens.length >= FLUSH_TOKENS) {
    receivers.get(state.env)?.(state.tokens.splice(0));
  }
  return false;
}

/**
 * markdown-it's Token as its published build constructs it (class fields lowered to
 * defineProperty calls) was a sixth of a 10 MB parse. This makes the same object: the
 * same fields in the same order, Token.prototype behind it, by plain assignment.
 */
class BlockToken {
  declare map: [number, number] | null;
  declare level: number;
  declare children: Token[] | null;
  declare content: string;
  declare markup: string;
  declare info: string;
  declare block: boolean;
  declare hidden: boolean;
  declare type: string;
  declare tag: string;
  declare attrs: [string, string][] | null;
  declare nesting: -1 | 0 | 1;
  declare meta: unknown;

  constructor(type: string, tag: string, nesting: -1 | 0 | 1) {
    this.map = null;
    this.level = 0;
    this.children = null;
    this.content = '';
    this.markup = '';
    this.info = '';
    this.block = false;
    this.hidden = false;
    this.type = type;
    this.tag = tag;
    this.attrs = null;
    this.nesting = nesting;
    this.meta = null;
  }
}
Object.setPrototypeOf(BlockToken.prototype, markdownIt.Token.prototype);

/**
 * markdown-it's block state: its line tables built a line at a time and BlockTokens pushed
 * (the StateBlock constructor and push of markdown-it 15, otherwise unchanged).
 */
function fastBlockState(Base: MarkdownIt['block']['State']): MarkdownIt['block']['State'] {
  return class extends Base {
    constructor(src: string, md: MarkdownIt, env: ConstructorParameters<typeof Base>[2], tokens: Token[]) {
      // markdown-it's own constructor walks the source a character at a time, which costs
      // about 1 ms on a 50 KB runbook before the JIT warms up; given '' it only sets fields.
      super('', md, env, tokens);
      this.src = src;
      lineTables(this, src);
    }

    override push(type: string, tag: string, nesting: -1 | 0 | 1): Token {
      // A BlockToken is a Token at run time: Token.prototype is its prototype's prototype.
      const token = new BlockToken(type, tag, nesting) as unknown as Token;
      token.block = true;
      if (nesting < 0) this.level--;
      token.level = this.level;
      if (nesting > 0) this.level++;
      this.tokens.push(token);
      return token;
    }
  };
}

/**
 * bMarks/eMarks (line start and end offsets), tShift/sCount (leading spaces and tabs, as
 * characters and as columns) of each line, plus one entry past the end, as markdown-it's
 * StateBlock computes them: a trailing line of only spaces and tabs without a newline is
 * not a line.
 */
export function lineTables(state: Pick<StateBlock, 'bMarks' | 'eMarks' | 'tShift' | 'sCount' | 'bsCount' | 'lineMax'>, src: string): void {
  const bMarks: number[] = [];
  const eMarks: number[] = [];
  const tShift: number[] = [];
  const sCount: number[] = [];
  const bsCount: number[] = [];
  const len = src.length;
  for (let start = 0; start < len; ) {
    let pos = start;
    let indent = 0;
    let offset = 0;
    for (; pos < len; pos++) {
      const ch = src.charCodeAt(pos);
      if (ch === 0x20) offset++;
      else if (ch === 0x09) offset += 4 - (offset % 4);
      else break;
      indent++;
    }
    if (pos >= len) break;
    const newline = src.indexOf('\n', pos);
    const end = newline < 0 ? len : newline;
    bMarks.push(start);
    eMarks.push(end);
    tShift.push(indent);
    sCount.push(offset);
    bsCount.push(0);
    start = end + 1;
  }
  bMarks.push(len);
  eMarks.push(len);
  tShift.push(0);
  sCount.push(0);
  bsCount.push(0);
  state.bMarks = bMarks;
  state.eMarks = eMarks;
  state.tShift = tShift;
  state.sCount = sCount;
  state.bsCount = bsCount;
  state.lineMax = bMarks.length - 1;
}

let instance: MarkdownIt | undefined;
function md(): MarkdownIt {
  if (!instance) {
    instance = markdownIt('default', { html: true, linkify: false, typographer: false, maxNesting: MAX_NESTING }).disable(['inline', 'text_join']);
    instance.block.ruler.before('table', 'flightdeck_flush', flushRule);
    instance.block.State = fastBlockState(instance.block.State);
  }
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

/** Parses markdown into one block tree (small inputs, tests). */
export function parseMarkdown(source: string): MarkdownTree {
  const blocks: Block[] = [];
  const rest = streamMarkdown(source, new LineIndex(source), (batch) => {
    for (const b of batch) blocks.push(b);
  });
  return { blocks, ...rest };
}

/**
 * Parses markdown and hands top-level blocks to `onBlocks` in document order, a batch
 * at a time. Linear in the input; never recursive on input depth. `lines` indexes the
 * source's lines (to tell a closed fence from one that ran to the end).
 */
export function streamMarkdown(source: string, lines: LineIndex, onBlocks: (blocks: Block[]) => void): Omit<MarkdownTree, 'blocks'> {
  const reader = new TokenReader(lines);
  const env = {};
  receivers.set(env, (tokens) => onBlocks(reader.read(tokens)));
  const rest = md().parse(source, env);
  onBlocks(reader.read(rest));
  return reader.maxLevel >= MAX_NESTING - 1 && reader.deepest ? { nestingCutAt: span(reader.deepest).line } : {};
}

/** Turns batches of block tokens, each ending at a top-level block boundary, into blocks. */
class TokenReader {
  maxLevel = 0;
  /** The first token at the deepest level seen. */
  deepest: Token | undefined;

  constructor(private readonly lines: LineIndex) {}

  read(tokens: Token[]): Block[] {
    const root: Container = { blocks: [] };
    const stack: Container[] = [root];
    const lines = this.lines;
    const top = (): Container => stack[stack.length - 1] ?? root;

    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (!t) continue;
      if (t.level > this.maxLevel) {
        this.maxLevel = t.level;
        this.deepest = t;
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
          const closed = t.type === 'code_block' || (s.endLine > s.line && isClosingFence(lines.line(s.endLine), t.markup));
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
          let stop = i + 1;
          while (stop < tokens.length && tokens[stop]?.type !== 'table_close') stop++;
          top().blocks.push(readTable(tokens, i, stop));
          i = stop;
          break;
        }
        default:
          break;
      }
    }
    return root.blocks;
  }
}

/** A closing fence: the fence character repeated at least as often as the opening one, alone on its line. */
function isClosingFence(line: string, markup: string): boolean {
  const trimmed = line.trim();
  const ch = markup.charAt(0) || '`';
  if (trimmed.length < markup.length) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed.charAt(i) !== ch) return false;
  return true;
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
