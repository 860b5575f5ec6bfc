// One line of text per audit event, for the report's timeline, with failures and
// deviations flagged so they can be highlighted.
import type { AuditEvent } from '../session/audit-event.js';
import { bool, num, rec, str } from './event-fields.js';
import { plural, timedOutText } from './format.js';
import type { TimelineEntry } from './report-model.js';

export function describeEvent(e: AuditEvent): Pick<TimelineEntry, 'text' | 'flag'> {
  const d = e.data;
  const step = str(e.data, 'stepId');
  const at = step ? ` [${step}]` : '';
  switch (e.type) {
    case 'session.start':
      return { text: `session started (${str(d, 'mode') ?? 'run'}) on ${str(d, 'host') ?? '?'}: ${str(d, 'runbook') ?? ''}` };
    case 'param.set':
      return { text: `parameter ${str(d, 'name') ?? '?'} set (${str(d, 'source') ?? '?'}${bool(d, 'secret') ? ', secret' : ''}${bool(d, 'unmasked') ? ', too short to mask in output' : ''})` };
    case 'step.start':
      return { text: `step started${at}: ${str(d, 'title') ?? ''}` };
    case 'cmd.start':
      return { text: `command ${str(d, 'execution') === 'would-run' ? 'would run' : 'started'}${at}: ${firstLine(str(d, 'resolved', 'script') ?? '')}` };
    case 'output':
      return { text: `output spooled${at}: ${str(d, 'file') ?? ''} (${plural(num(d, 'lines') ?? 0, 'line')}, ${plural(num(d, 'bytes') ?? 0, 'byte')})` };
    case 'cmd.exit': {
      const code = num(d, 'exitCode');
      const signal = str(d, 'signal');
      const failed = (code !== undefined && code !== 0) || signal !== undefined || bool(d, 'cancelled') === true;
      const how = bool(d, 'timedOut') ? timedOutText(num(d, 'timeoutMs')) : signal ? `signal ${signal}` : code !== undefined ? `exit ${code}` : str(d, 'execution') === 'manual' ? 'done by hand' : 'ended';
      return { text: `command ended${at}: ${how}${durationText(num(d, 'durationMs'))}`, ...(failed ? { flag: 'fail' as const } : {}) };
    }
    case 'input':
      return { text: `typed into the command${at}: ${str(d, 'text') ?? ''}` };
    case 'check': {
      if (str(d, 'kind') === 'item') return { text: `item ${bool(d, 'checked') ? 'ticked' : 'unticked'}${at}: ${str(d, 'text') ?? ''}` };
      const result = str(d, 'result') ?? '?';
      return { text: `check ${result}${at}: expected ${str(d, 'expected') ?? '?'}${str(d, 'actual') !== undefined ? `, got ${str(d, 'actual')}` : ''}`, ...(result === 'fail' ? { flag: 'fail' as const } : {}) };
    }
    case 'metric':
      return { text: `metric${at}: ${str(d, 'name', 'metric') ?? '?'}${str(d, 'result') ? ` ${str(d, 'result')}` : ''}`, ...(str(d, 'result') === 'fail' ? { flag: 'fail' as const } : {}) };
    case 'decision':
      return { text: `decision${at}: ${str(d, 'question') ?? '?'} -> ${str(d, 'answer') ?? '?'} (${str(d, 'who') ?? e.actor})` };
    case 'evidence':
      return { text: `evidence${at}: ${str(d, 'kind') ?? '?'} ${firstLine(str(d, 'value') ?? '')}` };
    case 'signoff':
      return { text: `sign-off${at}: ${str(d, 'role') ?? '?'} by ${str(d, 'name') ?? '?'} (${bool(d, 'approved') === false ? 'NOT approved' : 'approved'})`, ...(bool(d, 'approved') === false ? { flag: 'fail' as const } : {}) };
    case 'deviation':
      return { text: `DEVIATION ${str(d, 'kind') ?? '?'}${at}: ${str(d, 'reason') ?? ''}`, flag: 'deviation' };
    case 'note':
      return { text: `${str(d, 'kind') && str(d, 'kind') !== 'note' ? `${str(d, 'kind')}: ` : 'note: '}${str(d, 'text') ?? ''}` };
    case 'recovery':
      return { text: `recovery: ${str(d, 'reason') ?? '?'}` };
    case 'shell.restore':
      return { text: shellRestoreText(d) };
    case 'step.end': {
      const status = str(d, 'status') ?? '?';
      const flag = status === 'failed' ? 'fail' : status === 'skipped' || status === 'waived' ? 'deviation' : undefined;
      return { text: `step ${status}${at}${str(d, 'reason') ? `: ${str(d, 'reason')}` : ''}`, ...(flag ? { flag } : {}) };
    }
    case 'flow':
      return flowText(d);
    case 'wait':
      return waitText(d, at);
    case 'session.end': {
      const outcome = str(d, 'outcome') ?? '?';
      const reason = str(d, 'reason');
      return { text: `session ended: ${outcome}${reason ? ` (${reason})` : ''}`, ...(outcome === 'aborted' || outcome === 'rolled-back' ? { flag: 'fail' as const } : {}) };
    }
    default: {
      const never: never = e.type;
      return never;
    }
  }
}

export function waitText(d: Record<string, unknown>, at: string): Pick<TimelineEntry, 'text' | 'flag'> {
  const served = `${Math.round(num(d, 'servedSeconds') ?? 0)} s served`;
  switch (str(d, 'kind')) {
    case 'start':
      return { text: `wait started${at}: ${str(d, 'text') ?? '?'} (${num(d, 'seconds') ?? '?'} s${bool(d, 'simulated') ? ', simulated' : ''})` };
    case 'progress':
      return { text: `waiting${at}: ${served}` };
    case 'resume':
      return { text: `wait resumed${at} after ${served}` };
    case 'extend':
      return { text: `wait extended${at} by ${num(d, 'addSeconds') ?? '?'} s to ${num(d, 'seconds') ?? '?'} s` };
    case 'end': {
      const outcome = str(d, 'outcome') ?? '?';
      const b = rec(d, 'breach');
      const why = b ? `: ${str(b, 'metric') ?? '?'} ${num(b, 'value') ?? '?'}${str(b, 'unit') ?? ''} against ${str(b, 'criterion') ?? '?'}` : str(d, 'reason') ? `: ${str(d, 'reason')}` : '';
      const flag = outcome === 'breach' ? ('fail' as const) : outcome === 'ended-early' ? ('deviation' as const) : undefined;
      const how = outcome === 'elapsed' ? 'wait served' : outcome === 'breach' ? 'wait broken off by a limit crossed' : outcome === 'ended-early' ? 'wait ended early' : `wait ${outcome}`;
      return { text: `${how}${at} (${served})${why}`, ...(flag ? { flag } : {}) };
    }
    default:
      return { text: `wait${at}` };
  }
}

function flowText(d: Record<string, unknown>): Pick<TimelineEntry, 'text' | 'flag'> {
  switch (str(d, 'kind')) {
    case 'enter':
      return { text: `left the main path for ${str(d, 'title') ?? '?'} (${str(d, 'by') ?? '?'}: ${str(d, 'reason') ?? ''})`, flag: 'deviation' };
    case 'leave':
      return { text: `back on the main path after ${str(d, 'title') ?? '?'}: ${str(d, 'reason') ?? ''}` };
    case 'choose':
      return { text: `chose ${str(d, 'option') ?? '?'}` };
    case 'halt':
      return { text: `STOPPED: ${str(d, 'question') ?? '?'} -> ${str(d, 'answer') ?? '?'}`, flag: 'fail' };
    case 'resolved':
      return { text: `stop resolved: ${str(d, 'note') ?? ''}` };
    default:
      return { text: `flow: ${str(d, 'kind') ?? '?'}` };
  }
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return nl === -1 ? s : `${s.slice(0, nl)} ...`;
}

function durationText(ms: number | undefined): string {
  return ms === undefined ? '' : ` after ${(ms / 1000).toFixed(1)} s`;
}

/** The runbook's steps in order (from the runbook copy), for titles and ordering. */

function names(d: Record<string, unknown>, key: string): string[] {
  const v = d[key];
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown) => (typeof x === 'string' ? [x] : typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' ? [(x as { name: string }).name] : []));
}

function shellRestoreText(d: Record<string, unknown>): string {
  const status = str(d, 'status') ?? '?';
  if (status !== 'restored') return `shell state not restored (${status}${str(d, 'reason') ? `: ${str(d, 'reason')}` : ''}); a fresh shell`;
  const withheld = names(d, 'withheld');
  return `shell state restored: cwd ${str(d, 'cwd') ?? '?'}${bool(d, 'cwdGone') ? ' (gone)' : ''}, ${plural(names(d, 'variables').length, 'variable')}, ${plural(names(d, 'functions').length, 'function')}${withheld.length > 0 ? `; not restored (looked secret): ${withheld.join(', ')}` : ''}`;
}
