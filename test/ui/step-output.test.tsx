// A finished step keeps its output on screen (issue 14): the end of it under the step, PgUp /
// PgDn through it, `o` hands the spool files to the pager, `/` shows the matching lines, and
// all of it again when the step is revisited and after a resume. Real engine, bash, spools.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CI = 'false';
});

import { sessionFor, type KitSession } from '../kit/session.js';
import { KEY, press, type, untilGone, untilShown } from './keys.js';
import { renderApp, type Rendered } from './render-app.js';

let r: Rendered | undefined;
afterEach(() => r?.unmount());

const RUNBOOK = `# Reindex

## Steps

### Step 1: Rebuild

\`\`\`bash
for i in $(seq 1 80); do echo "shard $i rebuilt"; done
echo "warning: shard 17 slow"
printf 'done: %s shards\n' 80
\`\`\`

### Step 2: Announce

- [ ] Posted in the channel
`;

async function ranStep1(): Promise<KitSession> {
  const kit = await sessionFor(RUNBOOK, { shell: true });
  await kit.engine.advance('step-1');
  expect(kit.engine.snapshot().state.steps['step-1']?.status).toBe('passed');
  return kit;
}

describe('the output stays with its step', () => {
  it('shows the end of the output when the step is revisited; PgUp goes back through it, PgDn to its end', async () => {
    const kit = await ranStep1();
    r = await renderApp(kit.engine, { columns: 100, rows: 30 });
    await untilShown(r, 'Posted in the channel'); // the walk moved on to step 2
    await press(r.stdin, KEY.up);
    await untilShown(r, 'done: 80 shards');
    expect(r.frame()).toContain('exit 0');
    expect(r.frame()).not.toContain('shard 60 rebuilt');
    expect(r.frame()).toContain('PgUp/PgDn output');
    await press(r.stdin, KEY.pageUp, KEY.pageUp);
    await untilShown(r, 'rows above');
    await untilGone(r, 'done: 80 shards');
    await press(r.stdin, KEY.pageDown, KEY.pageDown);
    await untilShown(r, 'done: 80 shards');
  });

  it('o opens every spool of the step in the pager', async () => {
    const kit = await ranStep1();
    const opened: string[][] = [];
    r = await renderApp(kit.engine, { columns: 100, rows: 30 }, undefined, { pager: (files) => void opened.push(files) });
    await press(r.stdin, KEY.up);
    await untilShown(r, 'o full output');
    await press(r.stdin, 'o');
    await untilShown(r, 'back from the pager');
    expect(opened).toEqual([[kit.engine.outputPath('step-1-cmd-1-1.log')]]);
  });

  it('/ shows the lines that match with their line numbers; Esc shows the output again', async () => {
    const kit = await ranStep1();
    r = await renderApp(kit.engine, { columns: 100, rows: 30 });
    await press(r.stdin, KEY.up);
    await untilShown(r, '/ search');
    await press(r.stdin, '/');
    await untilShown(r, 'Find');
    await type(r.stdin, 'SLOW');
    await press(r.stdin, KEY.enter);
    await untilShown(r, '1 line match "SLOW"');
    expect(r.frame()).toContain('81: warning: shard 17 slow');
    expect(r.frame()).not.toContain('done: 80 shards');
    await press(r.stdin, KEY.escape);
    await untilShown(r, 'done: 80 shards');
  });

  it('shows it after a resume, read from the spool the log names', async () => {
    const kit = await ranStep1();
    await kit.engine.suspend();
    const again = await kit.resume();
    r = await renderApp(again.engine, { columns: 100, rows: 30 });
    await press(r.stdin, KEY.up);
    await untilShown(r, 'done: 80 shards');
    expect(r.frame()).toContain('warning: shard 17 slow');
  });
});
