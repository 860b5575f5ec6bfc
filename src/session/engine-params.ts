// Parameters: values held in memory (secrets never written), recorded as param.set events,
// and how a command's script is shown with them (filled in, secrets masked, `${NAME}` where
// a rehearsal has no value).
import type { Command, Param, Runbook, ScriptArg } from '../runbook/model.js';
import type { AuditEvent } from './audit-event.js';
import type { EventDataByType, ParamSource } from './event-data.js';
import { capturedNames } from './expect-params.js';
import { paramSetData, unmaskedNotice } from './param-set.js';
import { resolveScript } from './resolve-script.js';
import { isSecretParam, secretNamesOf, secretValuesOf } from '../text/secret-shape.js';

export interface ParamsDeps {
  runbook: Runbook;
  values: Map<string, string>;
  record(type: 'param.set', data: EventDataByType['param.set']): AuditEvent;
  addNotice(text: string | undefined): void;
  ask(prompt: { kind: 'params'; params: Param[] }): Promise<Record<string, string>>;
  /** The arguments the command's last run was started with, from the log (so a resumed session has them too). */
  recordedArgs(commandId: string): string[] | undefined;
}

export class SessionParams {
  /** Rehearsal: parameters the operator left empty when asked; shown as `${NAME}` and not asked again. */
  private readonly unresolved = new Set<string>();
  /** A script block's positional arguments once given, by command id (a retry runs with the same). */
  private readonly scriptArgs = new Map<string, string[]>();

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
    const missing = this.d.runbook.params.filter((p) => !p.inComments && !this.has(p.name));
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

  /**
   * A script's positional arguments (`$1`, `${2:-latest}`), asked like parameters in one form:
   * each prefilled with a value already set under its name (`--set REGION=eu`) or its default.
   * Nobody at the keyboard: the prefilled values when every argument has one; otherwise a run
   * asks (headless stops) and a rehearsal goes on without. Trailing empty arguments are left off.
   */
  async argsFor(command: Command, rehearsal: boolean, unattended: boolean): Promise<string[]> {
    const wanted = command.args ?? [];
    if (wanted.length === 0) return [];
    const known = this.scriptArgs.get(command.id) ?? this.d.recordedArgs(command.id);
    if (known) return known;
    const prefill = wanted.map((a) => (a.name !== undefined ? this.d.values.get(a.name) : undefined) ?? a.default);
    let values = prefill.map((v) => v ?? '');
    if (!unattended || (!rehearsal && prefill.some((v) => v === undefined))) {
      const fields = wanted.map((a, i) => argParam(a, command, prefill[i]));
      const answer = await this.d.ask({ kind: 'params', params: fields });
      values = fields.map((f, i) => answer[f.name] || (prefill[i] ?? ''));
    }
    while (values.length > 0 && values[values.length - 1] === '') values.pop();
    this.scriptArgs.set(command.id, values);
    return values;
  }

  /** A command's script as shown and recorded: values filled in, secrets masked, a parameter without a value as `${NAME}`. */
  display(command: Command): string {
    const missing = command.params.filter((n) => !this.has(n));
    return markUnresolved(resolveScript(command, this.d.runbook.params, this.d.values), this.named(missing));
  }

  /** The command's parameters with a value, for its environment, and what earlier blocks captured (capture=NAME), and values given to variables it reads (pre-flight). */
  envFor(command: Command): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of [...command.params, ...capturedNames(this.d.runbook), ...(command.reads ?? []).map((r) => r.name)]) {
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

/** A positional argument as a field of the parameters form: `REGION ($1)`, its default prefilled. */
function argParam(arg: ScriptArg, command: Command, value: string | undefined): Param {
  return {
    name: arg.name ? `${arg.name} ($${arg.index})` : `$${arg.index}`,
    secret: false,
    forms: [`$${arg.index}`],
    line: command.line,
    description: `argument ${arg.index} of the script${arg.default !== undefined ? ` (default ${arg.default || 'empty'})` : ''}`,
    ...(value !== undefined ? { default: value } : {}),
  };
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
