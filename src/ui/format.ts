import { isFinished as walkFinished } from '../session/walk-plan.js';
import type { StepStatus } from '../session/types.js';

/** 65_000 -> "1:05"; 3_725_000 -> "1:02:05". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export interface StatusLook {
  icon: string;
  color: string;
  word: string;
}

export function statusLook(status: StepStatus): StatusLook {
  switch (status) {
    case 'pending':
      return { icon: '○', color: 'gray', word: 'pending' };
    case 'running':
      return { icon: '▶', color: 'cyan', word: 'running' };
    case 'passed':
      return { icon: '✔', color: 'green', word: 'passed' };
    case 'failed':
      return { icon: '✘', color: 'red', word: 'failed' };
    case 'skipped':
      return { icon: '↷', color: 'yellow', word: 'skipped' };
    case 'waived':
      return { icon: '≈', color: 'yellow', word: 'waived' };
    case 'rehearsed':
      return { icon: '✓', color: 'cyan', word: 'rehearsed' };
    case 'not-needed':
      return { icon: '–', color: 'gray', word: 'not needed' };
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** A finished step needs nothing more from the operator. */
export function isFinished(status: StepStatus): boolean {
  return status === 'failed' || walkFinished(status);
}
