// Evidence of a step: a required output is the command's spool (named by its sha256);
// anything else is asked for (a file or screenshot is copied into the session) or waived.
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sha256Hex } from './canonical.js';
import type { EngineContext, StepContext } from './engine-context.js';
import type { EvidenceData } from './event-data.js';

export async function collectEvidence(e: EngineContext, ctx: StepContext): Promise<void> {
  if (e.mode === 'rehearsal') return; // nothing ran, so there is nothing to show
  for (const req of ctx.step.evidence) {
    if (req.kind === 'output' && ctx.output) {
      e.record('evidence', { stepId: ctx.step.id, requirementId: req.id, kind: 'output', value: ctx.output.file, sha256: ctx.output.sha256 });
      continue;
    }
    const answer = await e.ask({ kind: 'evidence', step: ctx.step, requirement: req });
    if ('waived' in answer) {
      e.record('deviation', { kind: 'waive', stepId: ctx.step.id, target: req.id, reason: answer.waived });
      ctx.deviations.push(`evidence waived: ${answer.waived}`);
      continue;
    }
    const data: EvidenceData = { stepId: ctx.step.id, requirementId: req.id, kind: answer.kind, value: answer.value };
    const attached = answer.kind === 'file' || answer.kind === 'screenshot' ? attach(e, answer.value) : undefined;
    e.record('evidence', attached ? { ...data, ...attached } : data);
  }
}

/** Copies an evidence file into the session (outputs/) and returns its name and sha256. */
function attach(e: EngineContext, path: string): { value: string; sha256: string } | undefined {
  try {
    const bytes = readFileSync(path);
    const name = `evidence-${e.state().seq + 1}-${basename(path)}`;
    copyFileSync(path, join(e.options.paths.outputs, name));
    return { value: name, sha256: sha256Hex(bytes) };
  } catch {
    return undefined; // the path is recorded as given; the pack shows it was not attached
  }
}
