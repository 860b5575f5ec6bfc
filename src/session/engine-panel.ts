// The revisions panel's view of a session: the container app it shows (the one the
// parameters name, else the one the runbook's own blocks name, those of the step on screen
// first) and one reader, shared with the blocks' before/after reads, whose changed answers
// become notes in the log.
import type { Command, Runbook } from '../runbook/model.js';
import type { ContainerAppReader } from '../azure/container-apps.js';
import { principalFields } from '../azure/principal.js';
import { recordingReader } from '../azure/recorded-reads.js';
import { appTargetFromCommands, appTargetFromParams, type ContainerAppView } from '../azure/revisions-feed.js';
import { rewritePlaceholders } from '../steps/placeholders.js';
import type { EngineContext } from './engine-context.js';

export class PanelSource {
  private reader: ContainerAppReader | undefined;

  constructor(
    private readonly e: EngineContext,
    private readonly apps: ContainerAppReader,
    /** The step the operator is looking at. */
    private readonly cursor: () => string | undefined,
    /** Whether a read may still be written (not once the session closes). */
    private readonly open: () => boolean,
  ) {}

  view(): ContainerAppView | undefined {
    const o = this.e.options;
    const simulated = o.simulate === true;
    const env = o.env ?? process.env;
    const fallback = simulated ? 'simulated' : undefined;
    const values = this.e.params.values;
    const target = appTargetFromParams(values, env, fallback) ?? appTargetFromCommands(this.scriptsNearCursor(), values, env, fallback);
    if (!target) return undefined;
    this.reader ??= recordingReader(this.apps, (read) => {
      if (!this.open()) return;
      const text = simulated ? `${read.text} (simulated)` : read.text;
      this.e.record('note', { kind: 'note', text, ...(read.principal ? principalFields(read.principal) : {}) });
    });
    return { target, apps: this.reader, simulated };
  }

  private *scriptsNearCursor(): Generator<string> {
    const runbook: Runbook = this.e.runbook;
    const here = runbook.steps.find((s) => s.id === this.cursor());
    // `{env}`-style placeholders as the runner passes them: references to the parameter's value
    const code = (c: Command): string => rewritePlaceholders(c.code, runbook.params).script;
    if (here) for (const c of here.commands) yield code(c);
    for (const step of runbook.steps) if (step !== here) for (const c of step.commands) yield code(c);
  }
}
