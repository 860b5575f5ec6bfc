// Whether a value is a secret by its shape, whatever its name: a URL with user:password@,
// a JWT, a connection string with a password or key in it, a key block, a vendor token
// (the redaction rules find all of these), or a long random-looking token. And from that,
// which parameters of a session are secret: by name, by the runbook's own say, or by value.
import { patternRedactor } from './redact.js';
import { isSecretName } from './secret-names.js';

const GUID = /^[{(]?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[})]?$/i;

type CharClass = 'upper' | 'lower' | 'digit' | 'other';
const classOf = (c: string): CharClass => (c >= 'A' && c <= 'Z' ? 'upper' : c >= 'a' && c <= 'z' ? 'lower' : c >= '0' && c <= '9' ? 'digit' : 'other');

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

/**
 * A long token that looks random: upper and lower case letters and digits, mixed the way
 * generated keys are (they change case or kind every other character; names such as
 * `rg-Prod-WestEurope-01` or `ReleaseCandidate2024` rarely do). Hashes in hex, GUIDs,
 * paths and URLs are not tokens.
 */
export function isRandomToken(value: string): boolean {
  if (value.length < 20 || value.length > 8192 || /[\s"'`]/.test(value)) return false;
  if (GUID.test(value) || /^[0-9a-f]+$/i.test(value) || /^[~./]/.test(value) || value.includes('://')) return false;
  const seen = new Set<CharClass>();
  let pairs = 0;
  let changes = 0;
  let prev: CharClass = 'other';
  for (const c of value) {
    const k = classOf(c);
    seen.add(k);
    if (k !== 'other' && prev !== 'other') {
      pairs++;
      if (k !== prev) changes++;
    }
    prev = k;
  }
  if (!seen.has('upper') || !seen.has('lower') || !seen.has('digit')) return false;
  return pairs > 0 && changes / pairs >= 0.35 && entropy(value) >= 3.5;
}

/** A value that is a secret by its shape (see the file comment). */
export function looksSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  return patternRedactor().findsIn(v) || isRandomToken(v);
}

/**
 * While a value is being typed: whether it is, or is on its way to becoming, secret-shaped
 * (`postgres://admin:Hun` before the `@`, the start of a JWT, a key block or a vendor token),
 * so the field masks it from the first character that gives it away.
 */
export function mayBeSecretValue(partial: string): boolean {
  if (looksSecretValue(partial)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s/@]*:[^\s/@]*$/i.test(partial)) return true;
  return /^(?:eyJ|-----BEGIN|gh[pousr]_|github_pat_|glpat-|xox[a-z]-|AKIA|ASIA|sk_live_|npm_|AIza)/.test(partial);
}

export interface ParamLike {
  name: string;
  secret: boolean;
}

/** Whether a parameter (or a captured or --set name the runbook does not list) with this value is secret. */
export function isSecretParam(params: readonly ParamLike[], name: string, value: string | undefined): boolean {
  const param = params.find((p) => p.name === name);
  if (param ? param.secret : isSecretName(name)) return true;
  return value !== undefined && looksSecretValue(value);
}

/** The names of a session's values that are secret. */
export function secretNamesOf(params: readonly ParamLike[], values: ReadonlyMap<string, string>): string[] {
  const byValue = [...values].filter(([name, value]) => isSecretParam(params, name, value)).map(([name]) => name);
  return [...new Set([...params.filter((p) => p.secret).map((p) => p.name), ...byValue])];
}

/** The secret values of a session, for redaction. */
export function secretValuesOf(params: readonly ParamLike[], values: ReadonlyMap<string, string>): string[] {
  return [...values].filter(([name, value]) => isSecretParam(params, name, value)).map(([, value]) => value);
}
