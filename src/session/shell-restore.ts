// Resume: bring back the session's shell (variables, functions, cwd) from its state file,
// and say what came back and, by name, what did not. A damaged or missing file is said
// plainly and the session goes on in a fresh shell.
import { statSync } from 'node:fs';
import type { Runbook } from '../runbook/model.js';
import type { AuditEvent } from './audit-event.js';
import type { ShellRestoreData } from './event-data.js';
import { loadShellState, type ShellStateFile, type Withheld } from './shell-state-file.js';
import type { CommandExecutor } from './types.js';

export interface ShellRestored {
  data: ShellRestoreData;
  /** One line for the operator. */
  notice: string;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "TOKEN - re-run step 3 to set it", or several names with their steps. */
function withheldText(withheld: readonly Withheld[], runbook: Runbook): string {
  const stepNo = (id: string | undefined): number | undefined => {
    const i = id ? runbook.steps.findIndex((s) => s.id === id) : -1;
    return i >= 0 ? i + 1 : undefined;
  };
  const steps = new Set(withheld.map((w) => stepNo(w.stepId)));
  const [only] = steps;
  if (steps.size === 1 && only !== undefined) {
    const names = withheld.map((w) => w.name).join(', ');
    return `${names} - re-run step ${only} to set ${withheld.length === 1 ? 'it' : 'them'}`;
  }
  const named = withheld.map((w) => (stepNo(w.stepId) !== undefined ? `${w.name} (step ${stepNo(w.stepId)})` : w.name));
  return `${named.join(', ')} - re-run the steps that set them`;
}

/** Whether a block ever ran for real in this session (a state file is then expected). */
function blocksRan(events: readonly AuditEvent[]): boolean {
  return events.some((e) => e.type === 'cmd.exit' && e.data['execution'] === 'run' && e.data['interrupted'] === undefined);
}

/** The sha256 of the state file the log last recorded writing. */
function recordedState(events: readonly AuditEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const sha = events[i]?.type === 'cmd.exit' ? events[i]?.data['shellState'] : undefined;
    if (typeof sha === 'string') return sha;
  }
  return undefined;
}

/**
 * Restores the saved shell into the executor. undefined when there is nothing to say (no
 * block ever ran, or the executor keeps no shell).
 */
export function restoreShell(file: ShellStateFile, executor: CommandExecutor, runbook: Runbook, events: readonly AuditEvent[]): ShellRestored | undefined {
  if (!executor.restoreShellState) return undefined;
  const loaded = loadShellState(file.path);
  switch (loaded.kind) {
    case 'none':
      if (!blocksRan(events)) return undefined;
      return {
        data: { status: 'missing' },
        notice: 'no saved shell state for this session (no block finished saving it): commands start in a fresh shell',
      };
    case 'bad':
      return {
        data: { status: 'unreadable', reason: loaded.reason },
        notice: `the saved shell state could not be read (${loaded.reason}): commands start in a fresh shell; re-run earlier steps that export or cd if later steps need them`,
      };
    case 'ok': {
      if (loaded.sha256 !== recordedState(events)) {
        return {
          data: { status: 'mismatch' },
          notice: 'the saved shell state is not the one this session recorded (changed outside flightdeck, or written after the last recorded command): commands start in a fresh shell',
        };
      }
      const { saved } = loaded;
      const cwdGone = !isDir(saved.cwd);
      const snap = { cwd: saved.cwd, env: saved.env, unset: saved.unset, vars: saved.vars, functions: saved.functions };
      executor.restoreShellState(cwdGone ? { ...snap, cwd: undefined } : snap);
      file.seed(snap, saved.withheld);
      // OLDPWD comes back too (`cd -` works as in a terminal) but is bash's, not the operator's
      const variables = [...Object.keys(saved.env), ...Object.keys(saved.vars)].filter((n) => n !== 'OLDPWD').sort();
      const functions = Object.keys(saved.functions).sort();
      const parts = [
        cwdGone ? `cwd ${saved.cwd} is gone (blocks start in ${process.cwd()})` : `cwd ${saved.cwd}`,
        count(variables.length, 'variable'),
        ...(functions.length > 0 ? [count(functions.length, 'function')] : []),
      ];
      // what did not come back is said first: a narrow message line cuts the end
      const held = saved.withheld.length > 0 ? `not restored (looked secret): ${withheldText(saved.withheld, runbook)}; ` : '';
      return {
        data: {
          status: 'restored',
          cwd: saved.cwd,
          ...(cwdGone ? { cwdGone: true } : {}),
          variables,
          functions,
          ...(saved.withheld.length > 0 ? { withheld: saved.withheld.map((w) => ({ ...w })) } : {}),
        },
        notice: `${held}shell state restored: ${parts.join(', ')}`,
      };
    }
    default: {
      const never: never = loaded;
      return never;
    }
  }
}
