// The ```traffic annotations of a step, after its commands: flightdeck makes the change itself
// through Azure. The app is read, the current and target weights are shown, the word is
// typed, the intent is recorded, the change is applied and waited for, read back and judged
// (a `check` event with before, after and the verdict). A rehearsal shows the change it would
// make and makes none in Azure (under --simulate the simulated app follows, as it does for
// blocks). A change that did not happen as asked ends the step failed.
import { messageOf, UserError } from '../errors.js';
import { appChangeCheck } from './azure-events.js';
import { withShellValues } from '../azure/fill-params.js';
import { describeTarget, type AppSnapshot, type ContainerAppReader } from '../azure/container-apps.js';
import { applyTraffic, canWrite, describeShift, planTraffic, type TrafficPlan } from '../azure/traffic-apply.js';
import type { Command, TrafficChange } from '../runbook/model.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';

const REASON = 'sets live traffic through Azure';

/** 'declined': not confirmed or a value missing (the step stays open); 'stopped': the change failed and the step ended failed. */
export async function applyTrafficChanges(e: EngineContext, ctx: StepContext, apps: ContainerAppReader): Promise<StepOutcome | 'declined'> {
  const simulated = e.options.simulate === true;
  for (const t of ctx.step.traffic ?? []) {
    const known = withShellValues(e.params.values, e.options.executor?.shellState?.(), e.options.env ?? process.env);
    // a simulated app needs no real subscription
    const values = simulated && !known.has('AZURE_SUBSCRIPTION_ID') ? new Map([...known, ['AZURE_SUBSCRIPTION_ID', 'simulated']]) : known;
    const plan = planTraffic(t, values, e.options.env ?? process.env, simulated ? 'simulated' : undefined);
    const stepId = ctx.step.id;
    if ('missing' in plan) {
      e.record('note', { kind: e.mode === 'rehearsal' ? 'note' : 'declined', stepId, text: `traffic change not made: no value for ${plan.missing.join(', ')}` });
      if (e.mode === 'rehearsal') continue;
      return 'declined';
    }
    let before: AppSnapshot;
    try {
      before = await e.operation((signal) => apps.read(plan.target, signal));
    } catch (err) {
      const line = err instanceof UserError && err.next ? `${err.message}; ${err.next}` : messageOf(err);
      if (e.mode === 'rehearsal') {
        e.record('note', { kind: 'note', stepId, text: `would set the traffic of ${describeTarget(plan.target)}, but could not read it: ${line}` });
        continue;
      }
      return stop(e, stepId, `traffic change not made: could not read ${describeTarget(plan.target)}: ${line}`);
    }
    const shown = describeShift(before, plan);
    if (e.mode === 'rehearsal') {
      const sim = simulated && canWrite(apps);
      if (sim) await apps.setTraffic(plan.target, plan.rules);
      e.record('note', { kind: 'note', stepId, text: `would set the traffic of ${describeTarget(plan.target)}: ${shown.shift} (now ${shown.current}; ${sim ? 'the simulated app follows' : 'nothing changed in Azure'})` });
      continue;
    }
    const answer = await e.ask({
      kind: 'danger',
      step: ctx.step,
      command: trafficCommand(t, plan),
      reasons: [REASON],
      word: 'SHIFT',
      resolved: `container app ${plan.target.app} in ${plan.target.resourceGroup}\ncurrent: ${shown.current}\ntarget:  ${shown.target}\nchange:  ${shown.shift}`,
      effect: 'destructive',
    });
    if (!answer.confirmed) {
      e.record('note', { kind: 'declined', stepId, text: `traffic change of ${describeTarget(plan.target)} not confirmed; not made` });
      return 'declined';
    }
    if (!canWrite(apps)) return stop(e, stepId, `traffic change not made: ${describeTarget(plan.target)} is read-only here`);
    e.record('note', { kind: 'note', stepId, text: `setting the traffic of ${describeTarget(plan.target)} through Azure: ${shown.shift}` });
    const data = await e.operation((signal) => applyTraffic(apps, plan, before, { signal }));
    const check = appChangeCheck(stepId, t.id, data);
    e.record('check', check);
    if (check.result === 'fail') return stop(e, stepId, `traffic not as asked: ${check.actual ?? ''}`);
  }
  return 'done';
}

function stop(e: EngineContext, stepId: string, reason: string): StepOutcome {
  e.record('step.end', { stepId, status: 'failed', reason });
  return 'stopped';
}

/** The change as the danger prompt shows a command: the az command it is equivalent to. */
function trafficCommand(t: TrafficChange, plan: TrafficPlan): Command {
  return { id: t.id, line: t.line, lang: 'azurecli', code: plan.change.text, runnable: false, expectations: [], danger: [{ line: t.line, reason: REASON }], params: [], effect: 'destructive' };
}
