// What the UI reads of a session: one snapshot per change (built when first asked for after
// the engine says something changed), the listeners told of each change, and the notice
// line for the operator.
import type { EngineSnapshot } from './types.js';

export class SnapshotHub {
  private readonly listeners = new Set<() => void>();
  private snap: EngineSnapshot | undefined;

  constructor(
    private readonly build: () => EngineSnapshot,
    public notice: string | undefined,
  ) {}

  get(): EngineSnapshot {
    this.snap ??= this.build();
    return this.snap;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.snap = undefined;
    for (const l of this.listeners) l();
  }

  /** A line for the operator, kept with any notice already showing; the same line is said once. */
  addNotice(text: string | undefined): void {
    if (!text || this.notice?.includes(text)) return;
    this.notice = this.notice ? `${text}; ${this.notice}` : text;
    this.changed();
  }
}
