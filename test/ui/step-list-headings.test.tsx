// The step list shows the runbook's own structure (issue 12): phases and procedures as
// headings ("Release › Step 2: Check the schema"), the runbook's step titles under them,
// and a contingency section under its own greyed heading.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { render } from 'ink-testing-library';
import { parseRunbook } from '../../src/runbook/parse.js';
import { StepList } from '../../src/ui/components/step-list.js';
import { buildRows } from '../../src/ui/step-rows.js';

const RUNBOOK = [
  '# Schema release',
  '',
  '## Release',
  '',
  '### Step 1: Announce',
  '',
  '```bash',
  'echo starting',
  '```',
  '',
  '### Step 2: Check the schema',
  '',
  '```bash',
  'schemactl current',
  '```',
  '',
  '**If the version table is missing:**',
  '',
  '```bash',
  'schemactl init',
  '```',
  '',
  '### Step 3: Migrate',
  '',
  '```bash',
  'schemactl upgrade',
  '```',
  '',
  '## Rollback Procedure',
  '',
  '### Step 1: Downgrade',
  '',
  '```bash',
  'schemactl downgrade -1',
  '```',
  '',
].join('\n');

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('step list headings', () => {
  const runbook = parseRunbook(RUNBOOK, 'release.md');

  it('groups steps under their phase › procedure trail, in runbook order', () => {
    const rows = buildRows(runbook).map((r) => (r.kind === 'section' ? `# ${r.title}${r.contingency ? ' (if needed)' : ''}` : `${r.index + 1}. ${r.title}`));
    expect(rows).toEqual([
      '# Release',
      '1. Step 1: Announce',
      '2. Step 2: Check the schema',
      '# Release › Step 2: Check the schema',
      '3. If the version table is missing',
      '# Release',
      '4. Step 3: Migrate',
      '# Rollback Procedure (if needed)',
      '5. Step 1: Downgrade',
    ]);
  });

  it('draws the headings, the contingency heading marked "if needed"', () => {
    const rows = buildRows(runbook);
    const view = render(<StepList rows={rows} steps={{}} selectedId={runbook.steps[0]?.id} width={60} height={12} />);
    unmount = view.unmount;
    const frame = view.lastFrame() ?? '';
    expect(frame).toContain('Release › Step 2: Check the schema');
    expect(frame).toContain('3. If the version table is missing');
    expect(frame).toContain('Rollback Procedure · if needed');
    expect(frame).toContain('5. Step 1: Downgrade');
  });
});

describe('a contingency inside a phase', () => {
  const NESTED = [
    '# Cache release',
    '',
    '## Deployment',
    '',
    '### Step 1: Push the cache config',
    '',
    '```bash',
    'cachectl push',
    '```',
    '',
    '### Troubleshooting',
    '',
    '```bash',
    'cachectl logs',
    '```',
    '',
    '## Smoke Tests',
    '',
    '### Step 1: Ping the cache',
    '',
    '```bash',
    'cachectl ping',
    '```',
    '',
    '## Rollback',
    '',
    '```bash',
    'cachectl restore',
    '```',
    '',
  ].join('\n');

  it('is set apart under its own "if needed" heading, not among the phase\'s steps; one standing alone too', () => {
    const rows = buildRows(parseRunbook(NESTED, 'cache.md')).map((r) => (r.kind === 'section' ? `# ${r.title}${r.contingency ? ' (if needed)' : ''}` : `${r.index + 1}. ${r.title}`));
    expect(rows).toEqual([
      '# Deployment',
      '1. Step 1: Push the cache config',
      '# Deployment (if needed)',
      '2. Troubleshooting',
      '# Smoke Tests',
      '3. Step 1: Ping the cache',
      '# Rollback (if needed)',
      '4. Rollback',
    ]);
  });
});
