// The header's "n/m steps done" counts what is done: a step that failed is counted apart
// ("· 1 failed") while the walk goes on elsewhere (the fix block its failure raised).
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { answer } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';
import { untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const RUNBOOK = `# Template release

## Step 1: Validate the template

\`\`\`bash
test -e "$HOME/valid"
\`\`\`

**If validation fails:**

\`\`\`bash
touch "$HOME/valid"
\`\`\`

## Step 2: Deploy the template

\`\`\`bash
echo deployed
\`\`\`
`;

describe('the header counts', () => {
  it('a failed step apart from the steps done, at both sizes', async () => {
    const kit = await sessionFor(RUNBOOK, { shell: true });
    const walked = kit.engine.advance('step-1');
    await answer(kit.engine, 'decision', { answer: 'Yes' });
    await walked;
    expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('failed');
    r = await renderApp(kit.engine, { columns: 100, rows: 30 });
    await untilShown(r, 'steps done');
    expect(r.frame()).toContain('0/3 steps done · 1 failed');
    r.unmount();
    r = await renderApp(kit.engine, { columns: 60, rows: 20 });
    await untilShown(r, '⏱');
    expect(r.frame()).toMatch(/0\/3 · 1 failed ⏱/);
  });
});
