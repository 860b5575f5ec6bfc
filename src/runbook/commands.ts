// Which fenced blocks are commands. Tagged shell blocks are; pwsh/powershell are shown but
// flagged not runnable; untagged blocks count when they are clearly shell.
import type { CommandLang } from './model.js';
import { compiledOnFirstUse } from './text.js';

export type FenceRole =
  | { role: 'command'; lang: CommandLang; runnable: boolean }
  | { role: 'metric' | 'decision' | 'signoff' | 'traffic' }
  | { role: 'content'; lang: string };

const ALIASES: Record<string, CommandLang> = {
  bash: 'bash',
  sh: 'sh',
  shell: 'shell',
  zsh: 'zsh',
  azurecli: 'azurecli',
  azcli: 'azurecli',
  'azure-cli': 'azurecli',
  console: 'console',
  'shell-session': 'console',
  shellsession: 'console',
  terminal: 'console',
  pwsh: 'pwsh',
  powershell: 'powershell',
  ps1: 'powershell',
};

const SHELL_START = compiledOnFirstUse(
  /^(?:sudo\s+)?(?:az|kubectl|curl|wget|docker|git|gh|helm|terraform|echo|export|cd|ls|cat|grep|jq|ssh|scp|npm|npx|node|python3?|pip3?|sleep|watch|alembic|sqlcmd|openssl|nslookup|dig|ping|systemctl|journalctl|mkdir|cp|mv|rm|chmod|tail|head|date|set|source|\.\/[\w.-]+|[A-Z_][A-Z0-9_]*=)(?:\s|$)/,
);

/** An untagged block is a command only when most of its statements start like shell commands. */
export function looksLikeShell(content: string): boolean {
  let statements = 0;
  let shell = 0;
  let continued = false;
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    const isContinuation = continued;
    continued = /\\$/.test(line);
    if (!line || line.startsWith('#') || isContinuation) continue;
    statements++;
    if (SHELL_START().test(line.replace(/^\$\s+/, ''))) shell++;
  }
  return statements > 0 && shell * 2 > statements && shell >= 1;
}

export function fenceRole(lang: string, content: string): FenceRole {
  const l = lang.toLowerCase();
  if (l === 'metric' || l === 'decision' || l === 'signoff' || l === 'traffic') return { role: l };
  const known = ALIASES[l];
  if (known) return { role: 'command', lang: known, runnable: known !== 'pwsh' && known !== 'powershell' };
  if (l === '' && looksLikeShell(content)) return { role: 'command', lang: 'untagged', runnable: true };
  return { role: 'content', lang: l };
}

/** Checklist lines inside a non-shell block (yaml, text, untagged) still count as checklist items. */
export function checklistLines(content: string): { offset: number; text: string; checked: boolean }[] {
  const out: { offset: number; text: string; checked: boolean }[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const m = line.includes('[') ? /^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$/.exec(line) : null;
    if (m) out.push({ offset: i, text: (m[2] ?? '').trim(), checked: m[1] !== ' ' });
  }
  return out;
}
