// Walking one step: its commands, gates, decisions, sign-offs and evidence in order, then
// step.end. A step resumed mid-way (step.start without step.end) goes on after the commands
// that finished; a command interrupted by a crash runs again unless the operator said it was
// done by hand.
import type { Step } from '../runbook/model.js';
import { recordResults } from './choice-step.js';
import { CommandSteps } from './command-step.js';
import { collectEvidence } from './evidence-step.js';
import { findDecision, questionAt, walkDecision } from './decision-step.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';
import { GateSteps } from './gate-step.js';
import { confirmItems } from './items-step.js';
import { failStep, inOrderWalk } from './raise-decision.js';
import type { ShellStateFile } from './shell-state-file.js';
import { collectSignoffs } from './signoff-step.js';
import { applyTrafficChanges } from './traffic-step.js';
import { WaitSteps } from './wait-step.js';
import type { CommandRun } from './types.js';
import { isFinished } from './walk-plan.js';

function guards(steps: readonly Step[], decisionId: string): boolean {
  return steps.some((s) => s.guard?.decisionId === decisionId);
}

export class StepWalker {
  readonly commands: CommandSteps;
  readonly waits: WaitSteps;
  private readonly gates: GateSteps;

  constructor(
    private readonly e: EngineContext,
    shellFile: ShellStateFile,
  ) {
    this.commands = new CommandSteps(e, shellFile);
    this.gates = new GateSteps(e, this.commands);
    this.waits = new WaitSteps(e, () => this.gates.checker());
  }

  /** 'abort': a failed check's operator chose to abort the session (the caller ends it). */
  async walk(step: Step): Promise<StepOutcome> {
    const st = this.e.state().steps[step.id];
    if (isFinished(st?.status)) return 'done';
    const resumedMidStep = st?.status === 'running';
    if (!resumedMidStep) this.e.record('step.start', { stepId: step.id, title: step.title, line: step.line });
    const ctx: StepContext = { step, deviations: [], ...(resumedMidStep ? { resumed: true } : {}) };
    // resumed while a decision this step raised was being answered: go on with it, on the data the log kept
    const raised = this.e.state().flow.raised;
    if (resumedMidStep && raised?.stepId === step.id) {
      await failStep(this.e, ctx, raised.evidence);
      return 'stopped';
    }
    // a monitored wait comes after the command it follows in the runbook (or before the first);
    // a wait served before its question's answer was undone is not served again
    if (!this.servedBeforeUndo(step) && (await this.waitsAfter(ctx, undefined)) !== 'done') return 'stopped';
    for (const command of step.commands) {
      const done = resumedMidStep ? this.doneRun(step.id, command.id) : undefined;
      if (done) {
        if (done.overridden !== undefined) ctx.deviations.push(`checks overridden: ${done.overridden}`);
      } else {
        const outcome = await this.commands.run(ctx, command);
        if (outcome === 'declined' || outcome === 'skip') return 'stopped';
        if (outcome === 'abort') return 'abort';
      }
      if ((await this.waitsAfter(ctx, command.id)) !== 'done') return 'stopped';
    }
    if (step.traffic && step.traffic.length > 0) {
      const traffic = await applyTrafficChanges(this.e, ctx, this.commands.containerApps);
      if (traffic === 'declined') return 'stopped';
      if (traffic !== 'done') return traffic;
    }
    // the operator's own work (checklist items) is said done before the step's checks and questions
    if ((await confirmItems(this.e, ctx)) === 'stopped') return 'stopped';
    if ((await this.gates.confirm(ctx)) === 'stopped') return 'stopped';
    if ((await recordResults(this.e, ctx)) === 'stopped') return 'stopped';
    // a step a decision's answer inserted to be done before its next question: asked now
    await this.questionAfter(ctx);
    for (const decision of step.decisions) {
      // a guard's question may have been asked already, before the step it guards
      if (this.e.state().flow.answers[decision.id] !== undefined && guards(this.e.runbook.steps, decision.id)) continue;
      await walkDecision(this.e, ctx, decision, inOrderWalk(this.e, step, decision));
      if (ctx.jumpTo || this.e.state().flow.halted) break;
    }
    if ((await collectSignoffs(this.e, ctx)) === 'stopped') return 'stopped';
    await collectEvidence(this.e, ctx);
    this.e.record('step.end', {
      stepId: step.id,
      // nothing ran in a rehearsal, so nothing passed
      status: ctx.deviations.length > 0 ? 'waived' : this.e.mode === 'rehearsal' ? 'rehearsed' : 'passed',
      ...(ctx.deviations.length > 0 ? { reason: ctx.deviations.join('; ') } : {}),
      ...(ctx.jumpTo ? { next: ctx.jumpTo } : {}),
      ...(this.e.unattended ? { auto: true } : {}),
    });
    return 'done';
  }

  /** The question asked once an inserted action is done ("Investigate ──> Still Down?"), where its answer leads. */
  private async questionAfter(ctx: StepContext): Promise<void> {
    const then = this.e.state().flow.inserted.find((s) => s.id === ctx.step.id);
    if (!then?.then) return;
    const found = findDecision(this.e.runbook, then.decisionId);
    const node = found ? questionAt(found.decision, then.then.top, then.then.question) : undefined;
    if (!found || !node) return;
    await walkDecision(this.e, ctx, found.decision, {
      ...inOrderWalk(this.e, ctx.step, found.decision),
      ...(then.n !== undefined ? { n: then.n } : {}),
      from: { node, top: then.then.top, prior: then.then.taken },
    });
  }

  /** An inserted "Monitor 5 min" opened again by an undo of the answer after it: its wait ended already. */
  private servedBeforeUndo(step: Step): boolean {
    const inserted = this.e.state().flow.inserted.find((s) => s.id === step.id);
    const waits = this.e.state().steps[step.id]?.waits;
    if (!inserted?.then || !waits || (step.waits ?? []).length === 0) return false;
    return (step.waits ?? []).every((w) => waits[w.id]?.status === 'elapsed' || waits[w.id]?.status === 'ended-early');
  }

  private async waitsAfter(ctx: StepContext, commandId: string | undefined): Promise<StepOutcome> {
    for (const wait of ctx.step.waits ?? []) {
      if (wait.after !== commandId) continue;
      const outcome = await this.waits.run(ctx, wait);
      if (outcome !== 'done') return outcome;
    }
    return 'done';
  }

  /**
   * The command's last run, when it finished and needs nothing more: an interrupted one only
   * when the operator said it was done, one whose checks failed only when the operator
   * overrode them. Otherwise (a crash or quit at "this check failed") it runs again.
   */
  private doneRun(stepId: string, commandId: string): CommandRun | undefined {
    const runs = this.e.state().steps[stepId]?.runs.filter((r) => r.commandId === commandId) ?? [];
    const last = runs[runs.length - 1];
    if (last === undefined || !isFinishedRun(last)) return undefined;
    return last.checks.some((c) => c.result === 'fail') && last.overridden === undefined ? undefined : last;
  }
}

function isFinishedRun(run: CommandRun): boolean {
  switch (run.status) {
    case 'exited':
    case 'confirmed':
    case 'would-run':
      return true;
    case 'interrupted':
      return run.interrupted !== 'rerun';
    case 'running':
    case 'cancelled':
      return false;
    default: {
      const never: never = run.status;
      return never;
    }
  }
}
