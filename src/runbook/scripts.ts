// Script libraries: a block that starts with a shebang, or that the runbook says to save
// as a file, is a script to keep (shown with a copy action), not a command to run here,
// unless the runbook says to run it. A script's `$1`, `${2:-latest}` are its positional
// arguments, named from its usage line or the variable they are assigned to.
import type { Runbook, ScriptArg } from './model.js';

const SHEBANG = /^#!\s*\S/;
const SCRIPT_FILE = /([\w./-]+\.(?:sh|bash|zsh|py|ps1))\b/;
const SAVE_LABEL = /\b(?:save|create|write|store|put)\b[^\n]*?\b(?:as|to|in|file|script)\b/i;
const RUN_LABEL = /\b(?:run|execute)\b/i;
const FILE_COMMENT = /^#\s*(?:file(?:name)?\s*:\s*)?([\w./-]+\.(?:sh|bash|zsh|py|ps1))\s*$/i;
const POSITIONAL = /\$\{([1-9])(?::?([-=?+])([^}]*))?\}|\$([1-9])/g;

export interface ScriptFence {
  /** Keep, do not run: a shebang or "save as" block the runbook does not say to run. */
  library: boolean;
  fileName?: string;
}

/** Whether a fenced block is a script, and whether the runbook runs it where it stands. */
export function scriptFence(content: string, label: string | undefined): ScriptFence | undefined {
  const lines = content.split('\n');
  const shebang = SHEBANG.test(lines[0] ?? '');
  const saveLabel = !!label && SAVE_LABEL.test(label) && SCRIPT_FILE.test(label);
  if (!shebang && !saveLabel) return undefined;
  const fromComment = lines
    .slice(shebang ? 1 : 0, 4)
    .map((l) => FILE_COMMENT.exec(l.trim())?.[1])
    .find(Boolean);
  const fileName = (label ? SCRIPT_FILE.exec(label)?.[1] : undefined) ?? fromComment;
  const runsHere = !!label && RUN_LABEL.test(label) && !saveLabel;
  const out: ScriptFence = { library: !runsHere };
  if (fileName) out.fileName = fileName.replace(/^\.\//, '');
  return out;
}

/** `$1`, `${2:-latest}`: the positional arguments a script reads, in order. */
export function scriptArgs(code: string): ScriptArg[] {
  const byIndex = new Map<number, ScriptArg>();
  const usage = /usage:?\s+\S+((?:\s+(?:<[^>]+>|\[[^\]]+\]|[A-Z][A-Z0-9_]+))+)/i.exec(code)?.[1] ?? '';
  const usageNames = [...usage.matchAll(/<([^>]+)>|\[([^\]]+)\]|([A-Z][A-Z0-9_]+)/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? '').replace(/^<|>$/g, '').trim());
  for (const line of code.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(POSITIONAL)) {
      const index = Number(m[1] ?? m[4]);
      const arg = byIndex.get(index) ?? { index };
      if (m[2] === '-' || m[2] === '=') arg.default ??= m[3] ?? '';
      const assigned = new RegExp(`(?:^|[\\s;])([A-Za-z_]\\w*)=["']?\\$\\{?${index}\\b`).exec(line)?.[1];
      if (assigned && !arg.name) arg.name = assigned;
      byIndex.set(index, arg);
    }
  }
  return [...byIndex.values()]
    .sort((a, b) => a.index - b.index)
    .map((a) => {
      const fromUsage = usageNames[a.index - 1];
      if (!a.name && fromUsage) a.name = fromUsage;
      return a;
    });
}

/** Lines of a script that only explain how to call it: their `<words>` are not parameters. */
export function isUsageLine(line: string): boolean {
  return /\busage\b/i.test(line);
}

/** Links each saved script to the commands that run it by file name. */
export function linkScripts(runbook: Runbook): void {
  const scripts = runbook.steps.flatMap((s) => s.scripts ?? []).filter((s) => s.fileName);
  if (scripts.length === 0) return;
  for (const step of runbook.steps) {
    for (const command of step.commands) {
      for (const script of scripts) {
        const name = (script.fileName ?? '').replace(/[.]/g, '\\.');
        if (new RegExp(`(?:^|[\\s/;&|])(?:\\./)?${name}(?=\\s|$|;)`, 'm').test(command.code)) (script.runBy ??= []).push(command.id);
      }
    }
  }
}
