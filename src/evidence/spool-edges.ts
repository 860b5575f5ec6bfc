// The start and end of a spooled output: what report.html shows of it. Read from disk by
// export and from the archive stream by verify, so both render the same excerpt.
import { open } from 'node:fs/promises';
import { stripAnsi } from './format.js';
import type { OutputExcerpt } from './report-html.js';

export const EDGE_HEAD = 48 * 1024;
export const EDGE_TAIL = 16 * 1024;

export interface SpoolEdges {
  size: number;
  /** The whole file when it is at most EDGE_HEAD + EDGE_TAIL bytes, else its first EDGE_HEAD. */
  head: Buffer;
  /** The last EDGE_TAIL bytes of a larger file; empty otherwise. */
  tail: Buffer;
}

export async function readEdges(path: string): Promise<SpoolEdges> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const whole = size <= EDGE_HEAD + EDGE_TAIL;
    const head = Buffer.alloc(whole ? size : EDGE_HEAD);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(whole ? 0 : EDGE_TAIL);
    if (!whole) await fh.read(tail, 0, EDGE_TAIL, size - EDGE_TAIL);
    return { size, head: head.subarray(0, bytesRead), tail };
  } finally {
    await fh.close();
  }
}

/** Collects the edges of a stream of chunks (for archive entries). */
export class EdgeCollector {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail = Buffer.alloc(0);
  private size = 0;

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.headBytes < EDGE_HEAD + EDGE_TAIL) {
      const take = chunk.subarray(0, EDGE_HEAD + EDGE_TAIL - this.headBytes);
      this.head.push(Buffer.from(take));
      this.headBytes += take.length;
    }
    this.tail = Buffer.concat([this.tail, chunk]);
    if (this.tail.length > EDGE_TAIL) this.tail = Buffer.from(this.tail.subarray(this.tail.length - EDGE_TAIL));
  }

  edges(): SpoolEdges {
    const all = Buffer.concat(this.head);
    if (this.size <= EDGE_HEAD + EDGE_TAIL) return { size: this.size, head: all, tail: Buffer.alloc(0) };
    return { size: this.size, head: all.subarray(0, EDGE_HEAD), tail: this.tail };
  }
}

/** The excerpt report.html shows: the whole output, or its first and last lines. */
export function excerptOf(edges: SpoolEdges, totalLines: number): OutputExcerpt {
  if (edges.tail.length === 0) return { text: stripAnsi(edges.head.toString('utf8')), omittedLines: 0 };
  const headText = edges.head.toString('utf8');
  const tailText = edges.tail.toString('utf8');
  const headLines = headText.slice(0, headText.lastIndexOf('\n') + 1);
  const tailLines = tailText.slice(tailText.indexOf('\n') + 1);
  const shown = headLines.split('\n').length - 1 + tailLines.split('\n').length - (tailLines.endsWith('\n') ? 1 : 0);
  const omitted = Math.max(1, totalLines - shown);
  return { text: stripAnsi(`${headLines}… ${omitted} lines …\n${tailLines}`), omittedLines: omitted };
}
