// Runbook parameters: what commands use and neither assign themselves nor get from
// another step. A variable an earlier block leaves in the session's shell (or `capture=`)
// is not asked for; neither is one a configuration block exports further on (the
// "Environment Variables" appendix). Either way the reading block records which step sets
// it (Command.reads: every block before it that sets it), for the engine's pre-flight.
// Declarations in annotations win.
import type { CommandRecord } from './build-state.js';
import type { Command, Diagnostic, Param, Step, VariableSource } from './model.js';
import { addParam, isSecretName, producedBy } from './params.js';
import type { ParamDeclaration } from './annotations.js';

const CONFIG_LINE = /^\s*(?:export\s+)?[A-Za-z_]\w*=(?:"[^"$`]*"|'[^']*'|[^\s$`;|&]*)\s*(?:#.*)?$/;

/** A block that only sets values (`export X="..."`, comments): a configuration block. */
function isConfiguration(code: string): boolean {
  let sets = 0;
  for (const line of code.split('\n')) {
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (!CONFIG_LINE.test(line)) return false;
    sets++;
  }
  return sets > 0;
}

export function collectParams(
  built: { commands: CommandRecord[]; paramDecls: ParamDeclaration[] },
  steps: Step[],
  diagnostics: Diagnostic[],
): Param[] {
  const stepOf = new Map<string, Step>();
  for (const step of steps) for (const c of step.commands) stepOf.set(c.id, step);
  // Values configuration blocks export anywhere in the runbook, first one wins.
  const configured = new Map<string, Command>();
  for (const { command, scan } of built.commands) {
    if (!isConfiguration(command.code)) continue;
    for (const name of scan.exported) if (!configured.has(name)) configured.set(name, command);
  }
  const params = new Map<string, Param>();
  // every block that sets a name before the one reading it: any of them may be the one walked
  // (the options of a choice each set REVISION_SUFFIX; only the chosen one runs)
  const provided = new Map<string, Command[]>();
  for (const { command, scan } of built.commands) {
    const names: string[] = [];
    const reads: VariableSource[] = [];
    const readFrom = (name: string, sources: readonly Command[]) => {
      const own = stepOf.get(command.id);
      // the nearest setter first: the pre-flight names it, "go to the step" goes there
      const steps = [...new Set(sources.map((s) => stepOf.get(s.id)))].filter((s): s is Step => s !== undefined && s !== own).reverse();
      const [nearest, ...others] = steps;
      if (!nearest || reads.some((r) => r.name === name)) return;
      const source = [...sources].reverse().find((s) => stepOf.get(s.id) === nearest) as Command;
      reads.push({ name, stepId: nearest.id, commandId: source.id, ...(others.length > 0 ? { alsoSetBy: others.map((s) => s.id) } : {}) });
    };
    for (const use of scan.uses) {
      // `${X:-none}` says what to do without a value: not one for the pre-flight to ask about
      const defaulted = use.default !== undefined;
      const earlier = provided.get(use.name);
      const later = earlier ? undefined : configured.get(use.name);
      const sources = earlier ?? (later && later !== command ? [later] : undefined);
      if (sources) {
        if (!defaulted && !use.commented) readFrom(use.name, sources);
      } else if (!later) {
        // the block needs only what bash reads: not a name of a commented-out command
        if (!use.commented && !names.includes(use.name)) names.push(use.name);
        addParam(params, use);
      }
    }
    command.params = names;
    if (reads.length > 0) command.reads = reads;
    for (const e of producedBy(command, scan)) provided.set(e, [...(provided.get(e) ?? []), command]);
  }
  for (const d of built.paramDecls) {
    let p = params.get(d.name);
    if (!p) {
      p = { name: d.name, secret: isSecretName(d.name), forms: [`\${${d.name}}`], line: d.line };
      params.set(d.name, p);
    }
    if (d.secret !== undefined) p.secret = d.secret;
    if (d.default !== undefined) p.default = d.default;
    if (d.description !== undefined) p.description = d.description;
  }
  if (params.size > 500) {
    diagnostics.push({ line: 1, severity: 'warning', message: `${params.size} parameters found; only the first 500 are kept` });
    return [...params.values()].slice(0, 500);
  }
  return [...params.values()];
}
