// markdown-it tokens -> screen lines of styled segments, already wrapped to a width.
// Producing lines (not a React tree) is what lets the detail pane show exactly as many
// rows as fit and scroll by row.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { padTo, wrapSegments, type Line, type Segment, type SegStyle, segWidth, truncateSegments } from './segments.js';

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** How a caller changes what is shown, for text it shows elsewhere or shows differently. */
export interface LineOptions {
  /** A code block shown differently (a command with its values filled in): its lines and the label for its top rule. */
  code?: (content: string) => { label: string; lines: Line[] } | undefined;
  /** A task item (`- [ ] text`, text as written) already shown elsewhere: its own line is left out, what it holds stays. */
  hideTask?: (text: string) => boolean;
  /** A heading, a paragraph outside lists or a list item's first paragraph already shown elsewhere (the step's title). */
  hideTitle?: (text: string) => boolean;
}

const TASK = /^\[[ xX]\]\s+/;

interface Block {
  /** Text put before the first line of the next paragraph (a list marker). */
  marker?: string;
}

export function markdownToLines(source: string, width: number, opts: LineOptions = {}): Line[] {
  const w = Math.max(8, width);
  const tokens = md.parse(source, {});
  const out: Line[] = [];
  const prefixes: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  const item: Block = {};
  let heading: SegStyle | undefined;
  let quote = 0;

  const blank = (): void => {
    const last = out[out.length - 1];
    if (out.length > 0 && last !== undefined && last.length > 0) out.push([]);
  };
  const indent = (): string => prefixes.join('');

  const emit = (segs: Segment[], style?: SegStyle): void => {
    const base = indent();
    const first = item.marker !== undefined ? base.slice(0, Math.max(0, base.length - item.marker.length)) + item.marker : base;
    item.marker = undefined;
    const styled = style ? segs.map((s) => ({ text: s.text, style: { ...s.style, ...style } })) : segs;
    const quoteStyle: SegStyle = quote > 0 ? { dim: true } : {};
    const lines = wrapSegments(styled, w - base.length);
    lines.forEach((l, i) => {
      const p = i === 0 ? first : base;
      out.push(p ? [{ text: p, style: quoteStyle }, ...l] : l);
    });
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    switch (t.type) {
      case 'heading_open': {
        const text = tokens[i + 1];
        if (opts.hideTitle && text?.type === 'inline' && opts.hideTitle(text.content)) {
          i += 2;
          break;
        }
        blank();
        const level = Number(t.tag.slice(1));
        heading = level <= 2 ? { bold: true, color: 'cyan', underline: level === 1 } : { bold: true };
        break;
      }
      case 'heading_close':
        heading = undefined;
        break;
      case 'paragraph_open': {
        const text = tokens[i + 1];
        if (opts.hideTitle && lists.length === 0 && quote === 0 && text?.type === 'inline' && opts.hideTitle(text.content)) {
          i += 2;
          break;
        }
        if (!t.hidden) blank();
        break;
      }
      case 'inline':
        emit(inlineSegments(t.children ?? []), heading);
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (lists.length === 0) blank();
        lists.push({ ordered: t.type === 'ordered_list_open', n: Number(t.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const para = tokens[i + 1];
        const text = tokens[i + 2];
        const shown = (raw: string): boolean => (TASK.test(raw) ? (opts.hideTask?.(raw.replace(TASK, '')) ?? false) : (opts.hideTitle?.(raw) ?? false));
        if (para?.type === 'paragraph_open' && text?.type === 'inline' && tokens[i + 3]?.type === 'paragraph_close' && shown(text.content)) {
          // what the item holds (code, notes, nested items) stays, at the list's own indent
          prefixes.push('');
          i += 3;
          break;
        }
        const list = lists[lists.length - 1];
        const marker = list?.ordered ? `${list.n++}. ` : '• ';
        prefixes.push(' '.repeat(marker.length));
        item.marker = marker;
        break;
      }
      case 'list_item_close':
        prefixes.pop();
        item.marker = undefined;
        break;
      case 'blockquote_open':
        blank();
        quote++;
        prefixes.push('│ ');
        break;
      case 'blockquote_close':
        quote--;
        prefixes.pop();
        break;
      case 'fence':
      case 'code_block': {
        const lang = t.type === 'fence' ? (t.info.trim().split(/\s+/)[0] ?? '') : '';
        const custom = opts.code?.(t.content);
        if (custom) codeBlock(custom.label, custom.lines);
        else codeBlock(lang, t.content.replace(/\n$/, '').split('\n').map((text) => [{ text, style: { color: 'yellow' } }]));
        break;
      }
        break;
      case 'hr':
        blank();
        out.push([{ text: '─'.repeat(Math.max(1, w - indent().length)), style: { dim: true } }]);
        break;
      case 'html_block': {
        const text = t.content.replace(/<!--[\s\S]*?-->/g, '').trim();
        if (text) emit([{ text, style: { dim: true } }]);
        break;
      }
      case 'table_open': {
        const end = tokens.findIndex((x, j) => j > i && x.type === 'table_close');
        const stop = end === -1 ? tokens.length : end;
        blank();
        for (const l of tableLines(tokens.slice(i, stop), w - indent().length)) out.push([{ text: indent() }, ...l]);
        i = stop;
        break;
      }
      default:
        break;
    }
  }

  function codeBlock(label: string, body: Line[]): void {
    if (item.marker === undefined) blank();
    const base = indent();
    const first = item.marker !== undefined ? base.slice(0, base.length - item.marker.length) + item.marker : base;
    item.marker = undefined;
    const room = Math.max(4, w - base.length - 2);
    let firstLine = true;
    if (label) {
      out.push([{ text: first }, { text: `┌ ${label}`, style: { dim: true } }]);
      firstLine = false;
    }
    for (const raw of body) {
      // Code is hard-wrapped, never reflowed: every character of a command stays visible.
      for (const piece of hardWrapLine(raw, room)) {
        out.push([{ text: firstLine ? first : base }, { text: '│ ', style: { dim: true } }, ...piece]);
        firstLine = false;
      }
    }
  }

  while (out.length > 0 && out[out.length - 1]?.length === 0) out.pop();
  return out;
}

/** One line of code split at `room` columns, each segment keeping its style. */
function hardWrapLine(line: Line, room: number): Line[] {
  const rows: Line[] = [[]];
  let used = 0;
  for (const seg of line) {
    for (const piece of hardWrapFrom(seg.text.replace(/\t/g, '  '), room, used)) {
      if (piece.newRow) {
        rows.push([]);
        used = 0;
      }
      if (piece.text) rows[rows.length - 1]?.push({ text: piece.text, ...(seg.style ? { style: seg.style } : {}) });
      used += segWidth(piece.text);
    }
  }
  return rows;
}

/** Pieces of `text` for rows of `room` columns when `used` columns of the current row are taken. */
function hardWrapFrom(text: string, room: number, used: number): { text: string; newRow: boolean }[] {
  const pieces: { text: string; newRow: boolean }[] = [];
  let cur = '';
  let curW = used;
  let newRow = false;
  for (const ch of text) {
    const cw = segWidth(ch);
    if (curW + cw > room && curW > 0) {
      pieces.push({ text: cur, newRow });
      newRow = true;
      cur = '';
      curW = 0;
    }
    cur += ch;
    curW += cw;
  }
  pieces.push({ text: cur, newRow });
  return pieces;
}

function inlineSegments(children: Token[]): Segment[] {
  const segs: Segment[] = [];
  const style: SegStyle = {};
  let href: string | undefined;
  for (const c of children) {
    switch (c.type) {
      case 'text':
        segs.push({ text: c.content, style: { ...style } });
        break;
      case 'code_inline':
        segs.push({ text: c.content, style: { ...style, color: 'yellow' } });
        break;
      case 'strong_open':
        style.bold = true;
        break;
      case 'strong_close':
        style.bold = undefined;
        break;
      case 'em_open':
        style.italic = true;
        break;
      case 'em_close':
        style.italic = undefined;
        break;
      case 's_open':
        style.strike = true;
        break;
      case 's_close':
        style.strike = undefined;
        break;
      case 'link_open':
        href = c.attrGet('href')?.toString();
        style.underline = true;
        break;
      case 'link_close':
        style.underline = undefined;
        if (href && !href.startsWith('#')) segs.push({ text: ` (${href})`, style: { dim: true } });
        href = undefined;
        break;
      case 'softbreak':
        segs.push({ text: ' ', style: { ...style } });
        break;
      case 'hardbreak':
        segs.push({ text: '\n', style: {} });
        break;
      case 'image':
        segs.push({ text: `[image: ${c.content || c.attrGet('src') || ''}]`, style: { dim: true } });
        break;
      case 'html_inline':
        if (!c.content.startsWith('<!--') && !/^<\/?[a-z][^>]*>$/i.test(c.content)) segs.push({ text: c.content, style: { ...style } });
        break;
      default:
        break;
    }
  }
  // Task-list markers, which markdown-it leaves as text.
  const first = segs[0];
  if (first) {
    const m = /^\[([ xX])\]\s+/.exec(first.text);
    if (m) first.text = (m[1] === ' ' ? '☐ ' : '☑ ') + first.text.slice(m[0].length);
  }
  return segs;
}

function tableLines(tokens: Token[], width: number): Line[] {
  const rows: { head: boolean; cells: Segment[][] }[] = [];
  let head = false;
  for (const t of tokens) {
    if (t.type === 'thead_open') head = true;
    if (t.type === 'thead_close') head = false;
    if (t.type === 'tr_open') rows.push({ head, cells: [] });
    if (t.type === 'inline') rows[rows.length - 1]?.cells.push(inlineSegments(t.children ?? []));
  }
  const ncol = Math.max(0, ...rows.map((r) => r.cells.length));
  if (ncol === 0) return [];
  const widths = Array.from({ length: ncol }, (_, c) =>
    Math.max(1, ...rows.map((r) => (r.cells[c] ?? []).reduce((n, s) => n + segWidth(s.text), 0))),
  );
  // Shrink the widest column until the table (with " │ " gutters) fits.
  const gutter = 3 * (ncol - 1);
  while (widths.reduce((a, b) => a + b, 0) + gutter > width) {
    let wi = 0;
    widths.forEach((v, k) => {
      if (v > (widths[wi] ?? 0)) wi = k;
    });
    const cur = widths[wi] ?? 1;
    if (cur <= 3) break;
    widths[wi] = cur - 1;
  }
  const lines: Line[] = [];
  rows.forEach((r, ri) => {
    const line: Line = [];
    for (let c = 0; c < ncol; c++) {
      if (c > 0) line.push({ text: ' │ ', style: { dim: true } });
      const cell = r.cells[c] ?? [];
      const styled = r.head ? cell.map((s) => ({ text: s.text, style: { ...s.style, bold: true } })) : cell;
      line.push(...padTo(truncateSegments(styled, widths[c] ?? 1), widths[c] ?? 1));
    }
    lines.push(line);
    const next = rows[ri + 1];
    if (r.head && (!next || !next.head)) {
      lines.push([{ text: widths.map((v) => '─'.repeat(v)).join('─┼─'), style: { dim: true } }]);
    }
  });
  return lines;
}
