// Whether a command block can run on this machine: shell blocks always (bash), pwsh and
// powershell blocks only when `pwsh` is on PATH.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command, CommandLang } from '../runbook/model.js';

/** The executable's full path when `name` is on PATH. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      if (statSync(full).isFile()) return full;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

export function isPowerShell(lang: CommandLang): boolean {
  return lang === 'pwsh' || lang === 'powershell';
}

export function canRun(command: Pick<Command, 'lang'>, path = process.env.PATH ?? ''): boolean {
  return isPowerShell(command.lang) ? onPath('pwsh', path) !== undefined : true;
}
