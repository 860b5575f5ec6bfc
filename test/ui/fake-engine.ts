// A small in-memory SessionEngine for TUI tests: records every call, moves steps along
// the way a real engine would, and lets a test raise any prompt and await its answer.
import { blankStep } from '../../src/runbook/blank-step.js';
import type { Runbook, Step, Section } from '../../src/runbook/model.js';
import type { SessionMode } from '../../src/session/audit-event.js';
import { countedSteps, walkPlan, type WalkPlan } from '../../src/session/walk-plan.js';
import type {
  EngineSnapshot,
  LiveOutput,
  LiveWait,
  PendingPrompt,
  Prompt,
  PromptAnswers,
  PromptKind,
  SessionEngine,
  SessionState,
  StepState,
} from '../../src/session/types.js';

export type Call = { method: string; args: unknown[] };

export function makeStep(partial: Partial<Step> & { id: string; title: string; sectionId: string }): Step {
  return blankStep({ kind: 'check', line: 1, ...partial });
}

export function makeRunbook(sections: { id: string; title: string; steps: Step[] }[], title = 'Deploy the payments API'): Runbook {
  const secs: Section[] = sections.map((s, i) => ({ id: s.id, title: s.title, level: 2, line: i * 10 + 1, stepIds: s.steps.map((x) => x.id) }));
  return {
    file: '/tmp/runbook.md',
    sha256: 'a'.repeat(64),
    title,
    source: '',
    sections: secs,
    steps: sections.flatMap((s) => s.steps),
    params: [],
    diagnostics: [],
    checks: 0,
  };
}

/** The default fixture: two sections, a step with sub-items, a command step and a long body. */
export function sampleRunbook(): Runbook {
  return makeRunbook([
    {
      id: 'prep',
      title: 'Preparation',
      steps: [
        makeStep({
          id: 's1',
          title: 'Announce the change',
          sectionId: 'prep',
          body: 'Post in **#ops** that the deploy starts.\n\n- [ ] Ticket linked\n- [ ] On-call paged\n',
          items: [
            { id: 's1.i1', line: 3, text: 'Ticket linked', checked: false },
            { id: 's1.i2', line: 4, text: 'On-call paged', checked: false },
          ],
        }),
        makeStep({
          id: 's2',
          title: 'Check cluster health',
          sectionId: 'prep',
          body: 'Run the health check.\n\n```bash\nkubectl get nodes\n```\n',
          commands: [
            {
              id: 's2.c1',
              line: 10,
              lang: 'bash',
              code: 'kubectl get nodes',
              runnable: true,
              expectations: [],
              danger: [],
              params: [],
            },
          ],
        }),
      ],
    },
    {
      id: 'deploy',
      title: 'Deployment',
      steps: [
        makeStep({ id: 's3', title: 'Roll out the new image', sectionId: 'deploy', body: '## Rollout\n\n| Env | Replicas |\n|---|---|\n| prod | 6 |\n' }),
        makeStep({ id: 's4', title: 'Verify traffic', sectionId: 'deploy', body: 'Watch the dashboards.' }),
      ],
    },
  ]);
}

export class FakeEngine implements SessionEngine {
  readonly calls: Call[] = [];
  private listeners = new Set<() => void>();
  private state: SessionState;
  private prompt: PendingPrompt | undefined;
  private live: LiveOutput | undefined;
  private wait: LiveWait | undefined;
  private snap: EngineSnapshot;
  private readonly plan: WalkPlan;
  private nextPromptId = 1;
  /** Set to make sendInput unavailable (engines without typing support). */
  sendInput?: (data: string) => void = (data) => this.record('sendInput', data);

  constructor(
    readonly runbook: Runbook,
    opts: { mode?: SessionMode; id?: string } = {},
  ) {
    this.plan = walkPlan(runbook);
    const steps: Record<string, StepState> = {};
    for (const s of runbook.steps) steps[s.id] = { status: 'pending', items: {}, runs: [] };
    this.state = {
      id: opts.id ?? '20261123-100000-ab12',
      mode: opts.mode ?? 'run',
      runbookFile: runbook.file,
      runbookSha256: runbook.sha256,
      actor: 'alice',
      startedAt: new Date(Date.now() - 65_000).toISOString(),
      status: 'active',
      currentStepId: runbook.steps[0]?.id,
      steps,
      paramsSet: {},
      notes: [],
      flow: { answers: {}, chosen: {}, detours: [], decisions: 0, open: {}, jumps: [], inserted: [], raisedBy: {} },
      seq: 1,
    };
    this.snap = this.build();
  }

  private closed: EngineSnapshot['closed'];

  private build(): EngineSnapshot {
    return { runbook: this.runbook, state: this.state, prompt: this.prompt, live: this.live, counted: countedSteps(this.state, this.plan), ...(this.wait ? { wait: this.wait } : {}), ...(this.closed ? { closed: this.closed } : {}) };
  }

  /** A monitored wait counting down (or none). */
  setWait(wait: LiveWait | undefined): void {
    this.wait = wait;
    this.emit();
  }

  endWait(reason: string): void {
    this.record('endWait', reason);
    this.setWait(undefined);
  }

  extendWait(seconds: number): void {
    this.record('extendWait', seconds);
    if (this.wait) this.setWait({ ...this.wait, seconds: this.wait.seconds + seconds });
  }

  /** The engine closing the session on its own (e.g. "do not proceed" on a changed runbook). */
  close(as: NonNullable<EngineSnapshot['closed']>): void {
    this.closed = as;
    this.emit();
  }

  private emit(): void {
    this.snap = this.build();
    for (const l of this.listeners) l();
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  snapshot(): EngineSnapshot {
    return this.snap;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStep(id: string, patch: Partial<StepState>): void {
    const cur = this.state.steps[id] ?? { status: 'pending', items: {}, runs: [] };
    this.state = { ...this.state, steps: { ...this.state.steps, [id]: { ...cur, ...patch } } };
  }

  private moveOn(id: string): void {
    const i = this.runbook.steps.findIndex((s) => s.id === id);
    const next = this.runbook.steps[i + 1];
    if (next) this.state = { ...this.state, currentStepId: next.id };
  }

  async advance(stepId: string): Promise<void> {
    this.record('advance', stepId);
    this.setStep(stepId, { status: 'passed' });
    this.moveOn(stepId);
    this.emit();
  }

  async toggleItem(stepId: string, itemId: string): Promise<void> {
    this.record('toggleItem', stepId, itemId);
    const cur = this.state.steps[stepId];
    this.setStep(stepId, { items: { ...cur?.items, [itemId]: !(cur?.items[itemId] ?? false) } });
    this.emit();
  }

  async skip(stepId: string, reason: string): Promise<void> {
    this.record('skip', stepId, reason);
    this.setStep(stepId, { status: 'skipped', reason });
    this.moveOn(stepId);
    this.emit();
  }

  /** A decision's branch the test says can be undone (`u` is offered while it is set). */
  setUndoable(undoable: SessionState['flow']['undoable']): void {
    this.state = { ...this.state, flow: { ...this.state.flow, undoable } };
    this.emit();
  }

  async undoDecision(reason: string): Promise<void> {
    this.record('undoDecision', reason);
    this.state = { ...this.state, flow: { ...this.state.flow, undoable: undefined } };
    this.emit();
  }

  async note(text: string, stepId?: string): Promise<void> {
    this.record('note', text, stepId);
    this.state = { ...this.state, notes: [...this.state.notes, { ts: new Date().toISOString(), actor: 'alice', stepId, text }] };
    this.emit();
  }

  select(stepId: string): void {
    this.record('select', stepId);
    this.state = { ...this.state, currentStepId: stepId };
    this.emit();
  }

  async cancelRunning(): Promise<void> {
    this.record('cancelRunning');
    this.live = undefined;
    this.emit();
  }

  async suspend(): Promise<void> {
    this.record('suspend');
  }

  async finish(outcome: 'completed' | 'aborted'): Promise<void> {
    this.record('finish', outcome);
    this.state = { ...this.state, status: outcome, endedAt: new Date().toISOString() };
    this.emit();
  }

  /** Raise a prompt as the engine would; resolves with the UI's answer. */
  ask<K extends PromptKind>(prompt: Extract<Prompt, { kind: K }>): Promise<PromptAnswers[K]> {
    return new Promise((resolve) => {
      const pending: PendingPrompt<K> = {
        id: this.nextPromptId++,
        prompt,
        resolve: (answer) => {
          this.prompt = undefined;
          this.emit();
          resolve(answer);
        },
      };
      this.prompt = pending as unknown as PendingPrompt;
      this.emit();
    });
  }

  setLive(live: LiveOutput | undefined): void {
    this.live = live;
    this.emit();
  }

  setStatus(status: SessionState['status']): void {
    this.state = { ...this.state, status };
    this.emit();
  }
}
