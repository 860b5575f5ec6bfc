// A monitored wait: "Monitor for 10 minutes", "Wait 5 minutes", a `sleep 600` block in a
// monitoring step, or `<!-- flightdeck: wait 10m ... -->`. The engine counts it down while
// sampling the watched metrics, and a sample that meets an abort criterion ends it as a breach.
import type { Threshold } from './model.js';

/** Where a wait's abort criterion comes from. */
export type WaitCriterionSource = 'annotation' | 'step' | 'section' | 'rollback';

export interface WaitCriterion {
  threshold: Threshold;
  /** 'abort-if': the condition true is a breach. 'require': the condition false is a breach. */
  mode: 'abort-if' | 'require';
  from: WaitCriterionSource;
  line: number;
  /** The gate it came from (step or section thresholds). */
  gateId?: string;
  /** The decision it came from (a "When to rollback" list or a rollback tree). */
  decisionId?: string;
}

export interface MonitoredWait {
  id: string;
  line: number;
  /** As the runbook words it: "Monitor for 10 minutes". */
  text: string;
  seconds: number;
  source: 'prose' | 'sleep' | 'annotation';
  /** The command of the step it comes after; absent: before the step's first command. */
  after?: string;
  /** The metrics drawn during the wait (annotation `watch=`, else those the criteria name). */
  metrics: string[];
  criteria: WaitCriterion[];
  /** Annotation `every=`: how often the metrics are sampled. */
  intervalMs?: number;
  /** The checklist item that says it. */
  itemId?: string;
  /**
   * A `sleep` inside the block `after` names ("sleep 600  # Monitor for 10 minutes"): a run
   * leaves the waiting to the block; a rehearsal practises it after the block.
   */
  inBlock?: true;
}
