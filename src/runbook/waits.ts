// Reading monitored waits (wait-model.ts) out of a runbook: the phrases that say one, a block
// that only sleeps in a monitoring step, and, once the whole runbook is read, the abort
// criteria in scope of each wait (its step's and section's thresholds, the "When to rollback"
// lists and rollback trees) and the metrics it watches.
import type { Runbook, Step, Threshold } from './model.js';
import type { MonitoredWait, WaitCriterion } from './wait-model.js';
import { statements } from './shell-statements.js';
import { isAbortWording, normaliseMetric } from './thresholds.js';

const UNIT = String.raw`(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b`;
/** "Monitor (the canary) for 10 minutes", "Observe for 5 min", "Wait 5 minutes", "wait for 30 seconds", "observe for 10". */
const PHRASE = new RegExp(
  String.raw`(?:^|[.!;:]\s+|\bthen\s+)((?:monitor|observe|watch)\b(?:\s+[\w-]+){0,3}?\s+for\s+(\d+(?:\.\d+)?)\s*(?:${UNIT})?|wait\s+(?:for\s+)?(\d+(?:\.\d+)?)\s*${UNIT})`,
  'i',
);
/** Words that make a step a monitoring one, so that its `sleep` block is a monitored wait. */
const MONITORING = /\b(monitor\w*|observ\w*|watch\w*|soak\w*|bake|canary)\b/i;

function secondsOf(value: string, unit: string | undefined): number {
  const v = Number(value);
  const u = (unit ?? 'm').toLowerCase();
  if (u.startsWith('h')) return Math.round(v * 3600);
  if (u.startsWith('s')) return Math.round(v);
  return Math.round(v * 60);
}

/** The wait a sentence asks for: "Monitor for 10 minutes" -> 600 s (a bare number is minutes). */
export function waitPhrase(text: string): { text: string; seconds: number } | undefined {
  const clean = text.replace(/[*_`]+/g, '').trim();
  const m = PHRASE.exec(clean);
  if (!m?.[1]) return undefined;
  const seconds = m[2] !== undefined ? secondsOf(m[2], m[3]) : secondsOf(m[4] ?? '0', m[5]);
  // a bare "observe for 10" must end there, or it is not a duration ("watch for 5 errors")
  if (m[2] !== undefined && m[3] === undefined && !/^\s*(?:[.,;:)]|$)/.test(clean.slice((m.index ?? 0) + m[0].length))) return undefined;
  if (seconds < 1) return undefined;
  return { text: m[1].replace(/[:.]$/, '').trim(), seconds };
}

const SLEEP = /^sleep\s+(\d+(?:\.\d+)?)([smh]?)$/;

/** A block that does nothing but sleep (after an echo saying so): its total seconds; undefined for any other block. */
export function sleepOnly(code: string): number | undefined {
  // most blocks never sleep: no need to split them into statements
  if (!code.includes('sleep')) return undefined;
  let total = 0;
  let sleeps = 0;
  for (const st of statements(code)) {
    const [cmd] = st.words;
    // an announcement before the sleep; anything after it is work the block does
    if ((cmd === 'echo' || cmd === 'printf' || cmd === ':' || cmd === 'true') && sleeps === 0) continue;
    const m = SLEEP.exec(st.words.join(' '));
    if (!m?.[1]) return undefined;
    sleeps++;
    total += Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  }
  return sleeps > 0 && total >= 1 ? Math.round(total) : undefined;
}

const IN_BLOCK_SLEEP = /^sleep\s+(\d+)([smh]?)\s*(?:#\s*(.*))?$/;
const MONITOR_WORDS = /\b(monitor\w*|observ\w*|watch\w*|soak\w*|bake)\b/i;

/**
 * The `sleep`s of a longer block that wait to monitor something: at the block's top level
 * (not indented), said so by their own comment or the comment or echo just above
 * ("# Monitor for 10 minutes", `echo "Monitoring canary..."`). "# Wait for the revision to
 * be ready" is not monitoring. `offset` is the sleep's line within the block.
 */
export function monitorSleeps(code: string): { offset: number; seconds: number; text: string }[] {
  if (!code.includes('sleep')) return [];
  const lines = code.split('\n');
  const out: { offset: number; seconds: number; text: string }[] = [];
  lines.forEach((line, i) => {
    const m = IN_BLOCK_SLEEP.exec(line.trimEnd());
    if (!m?.[1]) return;
    const seconds = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
    const above = lines.slice(Math.max(0, i - 2), i).filter((l) => /^\s*(#|echo\b)/.test(l));
    const said = [m[3] ?? '', ...above].find((t) => MONITOR_WORDS.test(t));
    if (said === undefined || seconds < 1) return;
    const phrase = [m[3] ?? '', ...above].map((t) => waitPhrase(t.replace(/^\s*#\s*|^\s*echo\s+["']?/, ''))).find((p) => p !== undefined);
    out.push({ offset: i, seconds, text: phrase?.text ?? said.replace(/^\s*#\s*|^\s*echo\s+["']?|["']$/g, '').replace(/\.{3}$/, '').trim() });
  });
  return out;
}

/** Whether any of the texts (step title, item, label, the block's comments) says the step monitors something. */
export function isMonitoring(...texts: (string | undefined)[]): boolean {
  return texts.some((t) => t !== undefined && MONITORING.test(t));
}

function key(t: Threshold, mode: string): string {
  return `${normaliseMetric(t.metric)}|${mode}|${t.comparator}|${t.value}|${t.unit ?? ''}`;
}

/** Rollback lists and trees: questions that say roll back (not "Do NOT rollback", not "Evaluate"), with their thresholds. */
function rollbackCriteria(runbook: Runbook): WaitCriterion[] {
  const out: WaitCriterion[] = [];
  for (const step of runbook.steps) {
    for (const d of step.decisions) {
      if (d.kind !== 'list' && d.kind !== 'tree') continue;
      for (const q of d.questions) {
        const words = `${d.title} ${d.context ?? ''} ${q.question}`;
        if (!isAbortWording(words) || /\b(not|evaluate)\b/i.test(q.question)) continue;
        for (const threshold of q.thresholds ?? []) out.push({ threshold, mode: 'abort-if', from: 'rollback', line: q.line, decisionId: d.id });
      }
    }
  }
  return out;
}

function gateCriteria(step: Step, from: 'step' | 'section'): WaitCriterion[] {
  return step.gates.flatMap((g) => g.thresholds.map((threshold): WaitCriterion => ({ threshold, mode: g.mode, from, line: g.line, gateId: g.id })));
}

/** Most metrics a wait draws at once. */
const MAX_METRICS = 4;

/** Fills each wait's criteria (annotation first, then step, section, rollback) and the metrics it watches. */
export function linkWaits(runbook: Runbook): void {
  const rollback = rollbackCriteria(runbook);
  // the steps of each section on each path, grouped once (not searched for every wait)
  const groups = new Map<string, Step[]>();
  for (const s of runbook.steps) {
    const k = `${s.sectionId}|${s.path}`;
    const list = groups.get(k);
    if (list) list.push(s);
    else groups.set(k, [s]);
  }
  for (const step of runbook.steps) {
    for (const wait of step.waits ?? []) {
      const section = (groups.get(`${step.sectionId}|${step.path}`) ?? []).filter((s) => s !== step);
      wait.criteria = criteriaInScope(wait.criteria, [...gateCriteria(step, 'step'), ...section.flatMap((s) => gateCriteria(s, 'section'))], rollback);
      if (wait.metrics.length === 0) wait.metrics = watchedMetrics(wait.criteria);
    }
  }
}

/** A wait's abort criteria: its own, then its step's and section's gates, then the rollback lists and trees, each once. */
function criteriaInScope(own: readonly WaitCriterion[], gates: readonly WaitCriterion[], rollback: readonly WaitCriterion[]): WaitCriterion[] {
  const all = [...own, ...gates, ...rollback];
  const seen = new Set<string>();
  return all.filter((c) => {
    const k = key(c.threshold, c.mode);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The abort criteria of a wait a decision's answer added after `step` ("Monitor 5 min" once
 * the error rate is known to be 1-5%): the runbook's rollback lists and trees, not the limits
 * the step already crossed (the wait would end at its first sample). Without any, the step's own.
 */
export function criteriaAfter(runbook: Runbook, step: Step | undefined): WaitCriterion[] {
  const rollback = rollbackCriteria(runbook);
  if (rollback.length > 0) return criteriaInScope([], [], rollback);
  return criteriaInScope((step?.waits ?? []).flatMap((w) => w.criteria), step ? gateCriteria(step, 'step') : [], []);
}

/** The metrics a wait draws: those its criteria name, each once, at most MAX_METRICS. */
export function watchedMetrics(criteria: readonly WaitCriterion[]): string[] {
  const metrics = new Map<string, string>();
  for (const c of criteria) if (!metrics.has(normaliseMetric(c.threshold.metric))) metrics.set(normaliseMetric(c.threshold.metric), c.threshold.metric);
  return [...metrics.values()].slice(0, MAX_METRICS);
}

/** "Monitor 5 min" as a tree's outcome (terse, no "for"), or any wait phrase: the wait it asks for. */
export function outcomeWait(text: string): { text: string; seconds: number } | undefined {
  const terse = new RegExp(String.raw`^\s*((?:monitor|observe|watch)\s+(\d+(?:\.\d+)?)\s*${UNIT})`, 'i').exec(text);
  if (terse?.[1] && terse[2] !== undefined) return { text: terse[1].trim(), seconds: secondsOf(terse[2], terse[3]) };
  return waitPhrase(text);
}

export type { MonitoredWait };
