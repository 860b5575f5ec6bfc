// A session's step as people read it: "14. Step 1: Verify Docker Image" (its number in the
// step list and its title), looked up in the session's own copy of the runbook with the steps
// its answers inserted ("Investigate (decision 1)"), as the TUI lists them, not an id.
import { readFileSync } from 'node:fs';
import { parseRunbook } from '../runbook/parse.js';
import type { Runbook } from '../runbook/model.js';
import { parseAuditLog } from '../session/audit-read.js';
import { runbookWithInserted } from '../session/outcome-steps.js';
import { reduceSession } from '../session/reducer.js';
import { sessionPaths } from '../session/session-dir.js';

export class StepLabels {
  /** Parsed copies by sha256: sessions over the same runbook share one parse. */
  private readonly parsed = new Map<string, Runbook | undefined>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** "14. Verify Docker Image"; the id itself when the copy cannot be read or has no such step. */
  label(sessionId: string, sha256: string, stepId: string): string {
    const runbook = this.walked(sessionId, this.runbook(sessionId, sha256));
    const at = runbook?.steps.findIndex((s) => s.id === stepId) ?? -1;
    const step = runbook?.steps[at];
    return step ? `${at + 1}. ${step.title}` : stepId;
  }

  /** The runbook as the session walks it: the steps its answers inserted in their places (from its log). */
  private walked(sessionId: string, runbook: Runbook | undefined): Runbook | undefined {
    if (!runbook) return undefined;
    try {
      const { events } = parseAuditLog(readFileSync(sessionPaths(sessionId, this.env).audit));
      return runbookWithInserted(runbook, reduceSession(events, []).flow.inserted);
    } catch {
      return runbook;
    }
  }

  private runbook(sessionId: string, sha256: string): Runbook | undefined {
    if (this.parsed.has(sha256)) return this.parsed.get(sha256);
    let runbook: Runbook | undefined;
    try {
      const file = sessionPaths(sessionId, this.env).runbook;
      runbook = parseRunbook(readFileSync(file), file);
    } catch {
      runbook = undefined;
    }
    this.parsed.set(sha256, runbook);
    return runbook;
  }
}
