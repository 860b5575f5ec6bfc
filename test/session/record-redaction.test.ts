// Every event the engine records passes through the redactor (engine.ts record()): a note
// typed by the operator that repeats a typed value shaped like a secret, or holds a token a
// scanner rule knows, reaches the audit log masked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leakedPiece } from '../text/secret-corpus.js';
import { sessionFor } from '../kit/session.js';

const RUNBOOK = `# Rotate a key

## 1. Rotate

Run the rotation.

\`\`\`bash
echo rotated
\`\`\`
`;

// a generated-looking token under a name that does not say "secret": secret by its shape
const TOKEN = 'q8Zr2VxK7mLp0WnB4tYc9HsJ3dFg6AeU1oRiX5Nk';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.Xb3kP9qLm2Vn8RtY6wZc1Hd4Jf7Gs0Ae5Ku';

describe('the audit log holds no secret from any field', () => {
  it('masks a typed secret-shaped value and a JWT written into a note', async () => {
    const s = await sessionFor(RUNBOOK, { sets: { RELEASE_KEY: TOKEN } });
    await s.engine.ready;
    await s.engine.note(`rotated; the old key was ${TOKEN}, the session token ${JWT}`);
    await s.engine.suspend();
    const log = readFileSync(s.paths.audit, 'utf8');
    expect(leakedPiece(log, TOKEN)).toBeUndefined();
    expect(leakedPiece(log, JWT)).toBeUndefined();
    const note = s.events().find((e) => e.type === 'note' && String(e.data.text).startsWith('rotated'));
    expect(String(note?.data.text).match(/\[REDACTED/g)).toHaveLength(2);
    expect(s.events().find((e) => e.type === 'param.set')?.data).toMatchObject({ name: 'RELEASE_KEY', secret: true });
  });
});
