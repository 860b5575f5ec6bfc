// The block tree the parser's detectors read (src/runbook/markdown.ts builds it from
// markdown-it's tokens), with 1-based source lines.

export interface InlineText {
  /** Plain text: emphasis markers dropped, code spans kept as their text. */
  text: string;
  /** The markdown source of the inline run. */
  raw: string;
  /** Link targets in order (`#rollback-steps`, `./x.md`). */
  links: string[];
}

export interface Span {
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
