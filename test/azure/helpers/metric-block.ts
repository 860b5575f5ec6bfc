// A gate from a ```metric block's YAML lines, through the runbook parser's own reader.
import { metricBlock } from '../../../src/runbook/annotation-blocks.js';
import type { Gate } from '../../../src/runbook/model.js';

export function parseBlock(lines: string[]): Gate {
  const diags: { message: string }[] = [];
  const draft = metricBlock(lines.join('\n'), 1, diags as Parameters<typeof metricBlock>[2]);
  if (!draft) throw new Error(`metric block refused: ${diags.map((d) => d.message).join('; ')}`);
  return { id: 'g1', line: draft.line, text: draft.title, thresholds: draft.thresholds, mode: draft.mode, ...(draft.source ? { source: draft.source } : {}) };
}
