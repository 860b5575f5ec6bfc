// Waiting on an engine by subscription (never by polling or sleeping): `whenSnapshot` waits for
// a snapshot to show something, `nextPrompt` for the next question, `answer` waits for one of a kind and resolves it, and `autopilot` answers
// every question of the kinds it is given for as long as it runs.
import type { EngineSnapshot, PendingPrompt, Prompt, PromptAnswers, PromptKind, SessionEngine } from '../../src/session/types.js';

type PromptOf<K extends PromptKind> = Extract<Prompt, { kind: K }>;
export type Reply<K extends PromptKind> = PromptAnswers[K] | ((prompt: PromptOf<K>) => PromptAnswers[K]);
export type Replies = { [K in PromptKind]?: Reply<K> };

/** Resolves with the first snapshot `pick` returns a value for (now, or after a change the engine reports); rejects after `timeoutMs`. */
export function whenSnapshot<T>(engine: SessionEngine, pick: (snap: EngineSnapshot) => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = pick(engine.snapshot());
    if (now !== undefined) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = engine.subscribe(() => {
      const value = pick(engine.snapshot());
      if (value === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

/** Resolves with the first pending prompt (now, or once the engine raises one). */
export function nextPrompt(engine: SessionEngine, timeoutMs = 10_000): Promise<PendingPrompt> {
  return whenSnapshot(engine, (s) => s.prompt, 'a prompt', timeoutMs);
}

/** Resolves once the running command's live output has a line containing `text`. */
export async function liveShows(engine: SessionEngine, text: string, timeoutMs = 10_000): Promise<void> {
  await whenSnapshot(engine, (s) => (s.live?.lines.some((l) => l.includes(text)) ? true : undefined), `live output showing ${JSON.stringify(text)}`, timeoutMs);
}

/** Waits for the engine's next prompt, checks it is of `kind`, answers it; returns the prompt. */
export async function answer<K extends PromptKind>(engine: SessionEngine, kind: K, value: Reply<K>): Promise<PromptOf<K>> {
  const pending = await nextPrompt(engine);
  if (pending.prompt.kind !== kind) throw new Error(`expected a ${kind} prompt, got ${pending.prompt.kind}`);
  const prompt = pending.prompt as PromptOf<K>;
  (pending.resolve as (a: PromptAnswers[K]) => void)(typeof value === 'function' ? value(prompt) : value);
  return prompt;
}

export interface Autopilot {
  /** Every prompt answered, in order. */
  readonly asked: Prompt[];
  stop(): void;
}

/**
 * Answers each prompt whose kind has a reply, as soon as it is raised; a prompt of another
 * kind is left pending (the test sees it with nextPrompt). Answers are given on the next
 * microtask, not inside the engine's notification.
 */
export function autopilot(engine: SessionEngine, replies: Replies): Autopilot {
  const asked: Prompt[] = [];
  let answered = 0;
  const check = (): void => {
    const pending = engine.snapshot().prompt;
    if (!pending || pending.id === answered) return;
    const reply = replies[pending.prompt.kind] as Reply<PromptKind> | undefined;
    if (reply === undefined) return;
    answered = pending.id;
    queueMicrotask(() => {
      asked.push(pending.prompt);
      const value = typeof reply === 'function' ? (reply as (p: Prompt) => unknown)(pending.prompt) : reply;
      (pending.resolve as (a: unknown) => void)(value);
    });
  };
  const unsubscribe = engine.subscribe(check);
  check();
  return { asked, stop: unsubscribe };
}
