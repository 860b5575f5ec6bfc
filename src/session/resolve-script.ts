// A command's script with parameter values filled in, for display and the "would run"
// record. Secrets are masked. Commands themselves get values through the environment.
import type { Command, Param } from '../runbook/model.js';
import { isSecretParam } from '../text/secret-shape.js';

export const MASK = '••••••';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function resolveScript(command: Command, params: readonly Param[], values: ReadonlyMap<string, string>): string {
  let text = command.code;
  const byName = new Map(params.map((p) => [p.name, p]));
  for (const name of command.params) {
    const value = values.get(name);
    if (value === undefined) continue;
    const param = byName.get(name);
    const shown = isSecretParam(params, name, value) ? MASK : value;
    const forms = param?.forms.length ? param.forms : [`\${${name}}`, `$${name}`];
    // longest first, and `$X` only where it is not the start of a longer name
    for (const form of [...forms].sort((x, y) => y.length - x.length)) {
      const tail = /^\$[A-Za-z_]\w*$/.test(form) ? '(?![A-Za-z0-9_])' : '';
      text = text.replace(new RegExp(escapeRegExp(form) + tail, 'g'), () => shown);
    }
  }
  return text;
}
