// By hand: `npx tsx test/soak/walk-shared.ts <runbook.md> [all-good|rollback] [k]`. Walks a real
// run of a runbook through the engine with the real shell (fake tools first on PATH),
// answering every decision "all good" (the safe answer: no target, no stop) or "roll back"
// (at the k-th decision that offers it, default the first, the answer that enters a rollback
// section, and inside it the answers that go on through it), confirming every prompt, and prints
// which steps ran, which were not needed, and the path taken. It types a note with every check
// by eye, result and sign-off, exports the session, and says whether summary.md holds them all
// and which sign-offs of the runbook were asked. Monitored waits are ended at once (the fake
// tools have nothing to watch), with the reason recorded. WALK_CHOOSE=<pattern> picks the
// option of a choice of alternatives it matches (default: the first option); WALK_YES=<pattern>
// answers Yes to the questions it matches (a guard phrased as good news: "performs well?").
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSession } from '../../src/evidence/export.js';
import { renderSummary } from '../../src/evidence/summary-md.js';
import { buildReport } from '../../src/evidence/timeline.js';
import { parseAuditLog } from '../../src/session/audit-read.js';
import { sessionPaths } from '../../src/session/session-dir.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { startSession } from '../../src/session/open-session.js';
import { ShellExecutor } from '../../src/steps/shell-executor.js';
import { setByText } from '../../src/session/preflight.js';
import { autopilot } from '../kit/autopilot.js';

const [file, mode = 'all-good'] = process.argv.slice(2);
if (!file) throw new Error('usage: walk-shared.ts <runbook.md> [all-good|rollback]');
const text = readFileSync(file);
const runbook = parseRunbook(text.toString('utf8'), file);
const home = mkdtempSync(join(tmpdir(), 'fd-walk-'));
// the blocks run where the walk runs: a temp directory, never the checkout (a runbook appends to docs/CHANGELOG.md)
process.chdir(mkdtempSync(join(tmpdir(), 'fd-walk-work-')));
const sets = Object.fromEntries(runbook.params.map((p) => [p.name, p.secret ? 'not-a-real-secret-1234' : `x-${p.name}`]));
const executor = new ShellExecutor({ mode: 'run', graceMs: 100, baseEnv: { PATH: `/tmp/fakebin:${process.env.PATH ?? ''}`, HOME: home }, params: runbook.params });
const engine = await startSession({ runbook, runbookBytes: text, mode: 'run', identity: { name: 'walker', source: 'flag' }, env: { FLIGHTDECK_HOME: home }, executor, sets });
let rolledBack = false;
/** Roll back at the k-th decision that offers it (argv: [k], default the first), so each can be tried. */
const rollbackAt = Number(process.argv[4] ?? '1');
let offered = 0;
const decided: string[] = [];
const ROLLBACK = /\broll\s?-?back/i;
const at = (id: string | undefined): number => runbook.steps.findIndex((s) => s.id === id);
/** Whether an answer's target enters a rollback: a step of a rollback section, or a guarded block that leads to one. */
const entersRollback = (target: string | undefined): boolean => {
  const step = runbook.steps[at(target)];
  if (!step) return false;
  return step.path === 'branch' ? ROLLBACK.test(step.contingency?.title ?? '') : ROLLBACK.test(step.leadsTo?.title ?? '');
};
const choose = process.env.WALK_CHOOSE ? new RegExp(process.env.WALK_CHOOSE, 'i') : undefined;
const yesTo = process.env.WALK_YES ? new RegExp(process.env.WALK_YES, 'i') : undefined;
const waitsEnded = new Set<string>();
let asked = 0;
let emits = 0;
engine.subscribe(() => {
  if (++emits === 20000) {
    const st = engine.snapshot().state;
    console.log(`20000 changes; at ${st.currentStepId} seq ${st.seq} detours ${JSON.stringify(st.flow.detours).slice(0, 400)} branch ${JSON.stringify(st.flow.branch)}`);
    process.exit(3);
  }
  // a monitored wait is ended at once (recorded with the reason): the fake tools have nothing to watch
  const wait = engine.snapshot().wait;
  if (wait && !waitsEnded.has(`${wait.stepId}/${wait.waitId}`)) {
    waitsEnded.add(`${wait.stepId}/${wait.waitId}`);
    engine.endWait?.('walked by the check script: nothing to watch');
  }
  const p = engine.snapshot().prompt;
  if (p && ++asked % 500 === 0) {
    console.log(`asked ${asked} prompts; now ${p.prompt.kind}: ${JSON.stringify(p.prompt).slice(0, 300)}`);
    process.exit(3);
  }
});
const dangers: string[] = [];
/** Everything typed during the walk that the evidence must hold. */
const typed: string[] = [];
const signed: string[] = [];
const say = (text: string): string => {
  typed.push(text);
  return text;
};
const unset: string[] = [];
autopilot(engine, {
  params: (p) => Object.fromEntries(p.params.map((x) => [x.name, `x-${x.name}`])),
  danger: (p) => {
    dangers.push(p.resolved.split('\n')[0] ?? '');
    return { confirmed: true };
  },
  unverified: () => ({ confirmed: true, note: say(`eye-check note ${typed.length + 1}`) }),
  'check-failed': { action: 'pass', reason: 'fake tools print {}' },
  evidence: { kind: 'note', value: 'walked by the check script' },
  signoff: (p) => {
    signed.push(p.role ?? '?');
    return { name: say(`signer-${p.role ?? 'x'}`), approved: true, comment: say(`sign-off comment ${typed.length + 1}`) };
  },
  halted: { resolved: true, note: 'resolved' },
  preflight: (p) => {
    unset.push(...p.unset.map((u) => `${u.name} (set by ${setByText(u)})`));
    return { action: 'run', reason: 'walked by the check script' };
  },
  decision: (p) => {
    const answers = p.node.answers;
    // a result (PASS / FAIL): the passing option, with a note
    if (p.decision.id.startsWith('result:')) {
      const pass = answers.find((a) => /^(pass|passed|yes|ok|go|success|done)$/i.test(a.label))?.label ?? answers[0]?.label ?? '';
      return { answer: pass, note: say(`result note ${typed.length + 1}`) };
    }
    // a question WALK_YES names (a pattern) is answered Yes: "50% split performs well?" is all good with Yes
    const yes = yesTo && yesTo.test(p.node.question) ? answers.find((a) => /^yes$/i.test(a.label)) : undefined;
    if (yes) {
      decided.push(`${p.node.question} ${yes.label}`);
      return { answer: yes.label };
    }
    // a choice of alternatives: the option WALK_CHOOSE names (a pattern), else the first
    const option = choose && p.decision.id.startsWith('choice:') ? answers.find((a) => choose.test(a.label)) : undefined;
    if (option) return { answer: option.label };
    // a rollback's end: the highlighted answer ends the session there
    if (p.decision.id.startsWith('flow:end:')) return { answer: p.node.safeDefault ?? '' };
    if (p.decision.id.startsWith('flow:')) return { answer: 'No' };
    const into = rolledBack ? undefined : answers.find((a) => !a.stop && entersRollback(a.targetStepId));
    if (into) offered++;
    if (mode === 'rollback' && into) {
      if (offered === rollbackAt) {
        rolledBack = true;
        decided.push(`${p.node.question} ${into.label} (rolled back here)`);
        return { answer: into.label };
      }
    }
    const branch = engine.snapshot().state.flow.branch;
    if (mode === 'rollback' && rolledBack && branch) {
      // in the rollback: the answer that goes on to its next step (the earliest), as one who chose to roll back answers
      const within = answers
        .filter((a) => !a.stop && a.targetStepId && runbook.steps.find((s) => s.id === a.targetStepId)?.contingency?.sectionId === branch.sectionId)
        .sort((a, b) => at(a.targetStepId) - at(b.targetStepId))[0];
      if (within) {
        decided.push(`${p.node.question} ${within.label}`);
        return { answer: within.label };
      }
    }
    const safe = p.node.safeDefault ?? answers.find((a) => !a.stop && !a.targetStepId && /^(no|pass|ok|continue)/i.test(a.label))?.label ?? answers.find((a) => !a.stop && !a.targetStepId)?.label ?? answers[0]?.label ?? '';
    decided.push(`${p.node.question} ${safe}`);
    return { answer: safe };
  },
});
for (let i = 0; i < 500; i++) {
  const at = engine.snapshot().state.currentStepId;
  if (!at) break;
  const before = engine.snapshot().state.steps[at]?.status;
  await engine.advance(at);
  if (engine.snapshot().state.currentStepId === at && engine.snapshot().state.steps[at]?.status === before) {
    console.log(`stuck at ${at}: ${engine.snapshot().state.steps[at]?.status}`);
    break;
  }
}
const state = engine.snapshot().state;
const ran = runbook.steps.filter((s) => (state.steps[s.id]?.runs.length ?? 0) > 0);
console.log(`ran ${ran.length} steps; branch steps that ran: ${ran.filter((s) => s.path === 'branch').map((s) => s.title).join(' | ') || 'none'}`);
const order = ran.map((s) => ({ n: at(s.id) + 1, t: state.steps[s.id]?.startedAt ?? '' })).sort((a, b) => a.t.localeCompare(b.t));
console.log(`steps that ran, in the order they ran (list numbers): ${order.map((o) => o.n).join(' ')}`);
console.log(`not needed: ${runbook.steps.filter((s) => state.steps[s.id]?.status === 'not-needed').length}; detours: ${JSON.stringify(state.flow.detours)}`);
console.log(`open main steps: ${runbook.steps.filter((s) => s.path === 'main' && state.steps[s.id]?.status === 'pending').map((s) => s.title).join(' | ') || 'none'}`);
console.log(`decisions answered: ${decided.length}: ${decided.join(' | ')}`);
console.log(`rollback offered by ${offered} decision(s)${mode === 'rollback' ? `; rolled back at number ${rollbackAt}: ${rolledBack ? 'yes' : 'no such decision'}` : ''}`);
console.log(`monitored waits ended early: ${waitsEnded.size}`);
console.log(`typed confirmations: ${dangers.length}: ${dangers.slice(0, 8).join(' | ')}`);
console.log(`pre-flight, unset variables: ${unset.length}: ${unset.slice(0, 8).join(' | ')}`);
// a rollback walked to its end has ended the session already (rolled back)
if (engine.closed) console.log(`the session ended ${engine.closed}: ${engine.snapshot().state.endReason ?? ''}`);
else {
  await engine.note(say('closing note typed at the end of the walk'), engine.snapshot().state.currentStepId);
  await engine.finish('completed');
}
const forms = runbook.steps.filter((s) => s.path === 'main').flatMap((s) => s.signoffs.flatMap((f) => f.roles));
console.log(`sign-offs asked: ${signed.length} (${signed.join(', ') || 'none'}); roles on the main path: ${forms.length}`);
const out = join(home, 'pack');
let summary: string;
try {
  await exportSession(engine.sessionId, { env: { FLIGHTDECK_HOME: home }, out });
  summary = readFileSync(join(out, 'summary.md'), 'utf8');
} catch (err) {
  // the pack refused (its secret scan): the summary it would hold, from the log
  console.log(`export refused: ${(err as Error).message}; summary.md rendered from the log instead`);
  const events = parseAuditLog(readFileSync(sessionPaths(engine.sessionId, { FLIGHTDECK_HOME: home }).audit)).events;
  summary = renderSummary(buildReport(events, { steps: runbook.steps.map((st) => ({ id: st.id, title: st.title })) }));
}
const missing = typed.filter((t) => !summary.includes(t));
console.log(`summary.md holds ${typed.length - missing.length} of ${typed.length} things typed${missing.length ? `; missing: ${missing.slice(0, 5).join(' | ')}` : ''}`);
