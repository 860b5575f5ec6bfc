// Sign-off forms: tables with Role/Name/Signature/Date columns, `Approved by: ____` lines,
// an "Approval:" label over "Role: ____" lines (a list or the paragraph's own lines), and a
// `☐ Yes ☐ No` choice right under such a table (part of the same form).
import type { TableBlock } from './markdown-blocks.js';
import type { Diagnostic, Step } from './model.js';

export interface FormDraft {
  line: number;
  title: string;
  roles: string[];
  choice?: { label: string; options: string[] };
}

const SIGN_COLUMNS = /^(name|signature|sign|signed|date|approved|approval|initials?)$/i;

export function signoffFromTable(table: TableBlock, title: string): FormDraft | undefined {
  const header = table.header.map((h) => h.replace(/[*_`]/g, '').trim());
  const roleCol = header.findIndex((h) => /^(role|approver|function)$/i.test(h));
  if (roleCol < 0 || !header.some((h) => SIGN_COLUMNS.test(h))) return undefined;
  const roles = table.rows.map((r) => (r[roleCol] ?? '').replace(/[*_`]/g, '').trim()).filter((r) => r.length > 0);
  if (roles.length === 0) return undefined;
  return { line: table.line, title, roles };
}

const BOX = /[☐☑☒□■]/;

/** "**Deployment Authorized**: ☐ Yes ☐ No" -> { label: 'Deployment Authorized', options: ['Yes', 'No'] } */
export function parseChoice(text: string): { label: string; options: string[] } | undefined {
  if (!BOX.test(text)) return undefined;
  const first = text.search(BOX);
  const label = text
    .slice(0, first)
    .replace(/[*_`|]/g, '')
    .trim()
    .replace(/:$/, '')
    .trim();
  const options = text
    .slice(first)
    .split(BOX)
    .map((o) => o.replace(/[|*_`]/g, '').trim())
    .filter((o) => o.length > 0);
  if (options.length < 2) return undefined;
  return { label: label || 'Choice', options };
}

const APPROVED_BY = /^\s*(approved|signed[ -]?off|authori[sz]ed|reviewed)\s+by\s*:?\s*(?:_{3,}|\[\s*\]|\.{3,})/i;

/** `Approved by: ______` (the line as written: inline text drops runs of underscores) -> a one-role form titled "Approved by". */
export function approvedByForm(line: string): { title: string; roles: string[] } | undefined {
  const m = APPROVED_BY.exec(line.replace(/\*\*|`/g, ''));
  if (!m?.[1]) return undefined;
  const verb = m[1].toLowerCase();
  const role = verb.startsWith('signed') ? 'Signer' : verb.startsWith('reviewed') ? 'Reviewer' : 'Approver';
  return { title: `${m[1]} by`.replace(/^\w/, (c) => c.toUpperCase()), roles: [role] };
}

const FORM_LABEL = /^(?:approvals?|approved\s+by|sign[- ]?offs?|signed[- ]?off\s+by|signatures?|authori[sz](?:ed\s+by|ations?))\s*:?$/i;
const BLANK_ROLE = /^\s*([^:]{2,60}?)\s*:\s*(?:_{3,}|\.{3,}|…|\[\s*\])/;
/** Lines that are fields of one signature, not roles: "Name: ____", "Date: ____". */
const FIELD = /^(name|signature|sign|signed|date|time|initials?)$/i;

/** "Technical Lead: ______" -> "Technical Lead". */
export function blankRole(text: string): string | undefined {
  const m = BLANK_ROLE.exec(text.replace(/\*\*|`/g, ''));
  const role = m?.[1]?.replace(/^[*_\s]+|[*_\s]+$/g, '').trim();
  return role ? role : undefined;
}

/**
 * "Approval:" (or "Approved by:", "Sign-off:") over lines that are each "Role: ____": a form
 * with those roles. Lines naming fields of one signature ("Name: ____ / Date: ____") make a
 * one-role form.
 */
export function signoffFromLines(label: string, lines: readonly string[]): { title: string; roles: string[] } | undefined {
  const head = label.replace(/[*_`]/g, '').trim();
  if (!FORM_LABEL.test(head) || lines.length === 0) return undefined;
  const roles: string[] = [];
  for (const line of lines) {
    const role = blankRole(line);
    if (role === undefined) return undefined;
    if (!FIELD.test(role) && !roles.includes(role)) roles.push(role);
  }
  const title = head.replace(/\s*:$/, '');
  return { title, roles: roles.length > 0 ? roles : [/^approv|^authori/i.test(title) ? 'Approver' : 'Signer'] };
}

const DOCUMENT_META = /^(document\s+(control|history|approvals?|information|metadata)|revision\s+history|version\s+history|change\s+history)$/i;

/**
 * The approval list of a "Document Control" section approves the runbook document. When
 * every role on it already signs the change on a form of the procedure, asking them again
 * at the end would be the same signature twice: the list is kept as text and not asked.
 * When it names someone who signs nowhere else (or the runbook has no other form), it is
 * the only place that person signs, so it stays a form asked at the end.
 */
export function settleDocumentApproval(steps: readonly Step[], diagnostics: Diagnostic[]): void {
  const isMeta = (s: Step): boolean => [s.title, ...s.trail].some((t) => DOCUMENT_META.test(t.replace(/[*_`#✅]/g, '').trim()));
  const procedureRoles = new Set(steps.filter((s) => !isMeta(s)).flatMap((s) => s.signoffs.flatMap((f) => f.roles.map(roleKey))));
  if (procedureRoles.size === 0) return;
  for (const step of steps) {
    if (!isMeta(step)) continue;
    const kept = step.signoffs.filter((f) => !f.roles.every((r) => procedureRoles.has(roleKey(r))));
    for (const dropped of step.signoffs.filter((f) => !kept.includes(f))) {
      diagnostics.push({
        line: dropped.line,
        severity: 'info',
        message: `"${dropped.title}" under "${step.title}" approves the document; ${dropped.roles.join(', ')} already sign the change on the procedure's forms, so it is not asked again`,
      });
    }
    step.signoffs = kept;
  }
}

function roleKey(role: string): string {
  return role.toLowerCase().replace(/\s+/g, ' ').trim();
}
