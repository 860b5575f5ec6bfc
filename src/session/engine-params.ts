// Parameters: values held in memory (secrets never written), recorded as param.set events,
// and how a command's script is shown with them (filled in, secrets masked, `${NAME}` where
// a rehearsal has no value).
import type { Command, Param, Runbook, Step } from '../runbook/model.js';
import type { AuditEvent } from './audit-event.js';
import type { EventDataByType, ParamSource } from './event-data.js';
import { paramSetData, unmaskedNotice } from './param-set.js';
import { resolveScript } from './resolve-script.js';
import { isSecretParam, secretNamesOf, secretValuesOf } from '../text/secret-shape.js';

export interface ParamsDeps {
  runbook: Runbook;
  values: Map<string, string>;
  record(type: 'param.set', data: EventDataByType['param.set']): AuditEvent;
  addNotice(text: string | undefined): void;
  ask(prompt: { kind: 'params'; params: Param[] }): Promise<Record<string, string>>;
}

export class SessionParams {
  /** Rehearsal: parameters the operator left empty when asked; shown as `${NAME}` and not asked again. */
  private readonly unresolved = new Set<string>();

  constructor(private readonly d: ParamsDeps) {}

  has(name: string): boolean {
    return this.d.values.has(name);
  }

  /** Keeps a value in memory and records that it was set (the value itself only if not secret). */
  set(name: string, value: string, source: ParamSource): void {
    this.d.values.set(name, value);
    const secret = isSecretParam(this.d.runbook.params, name, value);
    const data = paramSetData(name, value, secret, source);
    this.d.record('param.set', data);
    if (data.unmasked) this.d.addNotice(unmaskedNotice([name]));
  }

  /** Asks for these parameters in one form; an empty answer leaves one unset. */
  async ask(params: Param[]): Promise<void> {
    const answer = await this.d.ask({ kind: 'params', params });
    for (const p of params) {
      const v = answer[p.name];
      if (v !== undefined && v !== '') this.set(p.name, v, 'prompt');
    }
  }

  /** At the start: every runbook parameter nobody supplied. */
  async askMissing(): Promise<void> {
    const missing = this.d.runbook.params.filter((p) => !this.has(p.name));
    if (missing.length > 0) await this.ask(missing);
  }

  /**
   * Before a command: asks for its parameters without a value and returns those still
   * missing. A rehearsal asks once per parameter (never when unattended) and goes on without.
   */
  async forCommand(command: Command, rehearsal: boolean, unattended: boolean): Promise<string[]> {
    const missing = (): string[] => command.params.filter((n) => !this.has(n));
    const toAsk = rehearsal ? missing().filter((n) => !this.unresolved.has(n) && !unattended) : missing();
    if (toAsk.length > 0) await this.ask(this.named(toAsk));
    const still = missing();
    if (rehearsal) for (const name of still) this.unresolved.add(name);
    return still;
  }

  /** Parameter names a command of this step needs that have no value yet. */
  missingFor(step: Step): string[] {
    const names = new Set(step.commands.flatMap((c) => c.params));
    return [...names].filter((n) => !this.has(n));
  }

  /** A command's script as shown and recorded: values filled in, secrets masked, a parameter without a value as `${NAME}`. */
  display(command: Command): string {
    const missing = command.params.filter((n) => !this.has(n));
    return markUnresolved(resolveScript(command, this.d.runbook.params, this.d.values), this.named(missing));
  }

  /** The command's parameters with a value, and values the operator gave to variables it reads (pre-flight), for its environment. */
  envFor(command: Command): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of [...command.params, ...(command.reads ?? []).map((r) => r.name)]) {
      const v = this.d.values.get(name);
      if (v !== undefined) env[name] = v;
    }
    return env;
  }

  /** Values to redact wherever output goes: secret by name or by the shape of the value. */
  secretValues(): string[] {
    return secretValuesOf(this.d.runbook.params, this.d.values);
  }

  secretNames(): string[] {
    return secretNamesOf(this.d.runbook.params, this.d.values);
  }

  /** All values (the gate checker resolves its queries with them). */
  get values(): ReadonlyMap<string, string> {
    return this.d.values;
  }

  private named(names: string[]): Param[] {
    return names.map((name) => this.d.runbook.params.find((p) => p.name === name) ?? { name, secret: false, forms: [], line: 0 });
  }
}

/** Rehearsal display: a parameter without a value shows as `${NAME}` whatever form the runbook wrote it in. */
function markUnresolved(script: string, params: readonly Param[]): string {
  let text = script;
  for (const p of params) {
    const plain = new Set([`\${${p.name}}`, `$${p.name}`]);
    for (const form of [...p.forms].sort((x, y) => y.length - x.length)) {
      if (!plain.has(form)) text = text.split(form).join(`\${${p.name}}`);
    }
  }
  return text;
}
