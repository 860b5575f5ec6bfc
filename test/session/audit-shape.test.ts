// The audit reader checks an event's shape by hand (zod stays off the session start path).
// These cases hold it to the zod schema it replaced: same verdict, same first message.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseAuditLog } from '../../src/session/audit-read.js';

const TYPES = [
  'session.start', 'param.set', 'step.start', 'cmd.start', 'output', 'cmd.exit', 'input', 'check', 'metric',
  'decision', 'evidence', 'signoff', 'deviation', 'note', 'recovery', 'shell.restore', 'step.end', 'flow', 'wait', 'session.end',
] as const;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const zodSchema = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().positive(),
  ts: z.string().min(1),
  session: z.string().min(1),
  actor: z.string(),
  type: z.enum(TYPES),
  data: z.record(z.string(), z.unknown()),
  prev: hex64,
  h: hex64,
});

const H = 'a'.repeat(64);
const GOOD = { v: 1, seq: 1, ts: '2026-01-01T00:00:00.000Z', session: 's1', actor: 'ann', type: 'session.start', data: {}, prev: H, h: H };
const VALUES: unknown[] = [undefined, null, true, 0, -1, 1, 2, 1.5, -2.5, 2 ** 53, -(2 ** 53), '', 'x', 'note', 'step.end', [], {}, { a: 1 }, [1], H, 'A'.repeat(64), `${H}0`];

function zodReason(raw: unknown): string | undefined {
  const r = zodSchema.safeParse(raw);
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  return `not an audit event (${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'bad shape'})`;
}

function readerReason(raw: unknown): string | undefined {
  const reason = parseAuditLog(`${JSON.stringify(raw)}\n`).fault?.reason;
  return reason?.startsWith('not an audit event') ? reason : undefined;
}

function cases(): unknown[] {
  const out: unknown[] = [null, [], 5, 'x', true, {}, GOOD, { ...GOOD, extra: 1 }, { ...GOOD, extra: 1, more: 2 }, { zz: 1, ...GOOD, seq: 0 }];
  for (const key of Object.keys(GOOD)) {
    for (const value of VALUES) {
      const one: Record<string, unknown> = { ...GOOD, [key]: value };
      if (value === undefined) delete one[key];
      out.push(one, { ...one, type: 'nope' }, { ...one, v: 2 }, { ...one, extra: true });
    }
  }
  return out;
}

describe('audit event shape without zod', () => {
  it('judges every malformed event as the zod schema did, with the same first message', () => {
    const all = cases();
    let rejected = 0;
    for (const raw of all) {
      const want = zodReason(raw);
      if (want) rejected++;
      expect({ raw, reason: readerReason(raw) }).toEqual({ raw, reason: want });
    }
    expect(rejected).toBeGreaterThan(all.length / 2);
  });

  it('names the field in the reason verify shows', () => {
    const fault = parseAuditLog(`${JSON.stringify({ ...GOOD, seq: 0 })}\n`).fault;
    expect(fault).toMatchObject({ line: 1, reason: 'not an audit event (seq: Too small: expected number to be >0)' });
  });
});
