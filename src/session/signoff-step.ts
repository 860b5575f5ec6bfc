// Sign-offs of a step: one prompt per role, four-eyes rules checked before anything is
// recorded, each signature a `signoff` event. A refusal ends the step failed.
import { azureIdentityFields } from '../identity.js';
import type { SignoffForm } from '../runbook/model.js';
import type { EngineContext, StepContext, StepOutcome } from './engine-context.js';
import type { SignoffData } from './event-data.js';
import type { PromptAnswers } from './types.js';

export async function collectSignoffs(e: EngineContext, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.step.signoffs.length === 0) return 'done';
  const identity = e.options.identity;
  // an approver signs knowing what went wrong: the steps that failed and have not passed since
  const failed = e.runbook.steps.filter((s) => e.state().steps[s.id]?.status === 'failed').map((s) => s.title);
  for (const form of ctx.step.signoffs) {
    const roles = form.roles.length > 0 ? form.roles : ['Approver'];
    const signers: string[] = [];
    for (const [i, role] of roles.entries()) {
      let error: string | undefined;
      let earlier: { choice?: string; comment?: string } | undefined;
      let signed: SignoffData | undefined;
      // who four-eyes refuses for this role: the form says so at the name, before anything else is typed
      const refused = refusedSigners(e, form, role, signers, i === roles.length - 1 && roles.length > 1);
      while (!signed) {
        const answer = await e.ask({
          kind: 'signoff',
          step: ctx.step,
          form,
          role,
          ...(refused.some((r) => r.name === identity.name) ? {} : { suggestedName: identity.name }),
          ...(refused.length > 0 ? { refused } : {}),
          ...(identity.azurePrincipal ? { azurePrincipal: identity.azurePrincipal } : {}),
          ...(error ? { error } : {}),
          ...(earlier ? { earlier } : {}),
          ...(failed.length > 0 ? { failed } : {}),
        });
        const name = answer.name.trim();
        error = refused.find((r) => r.name === name)?.why;
        if (name === '') error = `${role}: a name is required`;
        // asked again: what was typed besides the name stays
        earlier = { ...(answer.choice !== undefined ? { choice: answer.choice } : {}), ...(answer.comment !== undefined ? { comment: answer.comment } : {}) };
        if (error) continue;
        signers.push(name);
        signed = signoffData(e, ctx, form, role, answer);
        e.record('signoff', signed);
      }
      if (!signed.approved) {
        e.record('step.end', { stepId: ctx.step.id, status: 'failed', reason: `sign-off refused (${role})` });
        return 'stopped';
      }
    }
  }
  return 'done';
}

function signoffData(e: EngineContext, ctx: StepContext, form: SignoffForm, role: string, answer: PromptAnswers['signoff']): SignoffData {
  const identity = e.options.identity;
  const name = answer.name.trim();
  return {
    stepId: ctx.step.id,
    formId: form.id,
    role,
    name,
    identitySource: name === identity.name ? identity.source : 'typed',
    ...(name === identity.name ? azureIdentityFields(identity, e.options.metrics?.azure?.auth) : {}),
    approved: answer.approved,
    ...(answer.comment ? { comment: answer.comment } : {}),
    ...(answer.choice ? { choice: answer.choice } : {}),
    signedAt: new Date().toISOString(),
  };
}

/**
 * Roles that name the person doing the change ("Deployment Engineer", "Operator",
 * "Implementer"): on a sign-off table the operator signs these themselves; four-eyes asks
 * someone else for every other role, and never all roles from one person.
 */
const OPERATOR_ROLE = /\b(?:deploy(?:ment|ing)?|release|implementation|change|on-?call)\s+(?:engineer|executor|implementer)\b|\b(?:operator|implementer|executor)\b/i;

function refusedSigners(e: EngineContext, form: SignoffForm, role: string, earlier: string[], last: boolean): { name: string; why: string }[] {
  if (!(form.fourEyes || e.options.fourEyes)) return [];
  const out: { name: string; why: string }[] = [];
  const operator = e.options.identity.name;
  if (!OPERATOR_ROLE.test(role)) out.push({ name: operator, why: `four-eyes: ${role} must be signed by someone other than the operator (${operator})` });
  const only = earlier[0];
  if (last && only !== undefined && earlier.every((n) => n === only) && !out.some((r) => r.name === only)) {
    out.push({ name: only, why: `four-eyes: all roles of "${form.title}" cannot be signed by ${only} alone` });
  }
  return out;
}
