// Styled text segments and the width-aware operations on them (wrap, truncate, pad).
import stringWidth from 'string-width';

export interface SegStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  dim?: boolean;
  color?: string;
}

export interface Segment {
  text: string;
  style?: SegStyle;
}

/** One screen row. */
export type Line = Segment[];

export function segWidth(text: string): number {
  return stringWidth(text);
}

export function lineWidth(line: Line): number {
  return line.reduce((n, s) => n + segWidth(s.text), 0);
}

/** Greedy word wrap of styled segments to `width` columns; `\n` forces a break. */
export function wrapSegments(segs: Segment[], width: number): Line[] {
  const room = Math.max(1, width);
  const lines: Line[] = [];
  let line: Line = [];
  let used = 0;
  let space: Segment | undefined;

  const push = (): void => {
    lines.push(line);
    line = [];
    used = 0;
    space = undefined;
  };

  for (const seg of segs) {
    for (const part of seg.text.split(/(\n|[ \t]+)/)) {
      if (part === '') continue;
      if (part === '\n') {
        push();
        continue;
      }
      if (/^[ \t]+$/.test(part)) {
        // Leading indentation of the whole text is kept; other runs of spaces collapse to one.
        if (used === 0 && lines.length === 0) {
          line.push({ text: part.replace(/\t/g, '  '), style: seg.style });
          used += segWidth(part.replace(/\t/g, '  '));
        } else if (used > 0) space = { text: ' ', style: seg.style };
        continue;
      }
      let word = part;
      let w = segWidth(word);
      const gap = space ? 1 : 0;
      if (used > 0 && used + gap + w > room) push();
      else if (space && used > 0) {
        line.push(space);
        used += 1;
      }
      space = undefined;
      // A word longer than the whole line is split where it must be.
      while (w > room - used) {
        let cut = '';
        let cw = 0;
        for (const ch of word) {
          const chw = segWidth(ch);
          if (cw + chw > room - used) break;
          cut += ch;
          cw += chw;
        }
        if (cut === '') {
          if (used === 0) break;
          push();
          continue;
        }
        line.push({ text: cut, style: seg.style });
        push();
        word = word.slice(cut.length);
        w = segWidth(word);
      }
      if (word) {
        line.push({ text: word, style: seg.style });
        used += w;
      }
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** Cuts a line to `width` columns, ending in an ellipsis when something was cut. */
export function truncateSegments(segs: Segment[], width: number): Line {
  if (lineWidth(segs) <= width) return segs;
  const out: Line = [];
  let used = 0;
  const room = Math.max(0, width - 1);
  for (const s of segs) {
    let text = '';
    for (const ch of s.text) {
      const cw = segWidth(ch);
      if (used + cw > room) break;
      text += ch;
      used += cw;
    }
    if (text) out.push({ text, style: s.style });
    if (used >= room || text.length < s.text.length) break;
  }
  out.push({ text: '…', style: { dim: true } });
  return out;
}

export function padTo(segs: Line, width: number): Line {
  const w = lineWidth(segs);
  return w >= width ? segs : [...segs, { text: ' '.repeat(width - w) }];
}
