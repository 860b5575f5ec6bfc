// A runnable fenced block -> a Command: annotations, guessed expectations, effect and
// danger, parameters, and the gates its comments state ("# Abort if error rate > 1%").
import type { FenceAttrs } from './annotations.js';
import { classifyCommand } from './danger.js';
import { expectationFromSpec, expectationsFromCode, regexError } from './expectations.js';
import type { FenceBlock } from './markdown-blocks.js';
import type { Command, Diagnostic, Threshold } from './model.js';
import { scanParams, type ParamScan } from './params.js';
import { findThresholds, isAbortWording } from './thresholds.js';

export interface CommentGate {
  line: number;
  text: string;
  thresholds: Threshold[];
  abort: boolean;
}

export interface BuiltCommand {
  command: Command;
  scan: ParamScan;
  gates: CommentGate[];
}

/** `context` is the owning step's title and section path (a rollback makes changes destructive). */
export function buildCommand(
  b: FenceBlock,
  id: string,
  lang: Command['lang'],
  runnable: boolean,
  attrs: FenceAttrs | undefined,
  context: string,
  diags: Diagnostic[],
): BuiltCommand {
  const code = b.content.replace(/\n$/, '');
  const command: Command = { id, line: b.line, lang, code, runnable, expectations: [], danger: [], params: [] };
  if (attrs) {
    command.annotated = true;
    if (attrs.name) command.name = attrs.name;
    if (attrs.timeoutMs) command.timeoutMs = attrs.timeoutMs;
    if (attrs.capture) command.capture = attrs.capture;
    for (const spec of attrs.expect) {
      const e = expectationFromSpec(spec, b.line);
      if (e.check.kind === 'regex') {
        const err = regexError(e.check.pattern, e.check.flags);
        if (err) {
          diags.push({ line: b.line, severity: 'error', message: `annotation: expect=${spec} is not a valid regular expression (${err})` });
          continue;
        }
      }
      command.expectations.push(e);
    }
    if (attrs.danger) command.danger.push({ line: b.line, reason: attrs.danger === true ? 'marked dangerous by the author' : attrs.danger });
  }
  // Annotations win over guesses: an explicit expect= replaces the guessed expectations, `safe` the guessed danger.
  if (!attrs || attrs.expect.length === 0) command.expectations.push(...expectationsFromCode(code, b.line));
  const cls = classifyCommand(code, b.line, context);
  if (!attrs?.safe) {
    for (const f of cls.flags) if (!command.danger.some((d) => d.reason === f.reason)) command.danger.push(f);
  }
  command.effect = command.danger.length > 0 ? 'destructive' : cls.effect === 'destructive' ? 'change' : cls.effect;
  const scan = runnable || lang === 'pwsh' || lang === 'powershell' ? scanParams(code, b.line) : { uses: [], assigned: new Set<string>(), exported: new Set<string>() };
  if (scan.exported.size > 0) command.exports = [...scan.exported];
  return { command, scan, gates: commentGates(code, b.line) };
}

/** "# Abort if error rate > 1% or P95 latency > 2000ms" in a script is a gate for its step. */
function commentGates(code: string, fenceLine: number): CommentGate[] {
  const gates: CommentGate[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = line.includes('#') ? /^\s*#+\s*(.*)$/.exec(line) : null;
    if (!m?.[1] || /^\W*expected\b/i.test(m[1])) continue;
    const thresholds = findThresholds(m[1]);
    if (thresholds.length > 0) gates.push({ line: fenceLine + 1 + i, text: m[1].trim(), thresholds, abort: isAbortWording(m[1]) });
  }
  return gates;
}
