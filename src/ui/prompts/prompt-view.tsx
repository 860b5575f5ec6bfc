import type { PendingPrompt, PromptKind } from '../../session/types.js';
import { CheckFailedPrompt } from './check-failed-prompt.js';
import { DangerPrompt } from './danger-prompt.js';
import { DecisionPrompt } from './decision-prompt.js';
import { EvidenceForm } from './evidence-form.js';
import { HaltedPrompt } from './halted-prompt.js';
import { InterruptedPrompt } from './interrupted-prompt.js';
import { ParamsForm } from './params-form.js';
import { PreflightPrompt } from './preflight-prompt.js';
import { RunbookChangedPrompt } from './runbook-changed-prompt.js';
import { SignoffForm } from './signoff-form.js';
import { UnverifiedPrompt } from './unverified-prompt.js';

interface Props {
  pending: PendingPrompt;
  actor: string;
  width: number;
  height: number;
}

// PendingPrompt's kind and resolve are correlated but TypeScript cannot narrow a generic
// through its field; this is the one place that re-attaches them.
function as<K extends PromptKind>(p: PendingPrompt): PendingPrompt<K> {
  return p as unknown as PendingPrompt<K>;
}

/** The view for whatever the engine is asking. Keyed by prompt id so each question starts fresh. */
export function PromptView({ pending, actor, width, height }: Props) {
  const size = { width, height };
  const kind = pending.prompt.kind;
  switch (kind) {
    case 'params':
      return <ParamsForm key={pending.id} pending={as<'params'>(pending)} {...size} />;
    case 'danger':
      return <DangerPrompt key={pending.id} pending={as<'danger'>(pending)} {...size} />;
    case 'halted':
      return <HaltedPrompt key={pending.id} pending={as<'halted'>(pending)} {...size} />;
    case 'decision':
      return <DecisionPrompt key={pending.id} pending={as<'decision'>(pending)} {...size} />;
    case 'signoff':
      return <SignoffForm key={pending.id} pending={as<'signoff'>(pending)} actor={actor} {...size} />;
    case 'evidence':
      return <EvidenceForm key={pending.id} pending={as<'evidence'>(pending)} {...size} />;
    case 'unverified':
      return <UnverifiedPrompt key={pending.id} pending={as<'unverified'>(pending)} {...size} />;
    case 'check-failed':
      return <CheckFailedPrompt key={pending.id} pending={as<'check-failed'>(pending)} {...size} />;
    case 'interrupted-command':
      return <InterruptedPrompt key={pending.id} pending={as<'interrupted-command'>(pending)} {...size} />;
    case 'runbook-changed':
      return <RunbookChangedPrompt key={pending.id} pending={as<'runbook-changed'>(pending)} {...size} />;
    case 'preflight':
      return <PreflightPrompt key={pending.id} pending={as<'preflight'>(pending)} {...size} />;
    default: {
      const never: never = kind;
      return never;
    }
  }
}
