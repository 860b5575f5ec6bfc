// Monitored waits as the block walk meets them (waits.ts reads the words): a sentence or
// checklist item ("Monitor for 10 minutes"), a `<!-- flightdeck: wait ... -->` annotation, or
// a block that only sleeps in a monitoring step (the block is then the wait, not a command).
// Two of them at the same point of a step are one wait: the annotation's settings win.
import type { WaitDirective } from './annotations.js';
import { thresholdsOf } from './annotation-blocks.js';
import { DecisionBuilder } from './build-decisions.js';
import type { Ctx, Label } from './build-state.js';
import type { FenceBlock } from './markdown-blocks.js';
import type { Step } from './model.js';
import type { MonitoredWait } from './wait-model.js';
import { isMonitoring, monitorSleeps, sleepOnly, waitPhrase } from './waits.js';

type WaitDraft = Omit<MonitoredWait, 'id' | 'after'>;

export class WaitBuilder extends DecisionBuilder {
  private nWait = 0;

  /** "Monitor for 10 minutes" in a paragraph or a checklist item. */
  protected waitFromProse(text: string, line: number, ctx: Ctx): void {
    const phrase = waitPhrase(text);
    if (!phrase) return;
    this.addWait(this.owner(ctx, line), { line, text: phrase.text, seconds: phrase.seconds, source: 'prose', metrics: [], criteria: [] });
  }

  protected waitFromDirective(d: WaitDirective, line: number, ctx: Ctx): void {
    const draft: WaitDraft = {
      line,
      text: `Wait ${durationText(d.seconds)}`,
      seconds: d.seconds,
      source: 'annotation',
      metrics: d.watch,
      criteria: d.abortIf.flatMap(thresholdsOf).map((threshold) => ({ threshold, mode: 'abort-if' as const, from: 'annotation' as const, line })),
    };
    if (d.intervalMs !== undefined) draft.intervalMs = d.intervalMs;
    this.addWait(this.owner(ctx, line), draft);
  }

  /** A block that only sleeps, in a step that monitors: the wait instead of a command. */
  protected waitFromSleep(b: FenceBlock, ctx: Ctx, label: Label | undefined): boolean {
    const seconds = sleepOnly(b.content);
    if (seconds === undefined) return false;
    const step = this.owner(ctx, b.line);
    const comments = b.content.split('\n').filter((l) => /^\s*#/.test(l)).join(' ');
    if (!isMonitoring(step.title, ctx.item?.text, label?.text, comments, step.items[step.items.length - 1]?.text)) return false;
    const said = waitPhrase(comments)?.text;
    this.addWait(step, { line: b.line, text: said ?? `Monitor for ${durationText(seconds)}`, seconds, source: 'sleep', metrics: [], criteria: [] });
    return true;
  }

  /** The monitoring `sleep`s inside the block just added as the step's last command. */
  protected waitsInBlock(b: FenceBlock, ctx: Ctx): void {
    const step = this.owner(ctx, b.line);
    for (const s of monitorSleeps(b.content)) {
      this.addWait(step, { line: b.line + 1 + s.offset, text: s.text, seconds: s.seconds, source: 'sleep', metrics: [], criteria: [], inBlock: true });
    }
  }

  private addWait(step: Step, draft: WaitDraft): void {
    const waits = (step.waits ??= []);
    const after = step.commands[step.commands.length - 1]?.id;
    const last = waits[waits.length - 1];
    if (last && last.after === after && !last.inBlock && !draft.inBlock) {
      // the same wait said twice (a sentence and its sleep block, or its annotation)
      if (draft.source === 'annotation') Object.assign(last, { ...draft, text: last.source === 'prose' ? last.text : draft.text, criteria: [...last.criteria, ...draft.criteria] });
      return;
    }
    const wait: MonitoredWait = { ...draft, id: `wait-${++this.nWait}` };
    if (after) wait.after = after;
    const item = step.items.find((i) => i.line === draft.line);
    if (item) wait.itemId = item.id;
    waits.push(wait);
  }
}

/** 600 -> "10 min", 90 -> "90 s", 7200 -> "2 h". */
export function durationText(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
