// The word an operator types before a dangerous command runs: the resource it acts on
// when the command names one literally (so the operator reads what they are about to
// delete), else the block's name, else CONFIRM.
import type { Command } from '../runbook/model.js';

export interface DangerConfirmation {
  word: string;
  reasons: string[];
}

const RESOURCE_FLAG = /(?:^|\s)(?:--name|-n|--resource-group|-g|--revision|--app|--namespace)[\s=]+["']?([A-Za-z0-9][A-Za-z0-9._-]{2,})["']?(?=\s|$)/;
const KUBECTL_TARGET = /\bkubectl\s+(?:delete|drain|cordon|scale|rollout\s+undo)\s+(?:[a-z./-]+\s+)?([A-Za-z0-9][A-Za-z0-9._-]{2,})(?=\s|$)/;

/** undefined when the command needs no confirmation. */
export function dangerConfirmation(command: Pick<Command, 'code' | 'line' | 'danger' | 'name'>): DangerConfirmation | undefined {
  if (command.danger.length === 0) return undefined;
  const lines = command.code.split('\n');
  // Flag lines inside the block point at the dangerous line; look there first.
  const flagged = command.danger
    .map((d) => lines[d.line - command.line - 1])
    .filter((l): l is string => l !== undefined);
  const word = resourceIn(flagged) ?? resourceIn(lines) ?? plainWord(command.name) ?? 'CONFIRM';
  return { word, reasons: [...new Set(command.danger.map((d) => d.reason))] };
}

function resourceIn(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = KUBECTL_TARGET.exec(line) ?? RESOURCE_FLAG.exec(line);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function plainWord(name: string | undefined): string | undefined {
  return name && /^[A-Za-z0-9._-]{3,}$/.test(name) ? name : undefined;
}

/** The operator typed the word (surrounding spaces ignored, case kept). */
export function confirms(typed: string, word: string): boolean {
  return typed.trim() === word;
}
