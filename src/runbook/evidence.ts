// `**Evidence**: ...` lines become evidence requirements that block the step until
// satisfied or waived with a reason.
import type { EvidenceKind } from './model.js';

const EVIDENCE = /^\s*evidence(?:\s+required)?\s*:\s*(.+)$/is;

export function evidenceText(text: string): string | undefined {
  // The pattern's start, without compiling it for the many paragraphs that are not evidence.
  if (text.trimStart().slice(0, 8).toLowerCase() !== 'evidence') return undefined;
  const m = EVIDENCE.exec(text);
  return m?.[1]?.replace(/\s+/g, ' ').trim() || undefined;
}

export function evidenceKind(text: string): EvidenceKind {
  if (/screenshot|screen shot|\.png\b|\.jpe?g\b/i.test(text)) return 'screenshot';
  if (/\b[\w-]+\.(txt|json|log|pdf|csv|md|html|xml|bacpac|zip|tar\.gz)\b|\battach/i.test(text)) return 'file';
  if (/output|\blogs?\b|results?|response|report|confirmation|\bid\b|revision|url/i.test(text)) return 'output';
  return 'note';
}
