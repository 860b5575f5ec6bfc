// The report draws each decision tree the session answered with the path taken (issue 13):
// the questions answered and the answers given marked, from the runbook copy and the log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPackDocs } from '../../src/evidence/render-pack.js';
import { autopilot } from '../kit/autopilot.js';
import { sessionFor } from '../kit/session.js';

const TEXT = readFileSync(join(import.meta.dirname, '..', 'session', 'fixtures', 'tree', 'cache-verdict.md'), 'utf8');
const META = { exportedAt: '2026-12-04T20:00:00.000Z', exportedBy: 'alice', version: 'test' };

describe('report decision trees', () => {
  it('draws the tree answered with the path taken marked', async () => {
    const kit = await sessionFor(TEXT, { mode: 'rehearsal' });
    const answers: Record<string, string> = { 'Hit ratio < 50%?': 'No', 'Schema Changed?': 'Yes', 'Latency > 2s?': 'No' };
    const pilot = autopilot(kit.engine, { decision: (p) => ({ answer: answers[p.node.question] ?? 'No' }) });
    await kit.engine.advance(kit.runbook.steps[0]!.id);
    pilot.stop();
    await kit.engine.suspend();
    const { html } = renderPackDocs(kit.events(), Buffer.from(TEXT), new Map(), META);
    const tree = /<div class="decision-tree">[\s\S]*?<\/pre><\/div>/.exec(html)?.[0] ?? '';
    const text = tree.replace(/<[^>]+>/g, '').replace(/&gt;/g, '>').replace(/&lt;/g, '<');
    expect(text).toContain('Step 1: Judge the release: the path taken');
    expect(text).toContain('├─ ✓ Hit ratio < 50%?');
    expect(text).toContain('│  └─ ✓ No → next question');
    expect(text).toContain('│  ├─ ✓ Yes → Revert Schema First (Step 2: Revert the schema) ▼ then the next question');
    expect(text).toContain('└─ ✓ Latency > 2s?');
    expect(text).toContain('   ├─ Yes → REVERT (Revert Steps)');
    expect(tree).toContain('<strong style="color:var(--ok)">✓ Schema Changed?</strong>');
  });
});
